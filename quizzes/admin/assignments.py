"""Assignments in the admin: a teacher creates them and reads their results, and no one else's."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quizzes import charts
from quizzes.classroom.analysis import assignment_results
from quizzes.classroom.formatting import answer_lists, answer_text, write_csv
from quizzes.interchange.sets import question_set_duplicate
from quizzes.languages import language_name
from quizzes.models import Assignment, Attempt, QuestionSet
from quizzes.retention import assignment_data_delete, attempts_count
from quizzes.validation import publish_problems


def answers_public(assignment: Assignment) -> bool:
    """A graded assignment of a shared set: its answers are in the project's public repository."""
    return (
        assignment.question_set.owner_id is None
        and assignment.reveal == Assignment.Reveal.AFTER_CLOSE
    )


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "question_set", "opens_at", "closes_at", "attempts_allowed", "reveal"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    form = AssignmentForm
    list_display = ["title", "question_set", "code", "opens_at", "closes_at", "results_link"]
    search_fields = ["title"]
    readonly_fields = ["code", "class_screen_link", "results_link", "delete_data_link"]
    change_form_template = "admin/quizzes/assignment/change_form.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("question_set")
        return queryset.owned_by(request.user)

    def get_fields(self, request, obj=None):
        fields = ["title", "question_set", "opens_at", "closes_at", "attempts_allowed", "reveal"]
        extra = ["code", "class_screen_link", "results_link", "delete_data_link"]
        return [*fields, *extra] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        # Students' attempts are on this set: another set would start them again from nothing.
        started = obj is not None and obj.attempts.exists()
        return [*self.readonly_fields, "question_set"] if started else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "question_set":
            kwargs["queryset"] = QuestionSet.objects.visible_to(request.user).published()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
        if answers_public(obj):
            url = reverse("admin:quizzes_assignment_change", args=[obj.pk])
            message = format_html(
                _(
                    "The answers of “{set}” are public: it ships with the site, so anyone can "
                    "read them in the project's repository. The site hides them from students "
                    "while this assignment is open. To grade on questions nobody has seen, "
                    '<a href="{url}">open “{assignment}”</a>, make a private copy in one click '
                    "and edit its questions."
                ),
                set=obj.question_set,
                url=url,
                assignment=obj,
            )
            self.message_user(request, message, messages.WARNING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        assignment = self.get_object(request, object_id)
        public = assignment is not None and answers_public(assignment)
        extra_context = {
            **(extra_context or {}),
            "answers_public": public,
            "students_started": public and assignment.attempts.exists(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("join code"), ordering="join_code")
    def code(self, obj):
        return obj.display_code

    @admin.display(description=gettext_lazy("class screen"))
    def class_screen_link(self, obj):
        url = reverse("quizzes:class_screen", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the class screen to project"))

    @admin.display(description=gettext_lazy("results"))
    def results_link(self, obj):
        url = reverse("admin:quizzes_assignment_results", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Results"))

    @admin.display(description=gettext_lazy("students' data"))
    def delete_data_link(self, obj):
        url = reverse("admin:quizzes_assignment_delete_data", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Delete all students' answers…"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/delete-data/",
                view(require_http_methods(["GET", "POST"])(self.delete_data_view)),
                name="quizzes_assignment_delete_data",
            ),
            path("<int:pk>/results/", view(self.results_view), name="quizzes_assignment_results"),
            path(
                "<int:pk>/results/students.csv",
                view(self.students_csv),
                name="quizzes_assignment_students_csv",
            ),
            path(
                "<int:pk>/results/questions.csv",
                view(self.questions_csv),
                name="quizzes_assignment_questions_csv",
            ),
            path(
                "<int:pk>/private-copy/",
                view(self.private_copy_view),
                name="quizzes_assignment_private_copy",
            ),
            *super().get_urls(),
        ]

    def owned(self, request, pk) -> Assignment:
        """The teacher's own assignment, or 404: another teacher's results do not exist here."""
        assignment = self.get_object(request, str(pk))
        if assignment is None or not self.has_view_permission(request, assignment):
            raise Http404(_("No such assignment."))
        return assignment

    @method_decorator(require_POST)
    def private_copy_view(self, request, pk):
        """Switch a graded assignment of a shared set to the teacher's own published copy."""
        assignment = self.owned(request, pk)
        if not self.has_change_permission(request, assignment):
            raise PermissionDenied
        shared = assignment.question_set
        refusal = None
        if shared.owner_id is not None:
            refusal = _("“%(assignment)s” already uses a set of its own: “%(set)s”.") % {
                "assignment": assignment,
                "set": shared,
            }
        elif assignment.attempts.exists():
            refusal = _(
                "Students have already started “%(assignment)s” on “%(set)s”, so it keeps that "
                "set. Make a new assignment with a copy of the set instead."
            ) % {"assignment": assignment, "set": shared}
        else:
            with transaction.atomic():
                copy = question_set_duplicate(question_set=shared, owner=request.user)
                copy.is_published = True
                copy.audience = QuestionSet.Audience.CLASSES
                refusal = " ".join(publish_problems(copy)) or None
                if refusal is None:
                    copy.save(update_fields=["is_published", "audience"])
                    assignment.question_set = copy
                    assignment.save(update_fields=["question_set"])
                else:
                    transaction.set_rollback(True)
        if refusal is not None:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("The assignment was not changed"),
                "assignment": assignment,
                "refusal": refusal,
            }
            return TemplateResponse(
                request, "admin/quizzes/assignment/private_copy_refused.html", context, status=409
            )
        self.message_user(
            request,
            _(
                "“%(assignment)s” now uses “%(copy)s”, your own copy for your classes only. It has "
                "the same questions as “%(set)s”, whose text is public in the project's "
                "repository: the site hides the answers while the assignment is open, but a "
                "student who has read the repository may know them. To grade on questions nobody "
                "has seen, edit the copy's questions."
            )
            % {"assignment": assignment, "copy": copy, "set": shared},
            messages.WARNING,
        )
        return redirect("admin:quizzes_assignment_change", assignment.pk)

    def results_view(self, request, pk):
        assignment = self.owned(request, pk)
        results = assignment_results(assignment)
        finished = charts.finished_count(results)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Results: %(assignment)s") % {"assignment": assignment},
            "assignment": assignment,
            "results": results,
            "students": list(zip(results.students, answer_lists(results.students), strict=True)),
            "finished": finished,
            "too_few_finished": finished < charts.DISCRIMINATION_MIN_FINISHED,
            "min_finished": charts.DISCRIMINATION_MIN_FINISHED,
            "question_bars": charts.teacher_questions(results),
            "wrong_choice_groups": charts.teacher_wrong_choices(results),
            "section_bars": charts.teacher_sections(results),
            "by_language": [
                (language_name(code), count) for code, count in results.languages.items()
            ],
        }
        return TemplateResponse(request, "admin/quizzes/assignment/results.html", context)

    def csv_response(self, assignment, kind, header, rows):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"{slugify(assignment.title) or 'assignment'}-{kind}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        write_csv(response, [header, *rows])
        return response

    def students_csv(self, request, pk):
        assignment = self.owned(request, pk)
        results = assignment_results(assignment)
        # The CSV files' column headers stay in English whatever the admin's language: they are
        # read by spreadsheets and scripts, which find columns by name.
        header = ["name", "score", "out of", "started", "finished", "seconds taken"]
        header += [
            f"answers in {get_language_info(code)['name']}" for code, _ in settings.LANGUAGES
        ]
        header += [f"Q{row.number}" for row in results.questions]
        rows = [
            [
                s.attempt.display_name,
                s.attempt.score,
                s.attempt.total,
                s.attempt.started_at.isoformat(),
                s.attempt.finished_at.isoformat() if s.attempt.finished_at else "",
                "" if s.seconds is None else s.seconds,
                *s.languages.values(),
                *[answer_text(question, answer) for question, answer in s.answers],
            ]
            for s in results.students
        ]
        return self.csv_response(assignment, "students", header, rows)

    def questions_csv(self, request, pk):
        assignment = self.owned(request, pk)
        results = assignment_results(assignment)
        header = ["question", "prompt", "kind", "section", "answered", "facility",
                  "discrimination (upper-lower 27%)", "most chosen wrong answer",
                  "its share", "flag"]  # fmt: skip
        rows = [
            [
                row.number,
                row.question.prompt,
                row.question.get_kind_display(),
                row.question.section.title,
                row.answered,
                "" if row.facility is None else round(row.facility, 3),
                "" if row.discrimination is None else round(row.discrimination, 3),
                row.common_wrong,
                "" if row.common_wrong_share is None else round(row.common_wrong_share, 3),
                _("check this question") if row.flagged else "",
            ]
            for row in results.questions
        ]
        return self.csv_response(assignment, "questions", header, rows)

    def delete_data_view(self, request, pk):
        """Ask, then delete every attempt and answer of the class; the assignment itself stays."""
        assignment = self.owned(request, pk)
        if not self.has_delete_permission(request, assignment):
            raise PermissionDenied
        if request.method == "POST":
            removed = assignment_data_delete(assignment=assignment)
            self.message_user(
                request,
                ngettext(
                    "Deleted %(attempts)d attempt and %(answers)d answers of “%(assignment)s”.",
                    "Deleted %(attempts)d attempts and %(answers)d answers of “%(assignment)s”.",
                    removed.attempts,
                )
                % {
                    "attempts": removed.attempts,
                    "answers": removed.answers,
                    "assignment": assignment,
                },
                messages.SUCCESS,
            )
            return redirect("admin:quizzes_assignment_results", assignment.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Delete the students' answers of “%(assignment)s”?")
            % {"assignment": assignment},
            "assignment": assignment,
            "to_delete": attempts_count(Attempt.objects.filter(assignment=assignment)),
        }
        return TemplateResponse(request, "admin/quizzes/assignment/delete_data.html", context)

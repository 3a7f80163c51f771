"""Questions in the admin, each with its choices, checked together before anything is saved."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from quizzes.admin.question_sets import can_edit
from quizzes.models import STARTED_SET, Attempt, Choice, Question, QuestionSet
from quizzes.validation import choice_problems


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices together, against the question's kind, before anything is saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = choice_problems(
            self.instance.kind,
            [
                {
                    "correct": c.get("is_correct"),
                    "position": c.get("correct_position"),
                    # The admin edits each text in both languages; the rules read the English.
                    "text": c.get("text_en") or "",
                    "credit": c.get("credit"),
                    "number": c.get("number"),
                    "match": c.get("match_en") or "",
                }
                for c in kept
            ],
        )
        if problems:
            raise ValidationError(problems)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = ["position", "text", "match", "is_correct", "credit", "number", "tolerance",
              "correct_position", "event", "feedback"]  # fmt: skip
    autocomplete_fields = ["event"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 4


# The same name as Django's action, so it takes its place in the list of actions.
@admin.action(permissions=["delete"], description=django_delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, refused when students have started a set of the chosen questions."""
    if Attempt.objects.filter(question_set__questions__in=queryset).exists():
        modeladmin.message_user(request, STARTED_SET, messages.ERROR)
        return None
    return django_delete_selected(modeladmin, request, queryset)


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["__str__", "question_set", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["prompt", "explanation"]
    autocomplete_fields = ["source", "section", "term", "event"]
    fields = ["question_set", "position", "kind", "prompt", "explanation", "source", "section",
              "term", "event"]  # fmt: skip
    inlines = [ChoiceInline]
    actions = [delete_selected]

    def get_queryset(self, request):
        visible = QuestionSet.objects.visible_to(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(question_set__in=visible)
            .select_related("question_set")
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.question_set))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.question_set))

    def delete_view(self, request, object_id, extra_context=None):
        # Students' attempts list the question: removing it would change their scores and counts.
        question = self.get_object(request, object_id)
        if question is not None and question.question_set.has_attempts():
            self.message_user(request, STARTED_SET, messages.ERROR)
            return redirect("admin:quizzes_question_change", question.pk)
        return super().delete_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "question_set":
            kwargs["queryset"] = QuestionSet.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_post_save_change(self, request, obj):
        return redirect("admin:quizzes_questionset_change", obj.question_set_id)

    def response_post_save_add(self, request, obj):
        return redirect("admin:quizzes_questionset_change", obj.question_set_id)

"""Question sets in the admin: teachers edit their own sets, read the shared ones, copy either,
and import or export them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from explainer.models import Section, Source
from quizzes.interchange.sets import question_set_duplicate, question_set_save
from quizzes.interchange.upload import export_gift, export_json, read_gift, read_json
from quizzes.models import Question, QuestionSet
from quizzes.quality import question_set_warnings
from quizzes.validation import publish_problems


def can_edit(user, question_set) -> bool:
    return user.is_superuser or (
        question_set.owner_id is not None and question_set.owner_id == user.pk
    )


def for_classes(question_set: QuestionSet) -> QuestionSet:
    """A teacher's new set starts for their classes only: it may become a graded quiz."""
    question_set.audience = QuestionSet.Audience.CLASSES
    question_set.save(update_fields=["audience"])
    return question_set


def download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class QuestionSetForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = ["title", "slug", "topic", "description", "is_published", "audience",
                  "shuffle_questions", "shuffle_choices", "partial_credit", "owner"]  # fmt: skip
        widgets = {"audience": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left unanswered, a new set is for classes only and an existing one keeps its audience.
        if "audience" in self.fields:  # not on a read-only page
            self.fields["audience"].required = False
        if self.instance.pk is None:
            self.initial.setdefault("audience", QuestionSet.Audience.CLASSES)

    def clean_audience(self):
        if self.cleaned_data["audience"]:
            return self.cleaned_data["audience"]
        return self.instance.audience if self.instance.pk else QuestionSet.Audience.CLASSES

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_published"):
            if self.instance.pk is None:
                problems = [
                    _("Save the set as a draft and add its questions before publishing it.")
                ]
            else:
                problems = publish_problems(self.instance)
            if problems:
                self.add_error("is_published", ValidationError(problems))
        return cleaned


class QuestionInline(admin.TabularInline):
    """The set's questions at a glance; each opens on its own page with its choices."""

    model = Question
    extra = 0
    fields = ["position", "kind", "prompt", "section"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuestionSet)
class QuestionSetAdmin(TranslationAdmin):
    form = QuestionSetForm
    list_display = ["title", "topic", "question_count", "is_published", "audience", "owner_name"]
    list_filter = ["is_published", "audience"]
    search_fields = ["title", "topic", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]
    actions = ["duplicate", "export_as_json", "export_as_gift"]
    change_form_template = "admin/quizzes/questionset/change_form.html"
    change_list_template = "admin/quizzes/questionset/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_question_count()
            .select_related("owner")
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["owner"]

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["quality_warnings"] = question_set_warnings(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("questions"), ordering="question_count")
    def question_count(self, obj):
        return obj.question_count

    @admin.display(description=gettext_lazy("owner"), ordering="owner__username")
    def owner_name(self, obj):
        return obj.owner.get_username() if obj.owner else _("shared")

    @admin.action(description=gettext_lazy("Duplicate as my draft"), permissions=["add"])
    def duplicate(self, request, queryset):
        for question_set in queryset:
            copy = for_classes(
                question_set_duplicate(question_set=question_set, owner=request.user)
            )
            self.message_user(
                request,
                _("“%(set)s” copied as the draft “%(copy)s”, for your classes only.")
                % {"set": question_set, "copy": copy},
            )

    @admin.action(
        description=gettext_lazy("Export as JSON (for another installation)"), permissions=["view"]
    )
    def export_as_json(self, request, queryset):
        sets = list(queryset.order_by("title"))
        if not sets:
            return None
        name = slugify(sets[0].title) if len(sets) == 1 else "question-sets"
        return download(export_json(sets), f"{name}.json", "application/json")

    @admin.action(
        description=gettext_lazy("Export as Moodle GIFT (the English text only)"),
        permissions=["view"],
    )
    def export_as_gift(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one set to export as GIFT."), messages.WARNING)
            return None
        question_set = queryset.get()
        text, left_out = export_gift(question_set)
        if left_out:
            text = (
                f"// {left_out} ordering question(s) left out: GIFT has no ordering type.\n" + text
            )
        return download(text, f"{slugify(question_set.title)}.gift.txt", "text/plain")

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="quizzes_questionset_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        upload = None
        if request.method == "POST" and form.is_valid():
            upload = form.read()
            if not upload.problems and form.cleaned_data["confirm"]:
                with transaction.atomic():
                    created = [
                        for_classes(question_set_save(built, owner=request.user))
                        for built in upload.sets
                    ]
                names = ", ".join(f"“{s}”" for s in created)
                self.message_user(
                    request,
                    ngettext(
                        "Imported %(names)s as an unpublished draft, for your classes only.",
                        "Imported %(names)s as unpublished drafts, for your classes only.",
                        len(created),
                    )
                    % {"names": names},
                )
                return redirect("admin:quizzes_questionset_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import question sets"),
            "form": form,
            "upload": upload,
        }
        # A file with problems comes back listing them, status 200 like any admin form with errors.
        return TemplateResponse(request, "admin/quizzes/questionset/import.html", context)


MAX_UPLOAD = 2 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A .json file exported from this site, with each text in English and Ukrainian, or a "
            "Moodle GIFT file (.gift or .txt), which holds one language: its text is taken as "
            "the English."
        ),
    )
    content = forms.CharField(required=False, widget=forms.HiddenInput)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("", gettext_lazy("From the file name")),
            ("json", "JSON"),
            ("gift", "Moodle GIFT"),
        ],
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("GIFT only: the name of the new set."),
    )
    section = forms.ModelChoiceField(
        Section.objects.all(),
        required=False,
        to_field_name="slug",
        label=gettext_lazy("Section"),
        help_text=gettext_lazy(
            "GIFT only: the explainer section for questions that do not name one."
        ),
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        to_field_name="key",
        label=gettext_lazy("Source"),
        help_text=gettext_lazy("GIFT only: the source for questions that do not name one."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        # The confirmation sends the content back as a field, which the file's limit must cover too.
        if (upload.size if upload else len(cleaned.get("content", "").encode())) > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 2 MB."))
        if upload:
            try:
                cleaned["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(_("The file is not UTF-8 text.")) from None
            if not cleaned.get("format"):
                cleaned["format"] = "json" if upload.name.lower().endswith(".json") else "gift"
            cleaned["confirm"] = False
        if not cleaned.get("content"):
            raise ValidationError(_("Choose a file to import."))
        if cleaned.get("format") == "gift" and not cleaned.get("title"):
            self.add_error("title", _("Give the new set a name."))
        return cleaned

    def read(self):
        data = self.cleaned_data
        if data["format"] == "json":
            return read_json(data["content"])
        return read_gift(
            data["content"],
            title=data["title"],
            source=data["source"].key if data["source"] else "",
            section=data["section"].slug if data["section"] else "",
        )

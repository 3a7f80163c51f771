from django.contrib import admin

from quizzes.models import Attempt, Choice, Question, QuestionSet, Response


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "prompt", "explanation", "source", "section", "term", "event"]
    autocomplete_fields = ["source", "section", "term", "event"]
    show_change_link = True


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "is_published", "owner"]
    list_filter = ["is_published"]
    search_fields = ["title", "topic", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["position", "text", "is_correct", "correct_position", "event", "feedback"]
    autocomplete_fields = ["event"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "question_set", "kind", "position"]
    list_filter = ["question_set", "kind"]
    search_fields = ["prompt", "explanation"]
    autocomplete_fields = ["source", "section", "term", "event"]
    inlines = [ChoiceInline]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ["question", "selected", "score", "answered_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["pk", "question_set", "answered_count", "score", "started_at", "finished_at"]
    list_filter = ["question_set"]
    readonly_fields = [
        "question_set",
        "student_key",
        "question_ids",
        "seed",
        "answered_count",
        "score",
        "started_at",
        "finished_at",
    ]
    inlines = [ResponseInline]

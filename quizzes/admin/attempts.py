"""Students' attempts in the admin, read-only, for the owners of their sets."""

from django.contrib import admin

from quizzes.models import Answer, Attempt, QuestionSet


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "selected", "text", "score", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["pk", "question_set", "answered_count", "score", "started_at", "finished_at"]
    list_filter = ["question_set"]
    readonly_fields = ["question_set", "student_key", "question_ids", "seed", "answered_count",
                       "score", "started_at", "finished_at"]  # fmt: skip
    inlines = [AnswerInline]

    def get_queryset(self, request):
        sets = QuestionSet.objects.editable_by(request.user)
        return super().get_queryset(request).filter(question_set__in=sets)

    def has_add_permission(self, request):
        return False

"""A student's device in a teacher-paced class: the open question, then "Waiting for the next
question" until the teacher moves on.

``live_page`` sends the student where the class is (a late joiner or a reload lands on the open
question); ``live_status`` is what the waiting page polls: one query, and 304 while the class has
not moved. Without JavaScript the page has a "Check again" link instead.
"""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from quizzes.http import HtmxHttpRequest, unchanged
from quizzes.models import Assignment
from quizzes.question_cache import load_question
from quizzes.students import answer_to, first_unanswered, own_attempt, student_key
from quizzes.views import answers_shown, feedback_context


def live_version(changed_at) -> str:
    """The class's live state as a number: it grows with every change the teacher makes."""
    return str(int(changed_at.timestamp() * 1_000_000))


def live_url(attempt_id: int) -> str:
    return reverse("quizzes:live", args=[attempt_id])


@cache_control(private=True, no_store=True)
@require_GET
def live_page(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = own_attempt(request, attempt_id)
    assignment = attempt.assignment
    if assignment is None or not assignment.teacher_paced:
        return redirect(attempt.question_url(first_unanswered(attempt)))
    if assignment.phase == Assignment.Phase.FINISHED or assignment.has_closed():
        return redirect(attempt.get_absolute_url())
    number = assignment.current_question
    context = {
        "attempt": attempt,
        "number": number,
        "status_url": reverse("quizzes:live_status", args=[attempt.pk])
        + f"?v={live_version(assignment.state_changed_at)}",
        "revealed": assignment.phase == Assignment.Phase.REVEALED,
    }
    if number >= 1:
        question = load_question(attempt, number)
        answer = answer_to(attempt, number)
        if answer is None and not context["revealed"]:
            return redirect(attempt.question_url(number))
        context["question"] = question
        if answer is not None:
            reveal = context["revealed"] and answers_shown(attempt)
            choices = list(question.choices.all())
            context.update(feedback_context(attempt, question, choices, answer, reveal=reveal))
            context["live_pending"] = not context["revealed"]
    return render(request, "classroom/student_waiting.html", context)


@require_GET
def live_status(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    """Whether the class has moved since the page showing version ``v`` was made.

    Unchanged: an empty 200 (304 to the browser's If-None-Match). Changed: htmx is told to load
    the live page again, which sends the student where the class now is.
    """
    changed_at = (
        Assignment.objects.filter(
            attempts__pk=attempt_id, attempts__student_key=student_key(request) or ""
        )
        .values_list("state_changed_at", flat=True)
        .first()
    )
    if changed_at is None:
        raise Http404(_("No such class."))
    version = live_version(changed_at)
    etag = f'"{version}"'
    if unchanged(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(status=200)
        if request.GET.get("v") != version:
            response["HX-Redirect"] = live_url(attempt_id)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response

"""Students join a teacher's assignment at /join/ with a code and a name of their choosing."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.views.decorators.http import require_http_methods

from quizzes.classroom.forms import JoinForm
from quizzes.classroom.joining import find_assignment, join_blocked, join_failed, throttle_keys
from quizzes.http import HtmxHttpRequest
from quizzes.services import attempt_start
from quizzes.students import first_unanswered, student_key


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method != "POST":
        return render(request, "quizzes/join.html", {"form": form})
    if not form.is_valid():
        return render(request, "quizzes/join.html", {"form": form}, status=422)

    code = form.cleaned_data["code"]
    keys = throttle_keys(student_key=student_key(request, create=True), code=code)
    if join_blocked(keys):
        return refuse(
            request,
            form,
            "Too many wrong codes. Check the code with your teacher and try again in 15 minutes.",
            status=429,
        )
    assignment = find_assignment(code)
    if assignment is None or not assignment.question_set.is_published:
        join_failed(keys)
        return refuse(request, form, "No class uses that code. Check it with your teacher.", 422)
    if not assignment.has_opened():
        when = formats.date_format(assignment.opens_at, "DATETIME_FORMAT")
        return refuse(request, form, f"“{assignment}” opens on {when}. Come back then.", 403)

    if assignment.has_closed():
        # A student who took part can still read their answers; nobody can start.
        earlier = assignment.attempts.filter(student_key=student_key(request)).first()
        if earlier is not None:
            return redirect(earlier.get_absolute_url())
        when = formats.date_format(assignment.closes_at, "DATETIME_FORMAT")
        return refuse(request, form, f"“{assignment}” closed on {when}.", 403)

    attempt = attempt_start(
        question_set=assignment.question_set,
        student_key=student_key(request),
        assignment=assignment,
        display_name=form.cleaned_data["name"],
    )
    if attempt.is_finished:
        return redirect(attempt.get_absolute_url())
    return redirect(attempt.question_url(first_unanswered(attempt)))


def refuse(request: HtmxHttpRequest, form: JoinForm, message: str, status: int) -> HttpResponse:
    return render(request, "quizzes/join.html", {"form": form, "refusal": message}, status=status)

"""Students join a teacher's assignment at /join/ with a code and a name of their choosing."""

import math
from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from config.client_ip import client_ip
from quizzes.classroom.forms import JoinForm
from quizzes.classroom.joining import find_assignment, join_blocked_until, join_failed, join_limits
from quizzes.http import HtmxHttpRequest
from quizzes.services import attempt_start
from quizzes.students import first_unanswered, student_key


# The page after a POST names the student and their class: keep it out of a shared computer's cache.
@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    # /join/?code=ABCD-EFGH (a link or QR code on the board) fills the code in.
    linked_code = request.GET.get("code", "")
    form = JoinForm(request.POST or None, initial={"code": linked_code})
    if request.method != "POST":
        return render(request, "quizzes/join.html", {"form": form, "linked": bool(linked_code)})
    if not form.is_valid():
        return render(request, "quizzes/join.html", {"form": form}, status=422)

    code = form.cleaned_data["code"]
    assignment = find_assignment(code)
    limits = join_limits(
        student_key=student_key(request, create=True),
        address=client_ip(request),
        code=None if assignment else code,
    )
    retry_at = join_blocked_until(limits)
    if retry_at is not None:
        return too_many_tries(request, retry_at)
    if assignment is None:
        join_failed(limits)
        return refuse(request, form, _("No class uses that code. Check it with your teacher."), 422)
    # The code is right: say why the class cannot be joined yet, and count nothing against anyone.
    if not assignment.question_set.is_published:
        return refuse(
            request,
            form,
            _("“%(class)s” is not ready yet. Ask your teacher to open it.") % {"class": assignment},
            403,
        )
    if not assignment.has_opened():
        when = formats.date_format(timezone.localtime(assignment.opens_at), "DATETIME_FORMAT")
        message = _("“%(class)s” has not opened yet: it opens on %(when)s.")
        return refuse(request, form, message % {"class": assignment, "when": when}, 403)

    if assignment.has_closed():
        # A student who took part can still read their answers; nobody can start.
        earlier = assignment.attempts.filter(student_key=student_key(request)).first()
        if earlier is not None:
            return redirect(earlier.get_absolute_url())
        when = formats.date_format(timezone.localtime(assignment.closes_at), "DATETIME_FORMAT")
        message = _("“%(class)s” closed on %(when)s.") % {"class": assignment, "when": when}
        return refuse(request, form, message, 403)

    attempt = attempt_start(
        question_set=assignment.question_set,
        student_key=student_key(request),
        assignment=assignment,
        display_name=form.cleaned_data["name"],
    )
    if assignment.teacher_paced:
        # Late or early, a student joins where the class is.
        return redirect("quizzes:live", attempt.pk)
    if attempt.is_finished:
        return redirect(attempt.get_absolute_url())
    return redirect(attempt.question_url(first_unanswered(attempt)))


def refuse(request: HtmxHttpRequest, form: JoinForm, message: str, status: int) -> HttpResponse:
    return render(request, "quizzes/join.html", {"form": form, "refusal": message}, status=status)


def too_many_tries(request: HtmxHttpRequest, retry_at: datetime) -> HttpResponse:
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    context = {
        "minutes": math.ceil(seconds / 60),
        "retry_at": formats.time_format(timezone.localtime(retry_at), "H:i"),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response

"""The teacher's pages under /teach/: run a set with a class, the class screen for the projector,
its live progress, the controls of a teacher-paced class, and the end-of-class summary.

Signed-in teachers only (anyone else is sent to sign in), each seeing only their own classes: a
class of another teacher does not exist here (404). Every change is a POST, then a redirect.
"""

import segno
from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from quizzes.classroom.analysis import assignment_results
from quizzes.classroom.formatting import percent
from quizzes.classroom.live import (
    assignment_run,
    live_finish,
    live_hide_names,
    live_open_next,
    live_reveal,
)
from quizzes.classroom.progress import class_progress, class_version, set_questions
from quizzes.http import HtmxHttpRequest, unchanged
from quizzes.models import Assignment, QuestionSet
from quizzes.scoring import correct_choices

HARDEST = 5
REREAD_BELOW = 0.7


class RunForm(forms.Form):
    pace = forms.ChoiceField(
        label=gettext_lazy("Pace"), choices=Assignment.Pace, initial=Assignment.Pace.SELF
    )
    reveal = forms.ChoiceField(
        label=gettext_lazy("Show correct answers"),
        choices=[
            (Assignment.Reveal.AFTER_EACH, gettext_lazy("At once, after each question")),
            (Assignment.Reveal.AFTER_CLOSE, gettext_lazy("Only after the class ends")),
        ],
        initial=Assignment.Reveal.AFTER_EACH,
    )
    minutes = forms.TypedChoiceField(
        label=gettext_lazy("Open for"),
        coerce=int,
        choices=[
            (30, gettext_lazy("30 minutes")),
            (45, gettext_lazy("45 minutes")),
            (60, gettext_lazy("1 hour")),
            (90, gettext_lazy("1 hour 30")),
        ],
        initial=60,
        help_text=gettext_lazy(
            "Nobody can join or answer after this; you can end the class sooner."
        ),
    )


def runnable_sets(user):
    """The published sets with questions this teacher may run: their own and the shared ones."""
    return (
        QuestionSet.objects.visible_to(user)
        .published()
        .with_question_count()
        .filter(question_count__gt=0)
        .order_by("title")
    )


def own_class(request, pk) -> Assignment:
    return get_object_or_404(
        Assignment.objects.owned_by(request.user).select_related("question_set"), pk=pk
    )


def run_form(question_set: QuestionSet, data=None) -> RunForm:
    # One form per set on a page: each needs its own ids.
    return RunForm(data, auto_id=f"run-{question_set.pk}-%s")


def home(request, refused: RunForm | None = None, refused_set: int | None = None) -> HttpResponse:
    classes = Assignment.objects.owned_by(request.user).select_related("question_set")[:20]
    runs = [
        (question_set, refused if question_set.pk == refused_set else run_form(question_set))
        for question_set in runnable_sets(request.user)
    ]
    return render(
        request,
        "classroom/teach_home.html",
        {"classes": classes, "runs": runs},
        status=200 if refused is None else 422,
    )


@staff_member_required
@require_GET
def teach_home(request: HtmxHttpRequest) -> HttpResponse:
    return home(request)


@staff_member_required
@require_POST
def run_with_class(request: HtmxHttpRequest, set_id: int) -> HttpResponse:
    """Make a class of the set that opens now, and go to its class screen."""
    if not request.user.has_perm("quizzes.add_assignment"):
        raise PermissionDenied
    question_set = get_object_or_404(runnable_sets(request.user), pk=set_id)
    # A bare "Run with a class" button (the set's admin page) takes the defaults.
    defaults = {name: field.initial for name, field in RunForm.base_fields.items()}
    form = run_form(question_set, {**defaults, **request.POST.dict()})
    if not form.is_valid():
        return home(request, refused=form, refused_set=question_set.pk)
    assignment = assignment_run(question_set=question_set, owner=request.user, **form.cleaned_data)
    return redirect("quizzes:class_screen", assignment.pk)


def join_link(request, assignment: Assignment) -> str:
    return request.build_absolute_uri(f"{reverse('quizzes:join')}?code={assignment.display_code}")


def screen_context(request, assignment: Assignment) -> dict:
    link = join_link(request, assignment)
    qr = segno.make(link, error="m").svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", title=_("QR code of the link")
    )
    return {"join_link": link, "qr_svg": qr, **live_context(assignment)}


@staff_member_required
@cache_control(private=True, no_store=True)
@require_GET
def class_screen(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    assignment = own_class(request, pk)
    return render(request, "classroom/class_screen.html", screen_context(request, assignment))


def live_context(assignment: Assignment) -> dict:
    progress = class_progress(assignment)
    current = progress.current
    return {
        "assignment": assignment,
        "progress": progress,
        "version": class_version(assignment),
        "question_count": len(progress.questions),
        "expected": correct_choices(current.question, [b.choice for b in current.bars])
        if current and current.bars
        else [],
        "revealed": assignment.phase == Assignment.Phase.REVEALED,
    }


@staff_member_required
@require_GET
def class_live(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The live part of the class screen, polled by it: 304 while nothing changed."""
    assignment = own_class(request, pk)
    version = class_version(assignment)
    if unchanged(request, version):
        response = HttpResponseNotModified()
    else:
        response = render(request, "classroom/_class_live.html", live_context(assignment))
    response["ETag"] = version
    # The browser keeps the last answer and asks with If-None-Match each time.
    response["Cache-Control"] = "private, no-cache"
    return response


@staff_member_required
@require_POST
def class_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Open the next question, show the answer, or end the class, from the state shown."""
    assignment = own_class(request, pk)
    action = request.POST.get("action", "")
    try:
        shown = int(request.POST.get("question", ""))
    except ValueError:
        shown = -1
    if action == "next":
        moved = live_open_next(
            assignment=assignment,
            from_question=shown,
            question_count=len(set_questions(assignment)),
        )
    elif action == "reveal":
        moved = live_reveal(assignment=assignment, question=shown)
    elif action == "finish":
        if live_finish(assignment=assignment):
            return redirect("quizzes:class_summary", assignment.pk)
        moved = False
    else:
        return HttpResponse(_("Unknown action."), status=400, content_type="text/plain")
    if not moved:
        # Nothing changed: the screen as it is now, saying why.
        context = {
            **screen_context(request, assignment),
            "conflict": _(
                "The class had already moved on (from another tab or device, or a second "
                "click), so nothing changed. This is where it is now."
            ),
        }
        return render(request, "classroom/class_screen.html", context, status=409)
    return redirect("quizzes:class_screen", assignment.pk)


@staff_member_required
@require_POST
def class_names(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    assignment = own_class(request, pk)
    live_hide_names(assignment=assignment, hide=request.POST.get("hide") == "1")
    return redirect("quizzes:class_screen", assignment.pk)


@staff_member_required
@cache_control(private=True, no_store=True)
@require_GET
def class_summary(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """For the projector at the end: the hardest questions and the sections to reread."""
    assignment = own_class(request, pk)
    results = assignment_results(assignment)
    answered = [row for row in results.questions if row.facility is not None]
    hardest = sorted(answered, key=lambda row: (row.facility, row.number))[:HARDEST]
    weak = [s for s in results.sections if s.share_correct is not None]
    weak = [s for s in weak if s.share_correct < REREAD_BELOW]
    reread = sorted(weak, key=lambda s: (s.share_correct, s.section.number))
    finished = sum(1 for s in results.students if s.attempt.finished_at is not None)
    return render(
        request,
        "classroom/summary.html",
        {
            "assignment": assignment,
            "hardest": [(row, percent(row.facility), round(100 * row.facility)) for row in hardest],
            "reread": [(s, percent(s.share_correct)) for s in reread],
            "students": len(results.students),
            "finished": finished,
        },
    )

"""A class run live from the teacher's screen: starting it from a set, and moving it on.

All live state is in the assignment's row, so every app server sees the same class. Each change
is a compare-and-set on the state the teacher's screen showed: a double click, or two tabs, or two
servers answering the same click, move the class on once, never twice.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quizzes.models import Assignment, QuestionSet

Phase = Assignment.Phase


def assignment_run(
    *, question_set: QuestionSet, owner, pace: str, reveal: str, minutes: int
) -> Assignment:
    """A class on the set that opens now and closes after ``minutes``, with one attempt each."""
    now = timezone.now()
    return Assignment.objects.create(
        title=f"{question_set.title}, {date_format(timezone.localtime(now), 'j M Y H:i')}",
        question_set=question_set,
        owner=owner,
        opens_at=None,
        closes_at=now + timedelta(minutes=minutes),
        attempts_allowed=Assignment.Attempts.ONE,
        reveal=reveal,
        pace=pace,
        state_changed_at=now,
    )


def _move(assignment: Assignment, expected: Q, **changes) -> bool:
    """Apply ``changes`` if the row still matches ``expected``; refresh the instance."""
    now = timezone.now()
    moved = Assignment.objects.filter(expected, pk=assignment.pk).update(
        state_changed_at=now, **changes
    )
    assignment.refresh_from_db()
    return bool(moved)


def _open(assignment: Assignment) -> Q:
    return Q(phase__in=[Phase.ANSWERING, Phase.REVEALED]) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now())
    )


def live_open_next(*, assignment: Assignment, from_question: int, question_count: int) -> bool:
    """Open the question after ``from_question``; False if the class is no longer there."""
    if not assignment.teacher_paced or from_question >= question_count:
        return False
    return _move(
        assignment,
        _open(assignment) & Q(current_question=from_question),
        current_question=from_question + 1,
        phase=Phase.ANSWERING,
    )


def live_reveal(*, assignment: Assignment, question: int) -> bool:
    """Show everyone the answer to the open question; answers to it are closed from now."""
    if not assignment.teacher_paced or question < 1:
        return False
    return _move(
        assignment,
        _open(assignment) & Q(current_question=question, phase=Phase.ANSWERING),
        phase=Phase.REVEALED,
    )


def live_finish(*, assignment: Assignment) -> bool:
    """End the class now: it closes, so nobody can answer or start, and the summary is shown."""
    now = timezone.now()
    closes_at = assignment.closes_at if assignment.has_closed(now) else now
    if assignment.opens_at is not None and assignment.opens_at >= closes_at:
        # Ended before it opened: it opens and closes at the same instant, never open.
        closes_at = assignment.opens_at + timedelta(microseconds=1)
    return _move(assignment, ~Q(phase=Phase.FINISHED), phase=Phase.FINISHED, closes_at=closes_at)


def live_hide_names(*, assignment: Assignment, hide: bool) -> None:
    _move(assignment, Q(), hide_names=hide)


def question_open(assignment: Assignment, number: int) -> str | None:
    """Why a student of a teacher-paced class cannot answer question ``number`` now; None if
    they can."""
    if assignment.phase == Phase.FINISHED or assignment.has_closed():
        return _("Your teacher has ended the class. No more answers can be given.")
    if number > assignment.current_question:
        return _("Your teacher has not opened this question yet.")
    if number < assignment.current_question or assignment.phase == Phase.REVEALED:
        return _(
            "Your teacher has moved on: this question is closed, so this answer was not saved."
        )
    return None

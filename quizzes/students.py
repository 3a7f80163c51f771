"""The anonymous student: a random key in their session, and where they are in an attempt.

No account and no personal data: the key is all that ties a browser to its attempts.
"""

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes.compiled import CompiledQuery
from quizzes.models import Answer, Attempt, Question, QuestionSet, hiding_closes_at

SESSION_KEY = "student"


def student_key(request: HttpRequest, *, create: bool = False) -> str | None:
    """The anonymous student's id, kept in their session; made on first need with ``create``."""
    key = request.session.get(SESSION_KEY)
    if key is None and create:
        key = request.session[SESSION_KEY] = secrets.token_urlsafe(16)
    return key


# The two reads of every page of an attempt, compiled once (quizzes/compiled.py).
ATTEMPT = CompiledQuery(
    lambda pk: Attempt.objects.select_related("question_set", "assignment").filter(pk=pk), int
)
HIDING_CLOSES_AT = CompiledQuery(
    lambda family, now: hiding_closes_at(family, now)[:1], int, datetime
)
# An attempt's answers, for its results page: building this query took the ORM about as long as
# running it, for the 25 answers of a finished quiz (docs/performance.md).
ATTEMPT_ANSWERS = CompiledQuery(lambda attempt: Answer.objects.filter(attempt=attempt), int)


def own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    """The attempt, if this browser started it; 404 or 403 otherwise. One query, with its set and
    assignment."""
    attempt = ATTEMPT.first(attempt_id)
    if attempt is None:
        raise Http404(_("This quiz is not available."))
    question_set = attempt.question_set
    if not question_set.is_published:
        raise Http404(_("This quiz is not available."))
    if attempt.assignment_id is None and question_set.audience != QuestionSet.Audience.PRACTICE:
        # Practice begun before the teacher kept the set for classes ends there.
        raise Http404(_("This quiz is not available."))
    if attempt.student_key != student_key(request):
        raise PermissionDenied(_("This quiz attempt was started in another browser."))
    return attempt


def hidden_until(attempt: Attempt):
    """When the attempt's correct answers may be shown (``quizzes.models.answers_hidden_until``);
    None if they may be now. Asked once, only by the pages that show feedback, and kept on the
    attempt as ``answers_hidden_until`` for their templates."""
    if not hasattr(attempt, "answers_hidden_until"):
        question_set = attempt.question_set
        family = question_set.origin_id or question_set.pk
        attempt.answers_hidden_until = HIDING_CLOSES_AT.first(family, timezone.now())
    return attempt.answers_hidden_until


def answer_to(attempt: Attempt, number: int) -> Answer | None:
    """The attempt's answer to its question ``number``, or None if it has none yet (no query
    before its first answer)."""
    if attempt.answered_count == 0 or not 1 <= number <= attempt.total:
        return None
    return Answer.objects.filter(attempt=attempt, question=attempt.question_ids[number - 1]).first()


def first_unanswered(attempt: Attempt) -> int:
    """The number of the first question this attempt has not answered (the last if all are)."""
    return next_unanswered(attempt) or attempt.total


def next_unanswered(attempt: Attempt) -> int | None:
    """The number of the first question still in the set that this attempt has not answered.

    None when there is none left. A question removed from the set (possible only in data from
    before questions of started sets were protected) is skipped: it can never be answered.
    """
    if attempt.answered_count == 0:
        return 1
    unanswered = set(
        Question.objects.filter(question_set=attempt.question_set_id, pk__in=attempt.question_ids)
        .exclude(answers__attempt=attempt)
        .values_list("pk", flat=True)
    )
    for number, question_id in enumerate(attempt.question_ids, start=1):
        if question_id in unanswered:
            return number
    return None

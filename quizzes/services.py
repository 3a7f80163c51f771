"""Writes that students cause: starting an attempt and answering a question."""

import random
import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes.compiled import CompiledInsert, CompiledUpdate
from quizzes.models import Answer, Assignment, Attempt, Choice, Question, QuestionSet
from quizzes.question_cache import QuestionRemoved
from quizzes.scoring import score_answer


def attempt_start(
    *,
    question_set: QuestionSet,
    student_key: str,
    assignment: Assignment | None = None,
    display_name: str = "",
) -> Attempt:
    """Resume this student's unfinished attempt, or start a new one.

    In an assignment that allows one attempt, a finished attempt is returned as it is.
    """
    # The newest unfinished attempt if there is one, else the newest finished one.
    latest = (
        Attempt.objects.filter(
            question_set=question_set, student_key=student_key, assignment=assignment
        )
        .order_by(F("finished_at").desc(nulls_first=True), "-started_at")
        .first()
    )
    only_one = assignment is not None and assignment.attempts_allowed == Assignment.Attempts.ONE
    if latest is not None and (not latest.is_finished or only_one):
        return latest
    question_ids = list(question_set.questions.values_list("pk", flat=True))
    # A teacher-paced class takes the questions together, in the set's order.
    paced = assignment is not None and assignment.teacher_paced
    if question_set.shuffle_questions and not paced:
        random.shuffle(question_ids)
    return Attempt.objects.create(
        question_set=question_set,
        assignment=assignment,
        display_name=display_name,
        student_key=student_key,
        question_ids=question_ids,
        seed=secrets.randbelow(2**31),
    )


# The attempt's score and count after an answer, in the statement that adds them (so two answers
# at once both count), finished with its last answer. Compiled once (quizzes/compiled.py): the ORM
# takes longer to build this statement than the database takes to run it.
ANSWER_COUNTED = CompiledUpdate(
    lambda score, completes, now, pk: (
        Attempt.objects.filter(pk=pk),
        {
            "score": F("score") + score,
            "answered_count": F("answered_count") + 1,
            "finished_at": Case(
                When(answered_count=completes, then=Value(now)), default=F("finished_at")
            ),
        },
    ),
    float,
    int,
    datetime,
    int,
)
# The answer's row, with its INSERT compiled once too.
ANSWER_SAVED = CompiledInsert(Answer)


def attempt_answer(
    *,
    attempt: Attempt,
    question: Question,
    choices: list[Choice],
    selected: list,
    text: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> tuple[Answer, bool]:
    """Record an answer once. Returns the answer and whether it was created by this call.

    A second answer to the same question changes nothing: the unique constraint refuses the row and
    the first answer is returned. An attempt deleted meanwhile (by its teacher, or the daily
    clean-up) is not found (404), and a question deleted meanwhile is removed (410), as the next
    page would say. ``language`` is the one the question was shown in.
    """
    score = score_answer(question, choices, selected, partial=attempt.question_set.partial_credit)
    try:
        with transaction.atomic():
            answer = ANSWER_SAVED.create(
                attempt=attempt,
                question=question,
                selected=selected,
                text=text,
                score=score,
                language=language,
            )
            ANSWER_COUNTED.run(float(score), attempt.total - 1, timezone.now(), attempt.pk)
    except IntegrityError:
        earlier = Answer.objects.filter(attempt=attempt, question=question).first()
        if earlier is not None:
            return earlier, False
        # Not a second answer: the attempt or the question was deleted while this one was saved.
        if not Attempt.objects.filter(pk=attempt.pk).exists():
            raise Http404(_("This quiz is not available.")) from None  # as its next page says
        if not Question.objects.filter(pk=question.pk).exists():
            raise QuestionRemoved("This question was removed from the quiz.") from None
        raise
    return answer, True

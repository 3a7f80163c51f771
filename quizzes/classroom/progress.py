"""What the teacher's class screen shows while students work, and how it knows nothing changed.

``class_version`` is one query, so a screen polling every few seconds costs little when nothing
happened; ``class_progress`` reads everything in a fixed number of queries, however many
students joined.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from quizzes.models import Answer, Assignment, Attempt, Choice, Question

# A student of a self-paced class with no answer for this long is listed as maybe stuck.
STUCK_AFTER = timedelta(minutes=2)
# The stuck list changes with time alone: the screen's version moves on this often.
STUCK_STEP_SECONDS = 20


def class_version(assignment: Assignment, now: datetime | None = None) -> str:
    """A quoted ETag that changes whenever the class screen would show something new."""
    counts = Attempt.objects.filter(assignment=assignment).aggregate(
        joined=Count("id"), answered=Coalesce(Sum("answered_count"), 0)
    )
    parts = [
        assignment.pk,
        assignment.state_changed_at.isoformat(),
        counts["joined"],
        counts["answered"],
    ]
    if not assignment.teacher_paced:
        parts.append(int((now or timezone.now()).timestamp()) // STUCK_STEP_SECONDS)
    return '"' + hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:24] + '"'


@dataclass
class StudentLine:
    name: str
    answered: int
    finished: bool
    stuck: bool


@dataclass
class QuestionLine:
    number: int
    question: Question
    answered: int = 0
    right: int = 0

    @property
    def share_right(self) -> float | None:
        return self.right / self.answered if self.answered else None


@dataclass
class ChoiceBar:
    choice: Choice
    picked: int
    share: float  # of the students who answered: 0 to 1

    @property
    def width(self) -> int:
        return round(100 * self.share)


@dataclass
class OpenQuestion:
    number: int
    question: Question
    answered: int
    bars: list[ChoiceBar] = field(default_factory=list)
    in_order: int = 0  # ordering questions: answers with every item in its place


@dataclass
class Progress:
    students: list[StudentLine]
    questions: list[QuestionLine]
    current: OpenQuestion | None

    @property
    def joined(self) -> int:
        return len(self.students)

    @property
    def stuck(self) -> list[StudentLine]:
        return [s for s in self.students if s.stuck]


def set_questions(assignment: Assignment) -> list[Question]:
    """The set's questions in its own order, the order a teacher-paced class takes them."""
    return list(
        Question.objects.filter(question_set_id=assignment.question_set_id)
        .select_related("section")
        .prefetch_related("choices")
    )


def class_progress(assignment: Assignment, now: datetime | None = None) -> Progress:
    now = now or timezone.now()
    questions = set_questions(assignment)
    attempts = Attempt.objects.filter(assignment=assignment).annotate(
        last_answer=Max("answers__answered_at")
    )
    students = [
        StudentLine(
            name=attempt.display_name,
            answered=attempt.answered_count,
            finished=attempt.finished_at is not None,
            stuck=(
                not assignment.teacher_paced
                and attempt.finished_at is None
                and now - (attempt.last_answer or attempt.started_at) > STUCK_AFTER
            ),
        )
        for attempt in attempts.order_by("display_name", "pk")
    ]
    per_question = {
        row["question_id"]: row
        for row in Answer.objects.filter(attempt__assignment=assignment)
        .values("question_id")
        .annotate(answered=Count("id"), right=Count("id", filter=Q(score=1)))
    }
    lines = []
    for number, question in enumerate(questions, start=1):
        row = per_question.get(question.pk, {})
        lines.append(QuestionLine(number, question, row.get("answered", 0), row.get("right", 0)))
    current = None
    number = assignment.current_question
    if assignment.teacher_paced and 1 <= number <= len(questions):
        current = open_question(assignment, number, questions[number - 1])
    return Progress(students, lines, current)


def open_question(assignment: Assignment, number: int, question: Question) -> OpenQuestion:
    """How the class answered the open question: a count per choice, never a name."""
    selections = list(
        Answer.objects.filter(attempt__assignment=assignment, question=question).values_list(
            "selected", "score"
        )
    )
    choices = list(question.choices.all())
    current = OpenQuestion(number, question, answered=len(selections))
    if question.is_ordering:
        current.in_order = sum(1 for _, score in selections if score == 1)
        return current
    picks = Counter(pk for selected, _ in selections for pk in selected)
    for choice in choices:
        share = picks[choice.pk] / len(selections) if selections else 0
        current.bars.append(ChoiceBar(choice, picks[choice.pk], share))
    return current

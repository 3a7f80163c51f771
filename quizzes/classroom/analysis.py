"""Results of an assignment: per student, per question (item analysis) and per explainer section.

Everything is read in four queries and computed in Python, so the cost in queries does not grow
with the number of attempts. Discrimination is the upper-lower index: the share answering a
question right among the top 27% of finished attempts (by score) minus that among the bottom 27%.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import NamedTuple

from django.conf import settings
from django.db.models import Prefetch, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from quizzes.classroom.formatting import percent
from quizzes.models import Answer, Assignment, Attempt, Choice, Question, plain_number
from quizzes.scoring import matched_pairs
from quizzes.typed_answers import NotANumber, normalise, parse_number

GROUP_SHARE = 0.27
LOW_FACILITY = 0.2
# The wrong short answers listed for a question, most common first.
TYPED_SHOWN = 3


class AnswerRow(NamedTuple):
    """An answer as a plain row: thousands are read on every results page.

    ``selected`` is decoded from ``raw_selected`` once for all the rows that share it (most of a
    class gives one of a few answers), so the rows share the list: read it, never change it."""

    raw_selected: str
    selected: list
    score: float
    text: str
    language: str


@dataclass
class StudentRow:
    attempt: Attempt
    answers: list  # (question, AnswerRow or None), in the set's order

    @property
    def languages(self) -> dict[str, int]:
        """How many of this student's answers were given in each language."""
        return by_language(answer for _, answer in self.answers if answer is not None)

    @property
    def seconds(self):
        if self.attempt.finished_at is None:
            return None
        return int((self.attempt.finished_at - self.attempt.started_at).total_seconds())


@dataclass
class QuestionRow:
    number: int
    question: Question
    answered: int = 0
    facility: float | None = None
    discrimination: float | None = None
    common_wrong: str = ""
    common_wrong_share: float | None = None

    @property
    def flagged(self):
        low = self.facility is not None and self.facility < LOW_FACILITY
        negative = self.discrimination is not None and self.discrimination < 0
        return low or negative


@dataclass
class SectionRow:
    section: object
    answered: int = 0
    correct: int = 0
    questions: list = field(default_factory=list)

    @property
    def share_correct(self):
        return self.correct / self.answered if self.answered else None


@dataclass
class Results:
    students: list[StudentRow]
    questions: list[QuestionRow]
    sections: list[SectionRow]

    @property
    def languages(self) -> dict[str, int]:
        """How many answers were given in each language: a question is the same in both, so
        every other figure counts them together."""
        return by_language(
            answer for student in self.students for _, answer in student.answers if answer
        )


def by_language(answers) -> dict[str, int]:
    """Answers counted by the language they were given in, for every language of the site."""
    given = Counter(answer.language for answer in answers)
    return {code: given[code] for code, _ in settings.LANGUAGES}


def assignment_results(assignment: Assignment) -> Results:
    questions = list(
        Question.objects.filter(question_set_id=assignment.question_set_id)
        .select_related("section")
        .prefetch_related(Prefetch("choices", Choice.objects.select_related("event")))
    )
    attempts = list(assignment.attempts.order_by("display_name", "started_at"))
    answers: dict[int, dict[int, AnswerRow]] = defaultdict(dict)
    answer_rows = Answer.objects.filter(attempt__assignment=assignment).values_list(
        "attempt_id", "question_id", Cast("selected", TextField()), "score", "text", "language"
    )
    decoded: dict[str, list] = {}
    for attempt_id, question_id, raw, score, text, language in answer_rows:
        if (selected := decoded.get(raw)) is None:
            selected = decoded[raw] = json.loads(raw)
        answers[attempt_id][question_id] = AnswerRow(raw, selected, score, text, language)

    students = [StudentRow(a, [(q, answers[a.pk].get(q.pk)) for q in questions]) for a in attempts]
    upper, lower = _groups([a for a in attempts if a.finished_at is not None])
    rows = [
        _question_row(number, question, attempts, answers, upper, lower)
        for number, question in enumerate(questions, start=1)
    ]
    return Results(students, rows, _sections(rows, attempts, answers))


def _groups(finished: list[Attempt]):
    """The top and bottom 27% of finished attempts by score; none when there are too few."""
    size = round(len(finished) * GROUP_SHARE)
    if size < 1 or len(finished) < 2:
        return [], []
    ranked = sorted(finished, key=lambda a: (-a.score, a.pk))
    return ranked[:size], ranked[-size:]


def _share_right(question_id, group, answers):
    right = sum(
        1 for a in group if (r := answers[a.pk].get(question_id)) is not None and r.score == 1
    )
    return right / len(group)


def _question_row(number, question, attempts, answers, upper, lower) -> QuestionRow:
    row = QuestionRow(number, question)
    given = [r for a in attempts if (r := answers[a.pk].get(question.pk)) is not None]
    row.answered = len(given)
    if not given:
        return row
    row.facility = sum(r.score == 1 for r in given) / len(given)
    if upper:
        row.discrimination = _share_right(question.pk, upper, answers) - _share_right(
            question.pk, lower, answers
        )
    wrong_given = [r for r in given if r.score < 1]
    if question.is_short:
        _common_typed(row, wrong_given, len(given))
    elif question.is_numerical:
        _how_far_off(row, question, wrong_given)
    elif question.is_matching:
        choices = list(question.choices.all())
        pairs = Counter(
            f"{item.text} → {picked.match}"
            for r in wrong_given
            for item, picked, right in matched_pairs(choices, r.selected)
            if not right
        )
        if pairs:
            row.common_wrong, count = pairs.most_common(1)[0]
            row.common_wrong_share = count / len(given)
    elif not question.is_ordering:
        wrong = {c.pk: c for c in question.choices.all() if not c.is_correct}
        picks = Counter(pk for r in given if r.score < 1 for pk in r.selected if pk in wrong)
        if picks:
            choice_id, count = picks.most_common(1)[0]
            row.common_wrong = wrong[choice_id].label
            row.common_wrong_share = count / len(given)
    return row


def _common_typed(row: QuestionRow, wrong_given: list[AnswerRow], answered: int):
    """The wrong typed answers students gave most, each as first typed, counted as matched."""
    counts = Counter(normalise(r.text) for r in wrong_given if normalise(r.text))
    first_typed = {}
    for r in wrong_given:
        first_typed.setdefault(normalise(r.text), r.text.strip())
    row.common_wrong = "; ".join(
        f"“{first_typed[key]}” ({percent(count / answered)})"
        for key, count in counts.most_common(TYPED_SHOWN)
    )


def _how_far_off(row: QuestionRow, question: Question, wrong_given: list[AnswerRow]):
    """How far the wrong numbers were from the nearest correct one: their median and range."""
    correct = [c.number for c in question.choices.all() if c.is_correct and c.number is not None]
    if not correct:
        return
    distances = []
    for r in wrong_given:
        try:
            typed = parse_number(r.text)
        except NotANumber:
            continue
        # Six decimals: 3.15 - 3.14 is 0.01, not 0.010000000000000231.
        distances.append(round(min(abs(typed - number) for number in correct), 6))
    if distances:
        distances.sort()
        row.common_wrong = _(
            "wrong answers were off by %(median)s (median; %(low)s to %(high)s)"
        ) % {
            "median": plain_number(median(distances)),
            "low": plain_number(distances[0]),
            "high": plain_number(distances[-1]),
        }


def _sections(rows, attempts, answers) -> list[SectionRow]:
    by_section: dict[int, SectionRow] = {}
    for row in rows:
        section = row.question.section
        entry = by_section.setdefault(section.pk, SectionRow(section))
        entry.questions.append(row.number)
        for attempt in attempts:
            answer = answers[attempt.pk].get(row.question.pk)
            if answer is not None:
                entry.answered += 1
                entry.correct += answer.score == 1
    return sorted(by_section.values(), key=lambda entry: entry.section.number)

"""The numbers behind the results charts, one Bar per row (templates/quizzes/_chart_bars.html).

A chart here is plain data computed from what the results page already read, so drawing it costs
no query, and a test can check every bar against the results.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes.classroom.analysis import Results

# Below this many finished attempts the top and bottom 27% are two or three students each:
# too few for "did stronger students do better on it" to say anything about the question.
DISCRIMINATION_MIN_FINISHED = 10
# A label longer than this is cut, with an ellipsis, where a chart writes it.
LABEL_CHARS = 110


def shortened(label) -> str:
    """The label as ``truncatechars`` cuts it to LABEL_CHARS characters. Most labels fit, and
    for those only the normalisation it does is needed, not its ellipsis's translation."""
    text = unicodedata.normalize("NFC", str(label))
    return text if len(text) <= LABEL_CHARS else Truncator(text).chars(LABEL_CHARS)


@dataclass
class Bar:
    label: str
    right: float  # the solid part, in the same unit as ``total``
    total: int
    partly: float = 0  # drawn hatched after the solid part
    href: str = ""
    note: str = ""  # a plain-language line under the label

    @property
    def short_label(self) -> str:
        return shortened(self.label)

    @property
    def right_percent(self) -> float:
        return round(100 * self.right / self.total, 1) if self.total else 0

    @property
    def partly_percent(self) -> float:
        return round(100 * self.partly / self.total, 1) if self.total else 0


@dataclass
class BarGroup:
    """A captioned run of bars inside one chart (the wrong answers of one question)."""

    key: str  # unique on the page: names the chart's caption and pattern
    label: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def short_label(self) -> str:
        return shortened(self.label)


def student_sections(review: list[dict]) -> list[Bar]:
    """Per explainer section: questions right, partly right, and asked, in reading order."""
    by_section: dict[int, tuple] = {}
    for item in review:
        question, answer = item["question"], item["answer"]
        section = question.section
        right, partly, asked = by_section.get(section.pk, (section, 0, 0, 0))[1:]
        by_section[section.pk] = (
            section,
            right + (answer.score == 1),
            partly + (0 < answer.score < 1),
            asked + 1,
        )
    bars = []
    for section, right, partly, asked in sorted(by_section.values(), key=lambda e: e[0].number):
        if partly:
            text = _("%(right)d of %(asked)d right, %(partly)d partly right") % {
                "right": right,
                "asked": asked,
                "partly": partly,
            }
        else:
            text = _("%(right)d of %(asked)d right") % {"right": right, "asked": asked}
        bars.append(
            Bar(
                section.title,
                right,
                asked,
                partly=partly,
                href=section.get_absolute_url(),
                note=text,
            )
        )
    return bars


def whole_questions(review: list[dict]) -> tuple[int, int]:
    """How many answers were wholly right and how many partly right."""
    right = sum(1 for item in review if item["answer"].score == 1)
    partly = sum(1 for item in review if 0 < item["answer"].score < 1)
    return right, partly


def finished_count(results: Results) -> int:
    return sum(1 for student in results.students if student.attempt.finished_at is not None)


def _discrimination_words(value: float | None) -> str:
    if value is None:
        return _("did stronger students do better on it: not enough finished attempts to tell")
    if value > 0:
        verdict = _("yes")
    elif value < 0:
        verdict = _("no, weaker students did better: check the question")
    else:
        verdict = _("no difference")
    return _("did stronger students do better on it: %(verdict)s (%(value)s)") % {
        "verdict": verdict,
        "value": f"{value:+.2f}",
    }


def teacher_questions(results: Results) -> list[Bar]:
    """Each question's facility as a bar, the hardest first (unanswered ones last)."""
    rows = sorted(
        results.questions,
        key=lambda row: (row.facility is None, row.facility or 0, row.number),
    )
    bars = []
    for row in rows:
        right = round((row.facility or 0) * row.answered)
        bars.append(
            Bar(
                _("Q%(number)d. %(prompt)s")
                % {"number": row.number, "prompt": row.question.prompt},
                right,
                row.answered,
                note=_("how many got it right: %(right)d of %(answered)d; %(discrimination)s")
                % {
                    "right": right,
                    "answered": row.answered,
                    "discrimination": _discrimination_words(row.discrimination),
                },
            )
        )
    return bars


def teacher_wrong_choices(results: Results) -> list[BarGroup]:
    """For each question that drew wrong answers: how many answers picked each wrong choice.

    Only questions answered by picking choices have wrong choices to count: ordering, matching
    and typed answers are wrong in other ways, shown in the item analysis.
    """
    picks: dict[int, Counter] = {row.question.pk: Counter() for row in results.questions}
    answered = {row.question.pk: row.answered for row in results.questions}
    for student in results.students:
        for question, answer in student.answers:
            if answer is not None and answer.score < 1 and question.is_choice:
                picks[question.pk].update(answer.selected)
    groups = []
    for row in results.questions:
        question = row.question
        wrong = [c for c in question.choices.all() if not c.is_correct]
        counts = picks[question.pk]
        if not question.is_choice or not any(counts[c.pk] for c in wrong):
            continue
        total = answered[question.pk]
        bars = [
            Bar(
                choice.label,
                counts[choice.pk],
                total,
                note=_("%(count)d of %(total)d") % {"count": counts[choice.pk], "total": total},
            )
            for choice in sorted(wrong, key=lambda c: (-counts[c.pk], c.position))
        ]
        label = _("Q%(number)d. %(prompt)s") % {"number": row.number, "prompt": question.prompt}
        groups.append(BarGroup(f"wrong-{row.number}", label, bars))
    return groups


def teacher_sections(results: Results) -> list[Bar]:
    return [
        Bar(
            row.section.title,
            row.correct,
            row.answered,
            href=row.section.get_absolute_url(),
            note=ngettext(
                "%(correct)d of %(answered)d answers right (question %(questions)s)",
                "%(correct)d of %(answered)d answers right (questions %(questions)s)",
                len(row.questions),
            )
            % {
                "correct": row.correct,
                "answered": row.answered,
                "questions": ", ".join(map(str, row.questions)),
            },
        )
        for row in results.sections
    ]

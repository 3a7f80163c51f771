"""How results are written for a teacher: shares as percentages, answers as the choices' labels,
and CSV files that a spreadsheet opens as plain data."""

import csv
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import pgettext

from quizzes.models import Question
from quizzes.scoring import matched_pairs

# A spreadsheet reads a cell that starts with one of these as a formula, and a formula can run a
# command or send data away (OWASP, "CSV Injection"). Names are chosen by students and prompts and
# labels are authored, so any of them can start this way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(100 * value)}%"


def answer_text(question: Question, answer) -> str:
    """An answer (anything with ``selected``, ``score`` and ``text``) as its choices' labels, or
    the text typed, and a verdict."""
    if answer is None:
        return ""
    if answer.score == 1:
        verdict = pgettext("answer", "right")
    elif answer.score:
        verdict = pgettext("answer", "partly right")
    else:
        verdict = pgettext("answer", "wrong")
    if question.is_typed:
        return f"{answer.text} ({verdict})"
    if question.is_matching:
        pairs = matched_pairs(list(question.choices.all()), answer.selected)
        return f"{'; '.join(f'{i.text} → {p.match}' for i, p, _ in pairs)} ({verdict})"
    labels = choice_labels(question)
    given = " → " if question.is_ordering else "; "
    return f"{given.join(labels.get(pk, '?') for pk in answer.selected)} ({verdict})"


def choice_labels(question: Question) -> dict[int, str]:
    """The question's choices' labels by id, in the active language: worked out once per question
    object, not once for each of the hundreds of answers a class's results page writes out."""
    known = question.__dict__.setdefault("_choice_labels", {})
    language = translation.get_language()
    if language not in known:
        known[language] = {c.pk: c.label for c in question.choices.all()}
    return known[language]


def spreadsheet_cell(value):
    """The value as a CSV cell no spreadsheet runs: text that could start a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def write_csv(file, rows: Iterable[Iterable]) -> None:
    """Write rows to a file-like object as CSV, every cell through ``spreadsheet_cell``."""
    csv.writer(file).writerows([spreadsheet_cell(value) for value in row] for row in rows)

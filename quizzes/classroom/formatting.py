"""How results are written for a teacher: shares as percentages, answers as the choices' labels,
and CSV files that a spreadsheet opens as plain data."""

import csv
from collections.abc import Iterable

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

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
    return f"{_given(question, answer)} ({verdict(answer.score)})"


def verdict(score: float) -> str:
    if score == 1:
        return pgettext("answer", "right")
    if score:
        return pgettext("answer", "partly right")
    return pgettext("answer", "wrong")


def _given(question: Question, answer) -> str:
    """What the student gave: the text typed, the pairs matched, or the choices' labels."""
    if question.is_typed:
        return answer.text
    if question.is_matching:
        pairs = matched_pairs(list(question.choices.all()), answer.selected)
        return "; ".join(f"{i.text} → {p.match}" for i, p, _ in pairs)
    labels = choice_labels(question)
    given = " → " if question.is_ordering else "; "
    return given.join(labels.get(pk, "?") for pk in answer.selected)


def answer_lists(students) -> list[SafeString]:
    """Each student's answers (``StudentRow.answers``) as the HTML items of a list, in the
    question's order: what ``answer_text`` writes, escaped, or "no answer".

    A class's answers repeat: most students give one of a few answers to each question. Each
    distinct answer to a question (the same choices, score and text) is written and escaped once
    per call, and the verdicts and "no answer" are translated once, not once per answer.
    """
    verdicts = {}
    written = {}
    no_answer = gettext("no answer")
    missing = f"<li>{escape(no_answer)}</li>"
    lists = []
    for student in students:
        items = []
        for question, answer in student.answers:
            if answer is None:
                items.append(missing)
                continue
            key = (question.pk, answer.raw_selected, answer.score, answer.text)
            item = written.get(key)
            if item is None:
                if answer.score not in verdicts:
                    verdicts[answer.score] = verdict(answer.score)
                text = f"{_given(question, answer)} ({verdicts[answer.score]})"
                item = written[key] = f"<li>{escape(text)}</li>"
            items.append(item)
        lists.append(mark_safe("".join(items)))
    return lists


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

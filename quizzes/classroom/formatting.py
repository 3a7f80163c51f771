"""How results are written for a teacher: shares as percentages, answers as the choices' labels."""

from quizzes.models import Question


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(100 * value)}%"


def answer_text(question: Question, answer) -> str:
    """An answer (anything with ``selected`` and ``score``) as its choices' labels and a verdict."""
    if answer is None:
        return ""
    labels = {c.pk: c.label for c in question.choices.all()}
    given = " → " if question.is_ordering else "; "
    verdict = "right" if answer.score == 1 else ("partly right" if answer.score else "wrong")
    return f"{given.join(labels.get(pk, '?') for pk in answer.selected)} ({verdict})"

"""Scoring and the order in which a student sees choices. Runs only on the server."""

import random

from quizzes.models import Choice, Question


def displayed_choices(question: Question, choices: list[Choice], *, seed: int, shuffle: bool):
    """The choices in the order one attempt shows them.

    Ordering items are always shuffled (their authored order is the answer) and never shown in the
    correct order; other choices are shuffled when the set asks for it.
    True/false always reads True, then False.
    """
    shown = sorted(choices, key=lambda choice: (choice.position, choice.pk))
    if question.kind == Question.Kind.TRUE_FALSE:
        return shown
    if question.is_ordering or shuffle:
        random.Random(f"{seed}:{question.pk}").shuffle(shown)
    if question.is_ordering and len(shown) > 1 and shown == correct_order(choices):
        shown = shown[1:] + shown[:1]
    return shown


def correct_order(choices: list[Choice]) -> list[Choice]:
    return sorted(choices, key=lambda choice: (choice.correct_position or 0, choice.pk))


def correct_choices(question: Question, choices: list[Choice]) -> list[Choice]:
    if question.is_ordering:
        return correct_order(choices)
    return [choice for choice in sorted(choices, key=lambda c: c.position) if choice.is_correct]


def score_answer(question: Question, choices: list[Choice], selected: list[int], *, partial: bool):
    """A score from 0 to 1 for the selected choice ids (ordering: the ids in the order given)."""
    if question.is_ordering:
        expected = [choice.pk for choice in correct_order(choices)]
        if selected == expected:
            return 1.0
        if not partial:
            return 0.0
        return sum(a == b for a, b in zip(selected, expected, strict=False)) / len(expected)

    correct = {choice.pk for choice in choices if choice.is_correct}
    chosen = set(selected)
    if chosen == correct:
        return 1.0
    if not (partial and question.is_multiple):
        return 0.0
    # Each right pick earns a share of the point; each wrong pick takes one away.
    return max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))

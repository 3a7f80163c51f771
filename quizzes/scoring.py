"""Scoring and the order in which a student sees choices. Runs only on the server."""

import random

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from quizzes.models import Choice, Question
from quizzes.typed_answers import number_matches, parse_number, short_answer_matches


def displayed_choices(question: Question, choices: list[Choice], *, seed: int, shuffle: bool):
    """The choices in the order one attempt shows them.

    Ordering items are always shuffled (their authored order is the answer) and never shown in the
    correct order; other choices are shuffled when the set asks for it.
    True/false always reads True, then False.
    """
    shown = sorted(choices, key=lambda choice: (choice.position, choice.pk))
    if question.kind == Question.Kind.TRUE_FALSE or question.is_typed:
        return shown
    if question.is_matching:
        # The items to match; their answers are listed apart, in alphabetical order.
        shown = [choice for choice in shown if choice.text]
    if question.is_ordering or shuffle:
        random.Random(f"{seed}:{question.pk}").shuffle(shown)
    if question.is_ordering and len(shown) > 1 and shown == correct_order(choices):
        shown = shown[1:] + shown[:1]
    return shown


def correct_order(choices: list[Choice]) -> list[Choice]:
    return sorted(choices, key=lambda choice: (choice.correct_position or 0, choice.pk))


def matching_options(choices: list[Choice]) -> list[Choice]:
    """A matching question's answers to choose from: each distinct match once, alphabetically.

    Alphabetical order says nothing about which item an answer belongs to, and is the same for
    every student, so a class can talk about "the third answer" without it meaning anything.
    """
    options = {}
    for choice in sorted(choices, key=lambda c: (c.position, c.pk)):
        # One option per answer as authored (in English), whichever language shows it.
        options.setdefault(choice.match_en, choice)
    return sorted(options.values(), key=lambda choice: (choice.match.casefold(), choice.match))


def typed_match(question: Question, choices: list[Choice], typed: str) -> Choice | None:
    """The first authored answer (in the author's order) that typed text matches, as Moodle."""
    for choice in sorted(choices, key=lambda c: (c.position, c.pk)):
        if question.is_numerical:
            if choice.number is not None and number_matches(
                choice.number, choice.tolerance, parse_number(typed)
            ):
                return choice
        elif any(short_answer_matches(text, typed) for text in written_forms(choice)):
            return choice
    return None


def written_forms(choice: Choice) -> set[str]:
    """An accepted answer as written in each language it has. A question is one question in both
    languages, so a student scores the same whichever page they answer on, in either language."""
    forms = (
        getattr(choice, build_localized_fieldname("text", code)) for code, _ in settings.LANGUAGES
    )
    return {text for text in forms if text}


def correct_choices(question: Question, choices: list[Choice]) -> list[Choice]:
    if question.is_ordering:
        return correct_order(choices)
    if question.is_matching:
        return [choice for choice in sorted(choices, key=lambda c: c.position) if choice.text]
    return [choice for choice in sorted(choices, key=lambda c: c.position) if choice.is_correct]


def matched_pairs(choices: list[Choice], selected: list) -> list[tuple[Choice, Choice, bool]]:
    """A matching answer as (item, chosen answer, right?) in the order the student saw them. A pair
    is right when the answers agree as authored in English, so it scores the same in either
    language, even where only one of them has a Ukrainian text."""
    by_id = {choice.pk: choice for choice in choices}
    pairs = []
    for item_id, picked_id in selected:
        if item_id in by_id and picked_id in by_id:
            item, picked = by_id[item_id], by_id[picked_id]
            pairs.append((item, picked, item.match_en == picked.match_en))
    return pairs


def score_answer(question: Question, choices: list[Choice], selected: list, *, partial: bool):
    """A score from 0 to 1 for the selected choice ids (ordering: the ids in the order given;
    matching: [item, chosen answer] pairs; typed answers: the authored answer matched, if any)."""
    if question.is_matching:
        items = [choice for choice in choices if choice.text]
        right = sum(is_right for _, _, is_right in matched_pairs(choices, selected))
        if right == len(items):
            return 1.0
        return right / len(items) if partial else 0.0
    if question.kind in (Question.Kind.SINGLE, Question.Kind.SHORT, Question.Kind.NUMERICAL):
        # One choice, or the one accepted answer typed text matched: it earns its credit.
        return max((choice.earns for choice in choices if choice.pk in selected), default=0.0)
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

"""Rules a question must meet before students may see it, in words a teacher understands.

The admin forms, the importers and the fixture loader all ask these same questions.
"""

from quizzes.models import Question
from quizzes.typed_answers import normalise

CREDIT_KINDS = {Question.Kind.SINGLE, Question.Kind.SHORT, Question.Kind.NUMERICAL}


def choice_problems(kind: str, choices: list[dict]) -> list[str]:
    """Problems with one question's choices; each choice is a dict with text/correct/position
    and, where its kind uses them, credit/number/match."""
    problems = []
    if any(choice.get("credit") is not None for choice in choices) and kind not in CREDIT_KINDS:
        problems.append(
            "Only single-choice, short-answer and numerical questions give part credit."
        )
    numbers = [choice.get("number") for choice in choices]
    if kind == Question.Kind.NUMERICAL and None in numbers:
        problems.append("Give every answer of a numerical question its number.")
    if kind != Question.Kind.NUMERICAL and any(number is not None for number in numbers):
        problems.append("Only numerical questions give their answers a number.")
    if kind != Question.Kind.MATCHING and any(choice.get("match") for choice in choices):
        problems.append("Only matching questions give their choices a match.")
    if kind in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
        return problems + _typed_problems(kind, choices)
    if kind == Question.Kind.MATCHING:
        return problems + _matching_problems(choices)
    if kind == Question.Kind.ORDERING:
        positions = [choice.get("position") for choice in choices]
        if len(choices) < 3:
            problems.append("An ordering question needs at least three items.")
        if any(position is None for position in positions):
            problems.append("Give every item of an ordering question its correct position.")
        elif len(set(positions)) != len(positions):
            problems.append("Two items share a position: give each item its own place.")
        if any(choice.get("correct") for choice in choices):
            problems.append('Items of an ordering question are placed, not ticked "correct".')
        return problems

    correct = sum(bool(choice.get("correct")) for choice in choices)
    if len(choices) < 2:
        problems.append("A question needs at least two choices.")
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
        label = "true/false" if kind == Question.Kind.TRUE_FALSE else "single-choice"
        problems.append(
            f"A {label} question needs exactly one correct choice; this one has {correct}."
        )
    if kind == Question.Kind.TRUE_FALSE and len(choices) != 2:
        problems.append('A true/false question has exactly two choices, "True" and "False".')
    if kind == Question.Kind.MULTIPLE and correct < 1:
        problems.append("A select-all-that-apply question needs at least one correct choice.")
    if any(choice.get("position") is not None for choice in choices):
        problems.append("Only ordering questions give their choices a position.")
    return problems


def _typed_problems(kind: str, choices: list[dict]) -> list[str]:
    problems = []
    label = "A short-answer" if kind == Question.Kind.SHORT else "A numerical"
    if not any(choice.get("correct") for choice in choices):
        problems.append(f"{label} question needs at least one answer marked correct.")
    if any(choice.get("position") is not None for choice in choices):
        problems.append("Only ordering questions give their choices a position.")
    if kind == Question.Kind.SHORT:
        # The wildcard stays in the compared form: "Grant*" and "Grant" are different answers.
        accepted = ["*".join(map(normalise, (c.get("text") or "").split("*"))) for c in choices]
        if any(not text for text in accepted):
            problems.append("Give every accepted answer some words or digits.")
        elif len(set(accepted)) != len(accepted):
            problems.append(
                "Two accepted answers are the same once case, spaces and punctuation are "
                "ignored: keep one."
            )
    return problems


def _matching_problems(choices: list[dict]) -> list[str]:
    problems = []
    pairs = [choice for choice in choices if choice.get("text") and choice.get("match")]
    if len(pairs) < 2:
        problems.append("A matching question needs at least two pairs (an item and its match).")
    if any(not choice.get("match") for choice in choices):
        problems.append("Give every item of a matching question its match.")
    items = [normalise(choice["text"]) for choice in choices if choice.get("text")]
    if len(set(items)) != len(items):
        problems.append("Two items of a matching question read the same: keep one.")
    if any(choice.get("correct") or choice.get("position") is not None for choice in choices):
        problems.append('Items of a matching question are paired, not ticked "correct" or placed.')
    return problems


def choice_as_plain(choice) -> dict:
    """A saved or unsaved choice as the plain dict ``choice_problems`` reads."""
    return {
        "correct": choice.is_correct,
        "position": choice.correct_position,
        "text": choice.text,
        "credit": choice.credit,
        "number": choice.number,
        "match": choice.match,
    }


def question_problems(question: Question) -> list[str]:
    """Problems with a saved question, read from its prefetched choices."""
    return choice_problems(question.kind, [choice_as_plain(c) for c in question.choices.all()])


def publish_problems(question_set) -> list[str]:
    """Why a set cannot be published yet; empty when it can."""
    questions = list(question_set.questions.prefetch_related("choices__event"))
    if not questions:
        return ["A set needs at least one question before it can be published."]
    problems = []
    for number, question in enumerate(questions, start=1):
        problems += [f"Question {number} ({question}): {p}" for p in question_problems(question)]
    return problems

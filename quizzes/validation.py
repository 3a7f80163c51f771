"""Rules a question must meet before students may see it, in words a teacher understands.

The admin forms, the importers and the fixture loader all ask these same questions.
"""

from quizzes.models import Question


def choice_problems(kind: str, choices: list[dict]) -> list[str]:
    """Problems with one question's choices; each choice is a dict with text/correct/position."""
    problems = []
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


def question_problems(question: Question) -> list[str]:
    """Problems with a saved question, read from its prefetched choices."""
    return choice_problems(
        question.kind,
        [
            {"correct": c.is_correct, "position": c.correct_position, "text": c.label}
            for c in question.choices.all()
        ],
    )


def publish_problems(question_set) -> list[str]:
    """Why a set cannot be published yet; empty when it can."""
    questions = list(question_set.questions.prefetch_related("choices__event"))
    if not questions:
        return ["A set needs at least one question before it can be published."]
    problems = []
    for number, question in enumerate(questions, start=1):
        problems += [f"Question {number} ({question}): {p}" for p in question_problems(question)]
    return problems

"""Rules a question must meet before students may see it, in words a teacher understands.

The admin forms, the importers and the fixture loader all ask these same questions.
"""

from django.utils.translation import gettext as _

from quizzes.models import Question
from quizzes.typed_answers import normalise

CREDIT_KINDS = {Question.Kind.SINGLE, Question.Kind.SHORT, Question.Kind.NUMERICAL}


def choice_problems(kind: str, choices: list[dict]) -> list[str]:
    """Problems with one question's choices; each choice is a dict with text/correct/position
    and, where its kind uses them, credit/number/match."""
    problems = []
    if any(choice.get("credit") is not None for choice in choices) and kind not in CREDIT_KINDS:
        problems.append(
            _("Only single-choice, short-answer and numerical questions give part credit.")
        )
    numbers = [choice.get("number") for choice in choices]
    if kind == Question.Kind.NUMERICAL and None in numbers:
        problems.append(_("Give every answer of a numerical question its number."))
    if kind != Question.Kind.NUMERICAL and any(number is not None for number in numbers):
        problems.append(_("Only numerical questions give their answers a number."))
    if kind != Question.Kind.MATCHING and any(choice.get("match") for choice in choices):
        problems.append(_("Only matching questions give their choices a match."))
    if kind in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
        return problems + _typed_problems(kind, choices)
    if kind == Question.Kind.MATCHING:
        return problems + _matching_problems(choices)
    if kind == Question.Kind.ORDERING:
        positions = [choice.get("position") for choice in choices]
        if len(choices) < 3:
            problems.append(_("An ordering question needs at least three items."))
        if any(position is None for position in positions):
            problems.append(_("Give every item of an ordering question its correct position."))
        elif len(set(positions)) != len(positions):
            problems.append(_("Two items share a position: give each item its own place."))
        if any(choice.get("correct") for choice in choices):
            problems.append(_('Items of an ordering question are placed, not ticked "correct".'))
        return problems

    correct = sum(bool(choice.get("correct")) for choice in choices)
    if len(choices) < 2:
        problems.append(_("A question needs at least two choices."))
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
        if kind == Question.Kind.TRUE_FALSE:
            message = _(
                "A true/false question needs exactly one correct choice; this one has %(n)s."
            )
        else:
            message = _(
                "A single-choice question needs exactly one correct choice; this one has %(n)s."
            )
        problems.append(message % {"n": correct})
    if kind == Question.Kind.TRUE_FALSE and len(choices) != 2:
        problems.append(_('A true/false question has exactly two choices, "True" and "False".'))
    if kind == Question.Kind.MULTIPLE and correct < 1:
        problems.append(_("A select-all-that-apply question needs at least one correct choice."))
    if any(choice.get("position") is not None for choice in choices):
        problems.append(_("Only ordering questions give their choices a position."))
    return problems


def _typed_problems(kind: str, choices: list[dict]) -> list[str]:
    problems = []
    if not any(choice.get("correct") for choice in choices):
        if kind == Question.Kind.SHORT:
            problems.append(_("A short-answer question needs at least one answer marked correct."))
        else:
            problems.append(_("A numerical question needs at least one answer marked correct."))
    if any(choice.get("position") is not None for choice in choices):
        problems.append(_("Only ordering questions give their choices a position."))
    if kind == Question.Kind.SHORT:
        # The wildcard stays in the compared form: "Grant*" and "Grant" are different answers.
        accepted = ["*".join(map(normalise, (c.get("text") or "").split("*"))) for c in choices]
        if any(not text for text in accepted):
            problems.append(_("Give every accepted answer some words or digits."))
        elif len(set(accepted)) != len(accepted):
            problems.append(
                _(
                    "Two accepted answers are the same once case, spaces and punctuation are "
                    "ignored: keep one."
                )
            )
    return problems


def _matching_problems(choices: list[dict]) -> list[str]:
    problems = []
    pairs = [choice for choice in choices if choice.get("text") and choice.get("match")]
    if len(pairs) < 2:
        problems.append(_("A matching question needs at least two pairs (an item and its match)."))
    if any(not choice.get("match") for choice in choices):
        problems.append(_("Give every item of a matching question its match."))
    items = [normalise(choice["text"]) for choice in choices if choice.get("text")]
    if len(set(items)) != len(items):
        problems.append(_("Two items of a matching question read the same: keep one."))
    if any(choice.get("correct") or choice.get("position") is not None for choice in choices):
        problems.append(
            _('Items of a matching question are paired, not ticked "correct" or placed.')
        )
    return problems


def choice_as_plain(choice) -> dict:
    """A saved or unsaved choice as the plain dict ``choice_problems`` reads."""
    return {
        "correct": choice.is_correct,
        "position": choice.correct_position,
        "text": choice.text_en,
        "credit": choice.credit,
        "number": choice.number,
        "match": choice.match_en,
    }


def question_problems(question: Question) -> list[str]:
    """Problems with a saved question, read from its prefetched choices."""
    return choice_problems(question.kind, [choice_as_plain(c) for c in question.choices.all()])


def publish_problems(question_set) -> list[str]:
    """Why a set cannot be published yet; empty when it can."""
    questions = list(question_set.questions.prefetch_related("choices__event"))
    if not questions:
        return [_("A set needs at least one question before it can be published.")]
    problems = []
    for number, question in enumerate(questions, start=1):
        problems += [
            _("Question %(number)s (%(question)s): %(problem)s")
            % {"number": number, "question": question, "problem": p}
            for p in question_problems(question)
        ]
    return problems

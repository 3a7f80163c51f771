"""Question-writing checks: the rules of good item writing, run on a saved set.

Unlike the rules in ``validation.py`` these never block saving or publishing. Each check returns
warnings in plain words that name the question by its number in the set and the start of its prompt,
so a teacher can find it and decide. ``question_set_warnings`` runs every check on one set in two
queries (the questions, then their choices), however many questions it has.

One rule of item writing needs no check here: every question must send the student to an explainer
section to reread, and the database already refuses a question without one (``Question.section``
is required), so a check for it could never fire.
"""

import math
import re

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from quizzes.models import Choice, Question, QuestionSet

EXCERPT_LENGTH = 60
# The kinds where a student picks from choices they see; typed and matching answers differ.
CHOSEN_KINDS = {Question.Kind.SINGLE, Question.Kind.TRUE_FALSE, Question.Kind.MULTIPLE,
                Question.Kind.ORDERING}  # fmt: skip

# True/false keys: at least this many questions before the share of "True" is judged, and the
# share allowed either side of a half (see lopsided_true_false).
TRUE_FALSE_MINIMUM = 4
TRUE_FALSE_LOW, TRUE_FALSE_HIGH = 0.4, 0.6

# Longest/shortest key: at least this many single-choice questions, and how improbable the count
# must be under chance before it is reported (see length_gives_the_answer_away).
LENGTH_MINIMUM = 3
LENGTH_SIGNIFICANCE = 0.05

# The whole choice, so that "None of these states joined NATO" is a choice of its own.
ALL_OR_NONE = re.compile(
    r"(?:all|none|both|neither)(?: of)?(?: the)? (?:above|these|preceding)[.!]?", re.IGNORECASE
)
NEGATIVE = re.compile(r"\b(?:not|except|never|\w+n['’]t)\b", re.IGNORECASE)
# Markdown emphasis: **strong**, __strong__, *em*, _em_.
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)


def question_set_warnings(question_set: QuestionSet) -> list[str]:
    """Every check's warnings for one set, in the order of the checks."""
    questions = list(
        question_set.questions.defer("explanation").prefetch_related(
            # A choice without text shows its timeline event's title.
            Prefetch("choices", Choice.objects.select_related("event").defer("event__description"))
        )
    )
    return [
        warning
        for check in (
            lopsided_true_false,
            length_gives_the_answer_away,
            all_or_none_of_the_above,
            unemphasised_negative,
            duplicate_choices,
            wrong_choice_without_feedback,
            choices_not_shuffled,
        )
        for warning in check(question_set, questions)
    ]


def normalised(text: str) -> str:
    return " ".join(text.split())


def excerpt(question: Question) -> str:
    prompt = normalised(question.prompt)
    if len(prompt) > EXCERPT_LENGTH:
        prompt = prompt[: EXCERPT_LENGTH - 1].rstrip() + "…"
    return f"“{prompt}”"


def named(numbered: list[tuple[int, Question]]) -> str:
    return "; ".join(
        _("question %(number)s (%(excerpt)s)") % {"number": number, "excerpt": excerpt(question)}
        for number, question in numbered
    )


def choices_of(question: Question) -> list[Choice]:
    return sorted(question.choices.all(), key=lambda choice: (choice.position, choice.pk))


def lopsided_true_false(question_set, questions) -> list[str]:
    """Too many true/false questions keyed the same way.

    A set is lopsided when fewer than 40% or more than 60% of its true/false questions are keyed
    "True", with both bounds rounded outwards to whole questions: in a small set one question moves
    the share by 15 to 25 points, so strict bounds would demand an exact split (2 of 4, 3 of 6);
    rounding outwards allows one question of slack (1 to 3 of 4, 2 to 4 of 6, 8 to 12 of 20).
    Under four true/false questions the share says too little to judge.
    """
    true_false = [
        (number, question)
        for number, question in enumerate(questions, start=1)
        if question.kind == Question.Kind.TRUE_FALSE
    ]
    total = len(true_false)
    if total < TRUE_FALSE_MINIMUM:
        return []
    # "True" is the first choice: the question page always shows True, then False.
    keyed_true = sum(
        any(choice.is_correct for choice in choices_of(question)[:1])
        for _number, question in true_false
    )
    if math.floor(TRUE_FALSE_LOW * total) <= keyed_true <= math.ceil(TRUE_FALSE_HIGH * total):
        return []
    if keyed_true * 2 > total:
        answer, count = pgettext("true/false answer", "True"), keyed_true
    else:
        answer, count = pgettext("true/false answer", "False"), total - keyed_true
    return [
        _(
            "%(count)s of the %(total)s true/false questions have the answer “%(answer)s”: a "
            "student who always answers “%(answer)s” scores %(share)s%% on them. Aim for between "
            "%(low)s and %(high)s of each."
        )
        % {
            "count": count,
            "total": total,
            "answer": answer,
            "share": round(100 * count / total),
            "low": math.floor(TRUE_FALSE_LOW * total),
            "high": math.ceil(TRUE_FALSE_HIGH * total),
        }
    ]


def at_least_probability(probabilities: list[float], count: int) -> float:
    """The chance that at least ``count`` of independent events with these chances happen."""
    # distribution[k]: the chance that exactly k of the events so far happened.
    distribution = [1.0]
    for p in probabilities:
        distribution = [
            (distribution[k] if k < len(distribution) else 0.0) * (1 - p)
            + (distribution[k - 1] * p if k > 0 else 0.0)
            for k in range(len(distribution) + 1)
        ]
    return sum(distribution[count:])


def length_gives_the_answer_away(question_set, questions) -> list[str]:
    """The correct choice is the longest (or the shortest) more often than chance explains.

    The rule, over the set's single-choice questions with at least two choices: count the
    questions whose correct choice is strictly longer (or strictly shorter) than each of the others,
    in characters. If the key's place were chosen at random among n choices of different lengths, a
    question would count with chance 1/n, so the count follows a binomial distribution with those
    chances (expected count: the sum of 1/n). Warn when a count at least as high as the one observed
    has a chance under 5% — and never below three questions. Equal lengths only make a strict
    longest rarer, so the 1/n chances can only make the check more cautious.
    """
    single = [
        (number, question, choices_of(question))
        for number, question in enumerate(questions, start=1)
        if question.kind == Question.Kind.SINGLE and len(question.choices.all()) >= 2
    ]
    if len(single) < LENGTH_MINIMUM:
        return []
    chances = [1 / len(choices) for _number, _question, choices in single]
    warnings = []
    messages = {
        max: _(
            "The correct choice is the longest in %(hits)s of the %(questions)s single-choice "
            "questions, where chance would make it about %(expected)s: a student who always picks "
            "the longest choice does well without knowing the answers. Vary the lengths of the "
            "correct choices in %(named)s."
        ),
        min: _(
            "The correct choice is the shortest in %(hits)s of the %(questions)s single-choice "
            "questions, where chance would make it about %(expected)s: a student who always picks "
            "the shortest choice does well without knowing the answers. Vary the lengths of the "
            "correct choices in %(named)s."
        ),
    }
    for extreme in (max, min):
        hits = []
        for number, question, choices in single:
            lengths = [len(normalised(choice.label)) for choice in choices]
            target = extreme(lengths)
            keys = [n for choice, n in zip(choices, lengths, strict=True) if choice.is_correct]
            # A draft may have no key or two; only a single key strictly at the extreme counts.
            if keys == [target] and lengths.count(target) == 1:
                hits.append((number, question))
        if hits and at_least_probability(chances, len(hits)) < LENGTH_SIGNIFICANCE:
            warnings.append(
                messages[extreme]
                % {
                    "hits": len(hits),
                    "questions": len(single),
                    "expected": number_format(sum(chances), 1),
                    "named": named(hits),
                }
            )
    return warnings


def all_or_none_of_the_above(question_set, questions) -> list[str]:
    """A choice like "All of the above": it rewards partial knowledge, and shuffling breaks it."""
    return [
        _(
            "Question %(number)s (%(excerpt)s) has the choice “%(choice)s”: a student who spots "
            "two right choices needs to know no more, and when choices are shuffled “above” "
            "points nowhere. Replace it with a choice of its own."
        )
        % {"number": number, "excerpt": excerpt(question), "choice": choice.label}
        for number, question in enumerate(questions, start=1)
        for choice in choices_of(question)
        if ALL_OR_NONE.fullmatch(normalised(choice.label))
    ]


def is_emphasised(prompt: str, start: int, word: str) -> bool:
    """Whether a negative word is in capitals or inside Markdown emphasis."""
    if word.isupper() and len(word) > 1:
        return True
    return any(span.start() < start < span.end() for span in EMPHASIS.finditer(prompt))


def unemphasised_negative(question_set, questions) -> list[str]:
    """A negative in a prompt ("Which is not…", "except") that a student can read past."""
    warnings = []
    for number, question in enumerate(questions, start=1):
        plain = [
            match.group()
            for match in NEGATIVE.finditer(question.prompt)
            if not is_emphasised(question.prompt, match.start(), match.group())
        ]
        if plain:
            words = ", ".join(f"“{word}”" for word in dict.fromkeys(plain))
            warnings.append(
                _(
                    "Question %(number)s (%(excerpt)s) asks in the negative (%(words)s) without "
                    "emphasis, so a hurried student may miss it. Put the word in bold (**not**) "
                    "or capitals (NOT), or ask the question the positive way."
                )
                % {"number": number, "excerpt": excerpt(question), "words": words}
            )
    return warnings


def duplicate_choices(question_set, questions) -> list[str]:
    """Two choices of one question that read the same once case and spacing are ignored."""
    warnings = []
    for number, question in enumerate(questions, start=1):
        if question.kind not in CHOSEN_KINDS:
            continue  # accepted short answers and matching items have their own rules
        seen = {}
        for choice in choices_of(question):
            seen.setdefault(normalised(choice.label).casefold(), []).append(choice)
        for same in seen.values():
            if len(same) > 1:
                warnings.append(
                    _(
                        "Question %(number)s (%(excerpt)s) has %(count)s choices that read "
                        "“%(label)s”: students cannot tell them apart."
                    )
                    % {
                        "number": number,
                        "excerpt": excerpt(question),
                        "count": len(same),
                        "label": same[0].label,
                    }
                )
    return warnings


def wrong_choice_without_feedback(question_set, questions) -> list[str]:
    """A wrong choice that tells the student nothing about why it is wrong."""
    warnings = []
    for number, question in enumerate(questions, start=1):
        if question.kind not in CHOSEN_KINDS or question.is_ordering:
            continue
        silent = [
            choice.label
            for choice in choices_of(question)
            if not choice.is_correct and not choice.feedback.strip()
        ]
        if silent:
            listed = ", ".join(f"“{label}”" for label in silent)
            warnings.append(
                ngettext(
                    "Question %(number)s (%(excerpt)s): the wrong choice %(listed)s has no "
                    "feedback. A student who picks it learns only that it is wrong; say why.",
                    "Question %(number)s (%(excerpt)s): the wrong choices %(listed)s have no "
                    "feedback. A student who picks one learns only that it is wrong; say why.",
                    len(silent),
                )
                % {"number": number, "excerpt": excerpt(question), "listed": listed}
            )
    return warnings


def choices_not_shuffled(question_set, questions) -> list[str]:
    """Choices shown in the authored order, where the key's position can become a habit."""
    kinds = {Question.Kind.SINGLE, Question.Kind.MULTIPLE}
    if question_set.shuffle_choices or not any(q.kind in kinds for q in questions):
        return []
    return [
        _(
            "“Shuffle choices” is off: every student sees the choices in the order they were "
            "written, so where the correct one usually sits can give it away and students can "
            "pass on answers by position. Turn it on."
        )
    ]

"""How far guessing gets a student who knows nothing, on each published set.

Run: .venv/bin/python bench/guessing.py

It uses the site's own database (db.sqlite3, or the one DATABASE_URL names), first migrated and
with any missing shipped content loaded, as `make run` does. Every score is the expected score as
a percentage of the set's questions, computed exactly (no sampling) with quizzes.scoring.
score_answer and the set's own partial-credit setting, as the site scores an answer:

- chance: every possible answer equally likely: one choice of a single-choice or true/false
  question, a non-empty subset of a select-all question's choices, an order of an ordering
  question's items;
- always False: "False" on every true/false question;
- longest, second longest: on every single-choice question, the choice that is the longest (the
  second longest) in characters; among choices of equal length the student picks at random;
- select all: every choice of every select-all question.

A strategy guesses at random (chance) on the questions it has no rule for, so each column compares
with chance directly: a strategy above chance is one the set rewards.
"""

import itertools
import os
import sys
from pathlib import Path
from statistics import fmean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import table  # noqa: E402


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # development settings: no secrets needed here
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Prefetch

    from quizzes.models import Choice, Question, QuestionSet
    from quizzes.scoring import score_answer

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)

    def possible_answers(question, choices):
        ids = [choice.pk for choice in choices]
        if question.is_ordering:
            return [list(order) for order in itertools.permutations(ids)]
        if question.is_multiple:
            sizes = range(1, len(ids) + 1)
            return [list(subset) for size in sizes for subset in itertools.combinations(ids, size)]
        return [[pk] for pk in ids]

    def expected(question, choices, answers, partial):
        """The mean score of these answers, each equally likely."""
        return fmean(score_answer(question, choices, a, partial=partial) for a in answers)

    def by_length_rank(choices, rank):
        """The answers a student picking the choice at this rank by length might give."""
        length = sorted((len(" ".join(c.label.split())) for c in choices), reverse=True)[rank]
        return [[c.pk] for c in choices if len(" ".join(c.label.split())) == length]

    strategies = {
        "always False": {Question.Kind.TRUE_FALSE: lambda choices: [[choices[1].pk]]},
        "longest": {Question.Kind.SINGLE: lambda choices: by_length_rank(choices, 0)},
        "second longest": {Question.Kind.SINGLE: lambda choices: by_length_rank(choices, 1)},
        "select all": {Question.Kind.MULTIPLE: lambda choices: [[c.pk for c in choices]]},
    }

    rows = []
    question_sets = QuestionSet.objects.published().order_by("slug")
    for question_set in question_sets.prefetch_related(
        Prefetch("questions__choices", Choice.objects.select_related("event"))
    ):
        questions = list(question_set.questions.all())
        totals = dict.fromkeys(["chance", *strategies], 0.0)
        for question in questions:
            choices = sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
            partial = question_set.partial_credit
            chance = expected(question, choices, possible_answers(question, choices), partial)
            totals["chance"] += chance
            for name, rules in strategies.items():
                rule = rules.get(question.kind)
                totals[name] += (
                    expected(question, choices, rule(choices), partial) if rule else chance
                )
        rows.append(
            [
                question_set.slug,
                len(questions),
                *(f"{100 * total / len(questions):.1f}%" for total in totals.values()),
            ]
        )
    print("Expected score of a student who guesses, per published set")
    print(table(["set", "questions", "chance", *strategies], rows))


if __name__ == "__main__":
    main()

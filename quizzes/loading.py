"""Load the shipped question sets from fixtures/quizzes/*.toml.

A set whose slug already exists is left alone, so teachers' corrections in the admin survive.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from explainer.loading import FIXTURES, Lookup, read_toml
from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.models import Choice, Question, QuestionSet


@transaction.atomic
def load_quizzes(directory: Path = FIXTURES / "quizzes") -> dict[str, int]:
    existing = set(QuestionSet.objects.values_list("slug", flat=True))
    lookups = {
        "source": Lookup(Source, "key"),
        "section": Lookup(Section, "slug"),
        "term": Lookup(Term, "slug"),
        "event": Lookup(TimelineEvent, "slug"),
    }
    counts = {"question sets": 0, "questions": 0}
    for path in sorted(directory.glob("*.toml")):
        data = read_toml(path)
        if data["slug"] in existing:
            continue
        question_set = QuestionSet.objects.create(
            slug=data["slug"],
            title=data["title"],
            topic=data["topic"],
            description=data["description"],
            is_published=True,
            shuffle_questions=data.get("shuffle_questions", False),
            shuffle_choices=data.get("shuffle_choices", True),
            partial_credit=data.get("partial_credit", False),
        )
        for position, entry in enumerate(data["questions"], start=1):
            _create_question(
                question_set, position, entry, lookups, f"{path.name} question {position}"
            )
        counts["question sets"] += 1
        counts["questions"] += len(data["questions"])
    return counts


def _create_question(question_set, position, entry, lookups, where):
    def optional(name):
        return lookups[name].get(entry[name], where) if entry.get(name) else None

    question = Question(
        question_set=question_set,
        position=position,
        kind=entry["kind"],
        prompt=entry["prompt"].strip(),
        explanation=entry["explanation"].strip(),
        source=lookups["source"].get(entry["source"], where),
        section=lookups["section"].get(entry["section"], where),
        term=optional("term"),
        event=optional("event"),
    )
    question.full_clean()
    question.save()
    if question.is_ordering:
        choices = [
            Choice(
                question=question,
                position=i,
                event=lookups["event"].get(slug, where),
                correct_position=i,
            )
            for i, slug in enumerate(entry["items"], start=1)
        ]
    else:
        choices = [
            Choice(
                question=question,
                position=i,
                text=choice["text"],
                is_correct=choice.get("correct", False),
                feedback=choice.get("feedback", "").strip(),
            )
            for i, choice in enumerate(entry["choices"], start=1)
        ]
    if not choices:
        raise ValidationError(f"{where}: no choices")
    Choice.objects.bulk_create(choices)

"""Load the shipped question sets from fixtures/quizzes/*.toml.

A set whose slug already exists is left alone, so teachers' corrections in the admin survive; only
its empty Ukrainian texts are filled from the fixture, where the English is still the fixture's
(``explainer.loading.fill_ukrainian``), so an installation older than the translations gets them.
The caller holds the transaction: ``load_content`` saves these with the explainer, or nothing.
"""

from pathlib import Path

from django.core.exceptions import ValidationError

from explainer.loading import FIXTURES, STRIP, fill_ukrainian, read_toml
from quizzes.interchange.checks import Links
from quizzes.interchange.sets import SET_TEXTS, ImportProblems, question_set_create
from quizzes.models import QuestionSet


def load_quizzes(directory: Path = FIXTURES / "quizzes") -> dict[str, int]:
    existing = {qs.slug: qs for qs in QuestionSet.objects.filter(owner__isnull=True)}
    taken = set(QuestionSet.objects.values_list("slug", flat=True))
    counts = {"question sets": 0, "questions": 0, "Ukrainian quiz texts added": 0}
    links = Links()
    for path in sorted(directory.glob("*.toml")):
        data = read_toml(path)
        if data["slug"] in existing:
            counts["Ukrainian quiz texts added"] += fill_set(existing[data["slug"]], data)
            continue
        if data["slug"] in taken:
            continue
        try:
            question_set_create(data=data, is_published=True, slug=data["slug"], links=links)
        except ImportProblems as error:
            raise ValidationError(f"{path.name}: {error}") from error
        counts["question sets"] += 1
        counts["questions"] += len(data["questions"])
    return counts


def fill_set(question_set: QuestionSet, data: dict) -> int:
    """The fixture's Ukrainian for a shipped set loaded before it existed, matching questions and
    choices by their place; how many texts were added."""
    filled = fill_ukrainian(question_set, data, dict.fromkeys(SET_TEXTS, STRIP))
    questions = {q.position: q for q in question_set.questions.prefetch_related("choices")}
    for number, entry in enumerate(data["questions"], start=1):
        question = questions.get(number)
        if question is None:
            continue
        filled += fill_ukrainian(question, entry, dict.fromkeys(["prompt", "explanation"], STRIP))
        choices = {choice.position: choice for choice in question.choices.all()}
        for position, choice in enumerate(entry.get("choices", entry.get("items", [])), start=1):
            if isinstance(choice, dict) and position in choices:
                fields = dict.fromkeys(["text", "feedback"], STRIP)
                filled += fill_ukrainian(choices[position], choice, fields)
    return filled

"""Load the shipped question sets from fixtures/quizzes/*.toml.

A set whose slug already exists is left alone, so teachers' corrections in the admin survive.
The caller holds the transaction: ``load_content`` saves these with the explainer, or nothing.
"""

from pathlib import Path

from django.core.exceptions import ValidationError

from explainer.loading import FIXTURES, read_toml
from quizzes.interchange.checks import Links
from quizzes.interchange.sets import ImportProblems, question_set_create
from quizzes.models import QuestionSet


def load_quizzes(directory: Path = FIXTURES / "quizzes") -> dict[str, int]:
    existing = set(QuestionSet.objects.values_list("slug", flat=True))
    counts = {"question sets": 0, "questions": 0}
    links = Links()
    for path in sorted(directory.glob("*.toml")):
        data = read_toml(path)
        if data["slug"] in existing:
            continue
        try:
            question_set_create(data=data, is_published=True, slug=data["slug"], links=links)
        except ImportProblems as error:
            raise ValidationError(f"{path.name}: {error}") from error
        counts["question sets"] += 1
        counts["questions"] += len(data["questions"])
    return counts

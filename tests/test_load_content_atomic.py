"""manage.py load_content saves the explainer and the quizzes together, or nothing at all."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from explainer.models import Source, Term
from quizzes.interchange.fixtures import load_quizzes
from quizzes.models import Question, QuestionSet
from tests.test_content_loading import EXPLAINER_MODELS

pytestmark = pytest.mark.django_db

UNKNOWN_SECTION = """
slug = "broken"
title = "Broken"
topic = "A set that cannot be loaded"
description = "Its question names a section that does not exist."

[[questions]]
kind = "single"
prompt = "Which?"
explanation = "Because."
source = "the-page-2022-03-29"
section = "no-such-section"

[[questions.choices]]
text = "A"
correct = true

[[questions.choices]]
text = "B"
correct = false
"""

BROKEN_FIXTURES = {
    "a question with an unknown section": (UNKNOWN_SECTION, "no-such-section"),
    "a file that is not TOML": ('slug = "broken\ntitle = ', "line 1"),
}


def explainer_rows():
    """Every explainer row's natural key, by model."""
    return {
        model.__name__: sorted(
            model.objects.values_list("key" if model is Source else "slug", flat=True)
        )
        for model in EXPLAINER_MODELS
    }


def delete_a_term():
    """Leave the explainer loader one row to create again, so it has something to save."""
    Term.objects.filter(pk=Term.objects.order_by("slug").first().pk).delete()


@pytest.mark.parametrize(("text", "named"), BROKEN_FIXTURES.values(), ids=BROKEN_FIXTURES.keys())
def test_a_broken_quiz_fixture_saves_no_explainer_row_either(monkeypatch, tmp_path, text, named):
    delete_a_term()
    before = explainer_rows()
    sets_before = QuestionSet.objects.count()
    (tmp_path / "broken.toml").write_text(text)
    monkeypatch.setattr(
        "quizzes.management.commands.load_content.load_quizzes", lambda: load_quizzes(tmp_path)
    )
    with pytest.raises(CommandError, match="nothing was saved") as raised:
        call_command("load_content", verbosity=0)
    assert named in str(raised.value)
    assert explainer_rows() == before
    assert QuestionSet.objects.count() == sets_before


def test_a_rerun_with_good_fixtures_saves_the_missing_row():
    loaded = explainer_rows()
    questions = Question.objects.count()
    delete_a_term()
    call_command("load_content", verbosity=0)
    assert explainer_rows() == loaded
    assert Question.objects.count() == questions

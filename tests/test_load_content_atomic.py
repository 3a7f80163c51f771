"""manage.py load_content saves the explainer and the quizzes together, or nothing at all."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from explainer.models import (
    Guarantor,
    NeutralState,
    ProposalPoint,
    Section,
    Source,
    Term,
    TimelineEvent,
)
from quizzes.interchange.fixtures import load_quizzes
from quizzes.models import Question, QuestionSet

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
    models = [Source, Section, Term, TimelineEvent, NeutralState, ProposalPoint, Guarantor]
    return {model.__name__: sorted(model.objects.values_list("slug" if model is not Source
            else "key", flat=True)) for model in models}  # fmt: skip


@pytest.mark.parametrize(("text", "named"), BROKEN_FIXTURES.values(), ids=BROKEN_FIXTURES.keys())
def test_a_broken_quiz_fixture_saves_no_explainer_row_either(monkeypatch, tmp_path, text, named):
    # A term the explainer loader would create again, so it has something to save.
    Term.objects.filter(slug=Term.objects.order_by("slug").first().slug).delete()
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


def test_a_rerun_creates_only_what_is_missing():
    Term.objects.filter(slug=Term.objects.order_by("slug").first().slug).delete()
    questions = Question.objects.count()
    call_command("load_content", verbosity=0)
    assert Term.objects.count() == len(explainer_rows()["Term"])
    assert Question.objects.count() == questions

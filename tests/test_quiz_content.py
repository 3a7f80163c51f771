"""The shipped question sets meet the content rules: enough questions, keys resting on H facts."""

import pytest

from explainer.loading import FIXTURES, read_toml
from quizzes.models import Question, QuestionSet
from tests.test_content_loading import fact_confidence

pytestmark = pytest.mark.django_db
MINIMUM = {
    "the-proposals": 12,
    "the-guarantors": 12,
    "the-timeline": 12,
    "what-neutrality-means": 10,
    "looking-back-and-after": 20,
}


def quiz_files():
    return {path.stem: read_toml(path) for path in sorted((FIXTURES / "quizzes").glob("*.toml"))}


def test_four_published_sets_with_fifty_questions_in_all():
    sets = QuestionSet.objects.published().with_question_count().filter(slug__in=MINIMUM)
    counts = {s.slug: s.question_count for s in sets}
    assert set(counts) == set(MINIMUM)
    for slug, minimum in MINIMUM.items():
        assert counts[slug] >= minimum, slug
    assert sum(counts.values()) >= 50


def test_the_timeline_has_four_ordering_questions_built_from_timeline_events():
    ordering = Question.objects.filter(question_set__slug="the-timeline", kind="ordering")
    assert ordering.count() >= 4
    for question in ordering.prefetch_related("choices__event"):
        choices = sorted(question.choices.all(), key=lambda c: c.correct_position)
        assert all(c.event_id for c in choices)
        dates = [c.event.date for c in choices]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), question.prompt


def test_every_answer_key_rests_on_high_confidence_facts_only():
    confidence = fact_confidence()
    for slug, data in quiz_files().items():
        for number, question in enumerate(data["questions"], start=1):
            assert question["facts"], f"{slug} question {number} names no fact"
            for fact in question["facts"]:
                assert confidence.get(fact) == "H", f"{slug} question {number}: {fact} is not H"


def test_every_question_explains_cites_and_links_to_the_explainer():
    for question in Question.objects.filter(question_set__owner=None).select_related(
        "source", "section"
    ):
        assert question.explanation.strip()
        assert question.source and question.section


def test_choice_questions_have_the_right_number_of_correct_choices():
    for question in Question.objects.prefetch_related("choices"):
        correct = sum(c.is_correct for c in question.choices.all())
        if question.kind in ("single", "true_false"):
            assert correct == 1, question.prompt
        elif question.kind == "multiple":
            assert correct >= 1, question.prompt

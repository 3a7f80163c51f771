import pytest

from quizzes.scoring import score_answer
from tests.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_set():
    from tests.factories import make_question_set

    return make_question_set(questions=0)


def ids(question, positions):
    by_position = {c.position: c.pk for c in question.choices.all()}
    return [by_position[p] for p in positions]


def test_single_choice_scores_one_or_zero(question_set):
    question = make_question(question_set, "single")
    choices = list(question.choices.all())
    assert score_answer(question, choices, ids(question, [1]), partial=True) == 1
    assert score_answer(question, choices, ids(question, [2]), partial=True) == 0


def test_multiple_correct_is_all_or_nothing_without_partial_credit(question_set):
    question = make_question(question_set, "multiple")  # choices 1 and 3 are right
    choices = list(question.choices.all())
    assert score_answer(question, choices, ids(question, [1, 3]), partial=False) == 1
    assert score_answer(question, choices, ids(question, [1]), partial=False) == 0
    assert score_answer(question, choices, ids(question, [1, 2, 3]), partial=False) == 0


def test_multiple_correct_with_partial_credit_subtracts_wrong_picks(question_set):
    question = make_question(question_set, "multiple")
    choices = list(question.choices.all())
    assert score_answer(question, choices, ids(question, [1]), partial=True) == 0.5
    assert score_answer(question, choices, ids(question, [1, 2]), partial=True) == 0
    assert score_answer(question, choices, ids(question, [2, 4]), partial=True) == 0
    assert score_answer(question, choices, ids(question, [1, 2, 3]), partial=True) == 0.5


def test_ordering_needs_the_exact_order_unless_partial_credit(question_set):
    question = make_question(question_set, "ordering")
    choices = list(question.choices.all())
    right = ids(question, [1, 2, 3, 4])
    swapped = ids(question, [1, 2, 4, 3])
    assert score_answer(question, choices, right, partial=False) == 1
    assert score_answer(question, choices, swapped, partial=False) == 0
    assert score_answer(question, choices, swapped, partial=True) == 0.5

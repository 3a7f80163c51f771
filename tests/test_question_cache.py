"""Question pages keep questions in a per-process cache; every edit reaches students at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from explainer.models import Term
from quizzes.models import Answer, Question
from quizzes.question_cache import QuestionCache
from tests.factories import Student, make_question_set

pytestmark = pytest.mark.django_db


def statements(func):
    with CaptureQueriesContext(connection) as queries:
        response = func()
    assert response.status_code == 200, response
    return sum(not q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in queries)


def warm(question_set):
    """A first student has seen question 1, so it is in the cache."""
    first = Student(Client())
    attempt = first.start(question_set)
    first.page(attempt, 1)
    return first, attempt


def test_a_question_another_student_has_seen_costs_fewer_queries(student):
    question_set = make_question_set(questions=2)
    cold = statements(lambda: student.page(student.start(question_set), 1))
    other = Student(Client())
    warm_count = statements(lambda: other.page(other.start(question_set), 1))
    assert warm_count == cold - 2


def test_an_edited_prompt_and_choice_show_on_the_next_page(student):
    question_set = make_question_set(questions=1)
    warm(question_set)
    question = question_set.questions.get()
    question.prompt = "A corrected prompt"
    question.save()
    choice = question.choices.get(position=2)
    choice.text = "A corrected choice"
    choice.save()
    body = student.page(student.start(question_set), 1).content.decode()
    assert "A corrected prompt" in body
    assert "A corrected choice" in body


def test_a_changed_answer_key_scores_the_next_answer(student):
    question_set = make_question_set(questions=1)
    warm(question_set)
    question = question_set.questions.get()
    old, new = question.choices.get(position=1), question.choices.get(position=2)
    old.is_correct, new.is_correct = False, True
    old.save()
    new.save()
    attempt = student.start(question_set)
    shown = student.shown(attempt, 1)
    student.answer(attempt, 1, {"choice": [shown.index(new) + 1]})
    assert Answer.objects.get(attempt=attempt).score == 1


def test_a_renamed_section_shows_in_the_feedback(student):
    question_set = make_question_set(questions=1)
    first, first_attempt = warm(question_set)
    first.answer(first_attempt, 1, first.right_answer(first_attempt, 1))
    section = question_set.questions.get().section
    section.title = "A renamed section"
    section.save()
    attempt = student.start(question_set)
    body = student.answer(attempt, 1, student.right_answer(attempt, 1), follow=True)
    assert "A renamed section" in body.content.decode()


def test_a_deleted_glossary_term_is_no_longer_linked(student):
    question_set = make_question_set(questions=1)
    term = Term.objects.order_by("pk").first()
    question_set.questions.update(term=term)  # before any page has cached the question
    first, first_attempt = warm(question_set)
    page = first.answer(first_attempt, 1, first.right_answer(first_attempt, 1), follow=True)
    assert term.get_absolute_url() in page.content.decode()
    term.delete()
    attempt = student.start(question_set)
    page = student.answer(attempt, 1, student.right_answer(attempt, 1), follow=True)
    assert term.get_absolute_url() not in page.content.decode()


def test_a_question_moved_to_another_set_leaves_the_old_one(student):
    question_set = make_question_set(questions=2)
    other_set = make_question_set(questions=1)
    attempt = student.start(question_set)
    assert student.page(attempt, 2).status_code == 200
    moved = Question.objects.get(pk=attempt.question_ids[1])
    moved.question_set = other_set
    moved.save()
    assert student.page(attempt, 2).status_code == 410  # "removed from the quiz"


def test_the_cache_keeps_the_questions_used_last_up_to_its_size():
    question_set = make_question_set(questions=3)
    ids = list(question_set.questions.order_by("pk").values_list("pk", flat=True))
    cache = QuestionCache(maxsize=2)

    def queries_for(wanted):
        with CaptureQueriesContext(connection) as queries:
            found = cache.many(wanted, question_set.pk, question_set.updated_at)
        assert sorted(found) == sorted(wanted)
        return len(queries)

    assert queries_for(ids) == 2  # the questions, then their choices, all together
    assert queries_for(ids[1:]) == 0  # the two used last are kept
    assert queries_for(ids[:1]) == 2  # the first was dropped to keep two

"""SQL queries per student page stay the same however many questions, choices or attempts exist."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizzes.models import Assignment
from tests.factories import Student, make_question_set

pytestmark = pytest.mark.django_db
KINDS = ("single", "multiple", "ordering", "true_false", "short", "numerical", "matching")


def count(func):
    """Statements a page runs; savepoints belong to the test's own transaction, not the page."""
    with CaptureQueriesContext(connection) as queries:
        response = func()
    assert response.status_code in (200, 302), response
    return sum(not q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in queries)


def queries_for_a_set_of(size, *, crowd=0):
    question_set = make_question_set(questions=size, kinds=KINDS)
    teacher = get_user_model().objects.create_user(f"teacher-{size}")
    assignment = Assignment.objects.create(title="10B", question_set=question_set, owner=teacher)
    for _ in range(crowd):
        other = Student(Client())
        attempt = other.start(question_set)
        other.answer(attempt, 1, other.right_answer(attempt, 1))
    student = Student(Client())
    attempt = student.start(question_set)
    answers = {n: student.right_answer(attempt, n) for n in (2, 3)}
    student.page(attempt, 4)  # seen by this process before it is counted below
    joining = Client()
    numbers = {
        "join": count(lambda: joining.post("/join/", {"code": assignment.join_code, "name": "A"})),
        "join again": count(
            lambda: joining.post("/join/", {"code": assignment.join_code, "name": "A"})
        ),
        "list": count(lambda: student.client.get("/quizzes/")),
        "detail": count(lambda: student.client.get(f"/quizzes/{question_set.slug}/")),
        "question": count(lambda: student.page(attempt, 2)),
        "question, seen before": count(lambda: student.page(attempt, 2)),
        "answer": count(lambda: student.answer(attempt, 2, answers[2])),
        "answer (htmx)": count(
            lambda: student.answer(attempt, 3, answers[3], headers={"HX-Request": "true"})
        ),
        "answered question": count(lambda: student.page(attempt, 2)),
        "unanswered question after answers": count(lambda: student.page(attempt, 4)),
    }
    for number in range(1, size + 1):
        student.answer(attempt, number, student.right_answer(attempt, number))
    numbers["results"] = count(lambda: student.client.get(f"/attempts/{attempt.pk}/results/"))
    return numbers


def test_queries_per_student_page_do_not_grow_with_questions_or_attempts():
    small = queries_for_a_set_of(5)
    large = queries_for_a_set_of(50, crowd=10)
    assert small == large
    assert small == {
        "join": 5,
        "join again": 3,
        "list": 2,
        "detail": 2,
        # The first time this process shows the question: the attempt, then the question and
        # its choices, which the process keeps. Before the first answer nothing else is asked.
        "question": 3,
        "question, seen before": 1,
        # The attempt, the INSERT of the answer and the UPDATE of the attempt's score.
        "answer": 3,
        # Question 3 had not been shown (its two queries, as above); the feedback also asks
        # whether an open assignment hides the correct answers.
        "answer (htmx)": 6,
        "answered question": 3,  # the attempt, its answer, and whether answers are hidden
        "unanswered question after answers": 2,  # the attempt, and that it has no answer
        "results": 3,  # the attempt, its answers, whether answers are hidden: no question
    }


def results_queries(size):
    """A finished attempt's results page: from a freshly started process, then once more."""
    from quizzes.question_cache import questions

    question_set = make_question_set(questions=size, kinds=KINDS)
    student = Student(Client())
    attempt = student.start(question_set)
    for number in range(1, size + 1):
        student.answer(attempt, number, student.right_answer(attempt, number))
    questions.clear()
    url = f"/attempts/{attempt.pk}/results/"
    cold = count(lambda: student.client.get(url))
    warm = count(lambda: student.client.get(url))
    page = student.client.get(url, {"show": "all"}).content.decode()
    return cold, warm, page.count('class="review-number"')


def test_the_results_page_fetches_its_questions_together_however_many_there_are():
    assert results_queries(5) == (5, 3, 5)
    assert results_queries(20) == (5, 3, 20)

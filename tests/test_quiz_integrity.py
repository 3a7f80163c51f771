import re
from collections import Counter

import pytest
from django.db import IntegrityError
from django.test import Client

from quizzes.models import Answer, Attempt, QuestionSet
from tests.factories import Student, make_question_set

pytestmark = pytest.mark.django_db
CHOICE_ROW = re.compile(r'<li><label class="choice">.*?</label></li>', re.S)
ORDER_ROW = re.compile(r'<li class="order-item">.*?</li>', re.S)


def answer_area(html: str) -> str:
    return html.split('id="answer-area"', 1)[1].split("</main>", 1)[0]


def normalised_rows(html, shown):
    """Each choice's markup with its own text and number blanked out."""
    area = answer_area(html)
    rows = CHOICE_ROW.findall(area) or ORDER_ROW.findall(area)
    assert len(rows) == len(shown)
    blanked = []
    for number, (row, choice) in enumerate(zip(rows, shown, strict=True), start=1):
        row = row.replace(choice.label.replace("'", "&#x27;").replace('"', "&quot;"), "TEXT")
        row = re.sub(rf'(<input[^>]*value="){number}"', r'\1N"', row)
        row = re.sub(rf"position-{number}\b", "position-N", row)
        blanked.append(row)
    return blanked


def test_no_markup_differs_between_right_and_wrong_choices_on_any_shipped_question(student):
    for question_set in QuestionSet.objects.published().filter(owner=None):
        attempt = student.start(question_set)
        for number in range(1, attempt.total + 1):
            shown = student.shown(attempt, number)
            html = student.page(attempt, number).content.decode()
            rows = normalised_rows(html, shown)
            assert len(set(rows)) == 1, (question_set.slug, number, rows)
            question = shown[0].question
            area = answer_area(html)
            assert question.explanation[:40] not in area
            for choice in shown:
                if choice.feedback:
                    assert choice.feedback[:40] not in area
            assert "correct" not in re.sub(r"<legend>.*?</legend>", "", area, flags=re.S).lower()


def test_the_right_choice_does_not_sit_in_a_fixed_place(client):
    question_set = make_question_set(questions=1, shuffle_choices=True)
    places = Counter()
    for _ in range(30):
        student = Student(Client())
        attempt = student.start(question_set)
        shown = student.shown(attempt, 1)
        places[next(i for i, c in enumerate(shown) if c.is_correct)] += 1
    assert len(places) >= 3


def test_ordering_items_are_never_shown_in_the_right_order(client):
    question_set = make_question_set(questions=1, kinds=("ordering",))
    for _ in range(25):
        student = Student(Client())
        attempt = student.start(question_set)
        shown = student.shown(attempt, 1)
        assert [c.correct_position for c in shown] != sorted(c.correct_position for c in shown)


def test_a_second_answer_changes_nothing(student):
    attempt = student.start(make_question_set(questions=2))
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    first = student.page(attempt, 1).content.decode()
    again = student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert again.status_code == 302
    assert Answer.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.score == 0 and attempt.answered_count == 1
    assert student.page(attempt, 1).content.decode().count("Not quite.") == first.count(
        "Not quite."
    )
    fragment = student.answer(
        attempt, 1, student.right_answer(attempt, 1), headers={"HX-Request": "true"}
    )
    assert "Not quite." in fragment.content.decode()
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_the_database_refuses_a_second_response_to_the_same_question(student):
    attempt = student.start(make_question_set(questions=1))
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    response = Answer.objects.get(attempt=attempt)
    with pytest.raises(IntegrityError):
        Answer.objects.create(attempt=attempt, question=response.question, selected=[], score=0)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"choice": "9"},
        {"choice": "0"},
        {"choice": "abc"},
        {"choice": ""},
        {"choice": ["1", "2"]},
    ],
    ids=["missing", "out-of-range", "zero", "not-a-number", "empty", "two-for-single"],
)
def test_bad_answers_get_a_4xx_and_change_no_row(student, data):
    attempt = student.start(make_question_set(questions=1))
    response = student.answer(attempt, 1, data)
    assert 400 <= response.status_code < 500
    assert not Answer.objects.exists()
    attempt.refresh_from_db()
    assert attempt.answered_count == 0 and attempt.score == 0


@pytest.mark.parametrize(
    "data",
    [
        {"position-1": "1", "position-2": "1", "position-3": "2", "position-4": "3"},
        {"position-1": "1", "position-2": "2", "position-3": "3"},
        {"position-1": "1", "position-2": "2", "position-3": "3", "position-4": "5"},
        {"position-1": "x", "position-2": "2", "position-3": "3", "position-4": "4"},
    ],
    ids=["repeated", "missing", "out-of-range", "not-a-number"],
)
def test_bad_ordering_answers_get_a_4xx_and_change_no_row(student, data):
    attempt = student.start(make_question_set(questions=1, kinds=("ordering",)))
    response = student.answer(attempt, 1, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "position" in response.content.decode()
    assert not Answer.objects.exists()


def test_an_attempt_from_another_session_is_refused(student):
    attempt = student.start(make_question_set(questions=1))
    stranger = Student(Client())
    assert stranger.page(attempt, 1).status_code == 403
    assert stranger.answer(attempt, 1, student.right_answer(attempt, 1)).status_code == 403
    assert stranger.client.get(f"/attempts/{attempt.pk}/results/").status_code == 403
    assert not Answer.objects.exists()


def test_unpublished_sets_cannot_be_started_or_answered(student):
    question_set = make_question_set(questions=1)
    attempt = student.start(question_set)
    QuestionSet.objects.filter(pk=question_set.pk).update(is_published=False)
    assert student.client.get(f"/quizzes/{question_set.slug}/").status_code == 404
    assert student.client.post(f"/quizzes/{question_set.slug}/start/").status_code == 404
    assert student.answer(attempt, 1, student.right_answer(attempt, 1)).status_code == 404
    assert not Answer.objects.exists()
    assert Attempt.objects.count() == 1


def test_question_numbers_outside_the_attempt_are_404(student):
    attempt = student.start(make_question_set(questions=2))
    assert student.page(attempt, 0).status_code == 404
    assert student.page(attempt, 3).status_code == 404


def test_csrf_is_required_for_every_post_including_htmx(student):
    question_set = make_question_set(questions=1)
    attempt = student.start(question_set)
    strict = Student(Client(enforce_csrf_checks=True))
    strict.client.cookies = student.client.cookies
    data = student.right_answer(attempt, 1)
    assert strict.answer(attempt, 1, data).status_code == 403
    assert strict.answer(attempt, 1, data, headers={"HX-Request": "true"}).status_code == 403
    assert strict.client.post(f"/quizzes/{question_set.slug}/start/").status_code == 403
    assert not Answer.objects.exists()

    page = strict.page(attempt, 1).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = strict.answer(attempt, 1, data, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200
    assert Answer.objects.count() == 1

"""Numerical questions (years, dates, measures): how typed numbers are read, the tolerance and
range rules, part credit, and what students and teachers see."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from quizzes.classroom.analysis import assignment_results
from quizzes.classroom.formatting import answer_text
from quizzes.interchange.gift import parse_gift
from quizzes.interchange.sets import question_set_create, question_set_to_dict
from quizzes.interchange.upload import export_gift
from quizzes.models import Answer, Assignment, Choice
from quizzes.scoring import score_answer, typed_match
from quizzes.typed_answers import NotANumber, number_matches, parse_number
from tests.factories import Student, logged_in, make_question_set, make_teacher
from tests.test_authoring import question_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1994", 1994),
        (" 1994 ", 1994),
        ("3.14", 3.14),
        ("3,14", 3.14),  # a decimal comma, as written in Ukraine
        ("0,125", 0.125),  # a leading 0 is never a thousands group
        ("1 994", 1994),  # a space groups thousands
        ("1\u202f994", 1994),  # the narrow no-break space a phone may insert
        ("1 000 000", 1_000_000),
        ("-5", -5),
        ("−5", -5),  # the minus sign
        ("+7", 7),
        (".5", 0.5),
        ("1e3", 1000),
        ("１９９４", 1994),  # full-width digits
    ],
)
def test_typed_numbers_are_read(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a number."),
        ("nineteen ninety-four", "That is not one number"),
        ("1994 AD", "That is not one number"),
        ("1,234.5", "That is not one number"),
        ("1.2.3", "That is not one number"),
        ("inf", "That is not one number"),
        ("nan", "That is not one number"),
        ("1e999", "That number is too large."),
        ("1,994", "a number in thousands, or one with a decimal comma"),  # 1994 or 1.994?
        ("1994 1995", "That is not one number"),
        ("19 94", "That is not one number"),
    ],
)
def test_text_that_is_not_one_number_is_refused_with_a_message(typed, message):
    with pytest.raises(NotANumber, match=message):
        parse_number(typed)


@pytest.mark.parametrize(
    ("number", "tolerance", "typed", "matches"),
    [
        (1994, 0, 1994, True),
        (1994, 0, 1995, False),
        (1994, None, 1994, True),
        (3.14, 0.01, 3.15, True),  # the edge counts, despite 3.15 - 3.14 > 0.01 in floats
        (3.14, 0.01, 3.13, True),
        (3.14, 0.01, 3.1501, False),
        (1990.5, 0.5, 1990, True),  # {#1990..1991}, read as Moodle does
        (1990.5, 0.5, 1991, True),
        (1990.5, 0.5, 1992, False),
        (-5, 1, -6, True),
    ],
)
def test_tolerance_and_range_rules(number, tolerance, typed, matches):
    assert number_matches(number, tolerance, typed) is matches


@pytest.fixture
def question():
    return make_question_set(questions=1, kinds=("numerical",)).questions.get()


@pytest.mark.parametrize(
    ("typed", "score"), [("1994", 1.0), ("1993", 0.5), ("1995,0", 0.5), ("1992", 0.0)]
)
def test_the_first_answer_in_the_authors_order_decides_the_credit(question, typed, score):
    choices = list(question.choices.all())
    match = typed_match(question, choices, typed)
    selected = [] if match is None else [match.pk]
    assert score_answer(question, choices, selected, partial=False) == score


@pytest.fixture
def attempt(student):
    return student.start(make_question_set(questions=2, kinds=("numerical",)))


def test_the_page_holds_no_accepted_value(student, attempt):
    html = student.page(attempt, 1).content.decode()
    assert "1994" not in html and "1993" not in html and "1995" not in html
    assert 'inputmode="decimal"' in html


def test_a_near_answer_earns_part_credit_and_its_feedback(student, attempt):
    assert student.answer(attempt, 1, {"answer": "1 993"}).status_code == 302
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.text) == (0.5, "1 993")
    page = student.page(attempt, 1).content.decode()
    assert "Partly right." in page and "One year off." in page and "1994" in page


@pytest.mark.parametrize("typed", ["about 1994", "1,994", "", "1994 1995"])
def test_text_that_is_not_a_number_is_refused_and_uses_up_nothing(student, attempt, typed):
    response = student.answer(attempt, 1, {"answer": typed})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert not Answer.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert attempt.answered_count == 0
    assert student.answer(attempt, 1, {"answer": "1994"}).status_code == 302
    assert Answer.objects.get(attempt=attempt).score == 1.0


def test_a_second_answer_changes_nothing(student, attempt):
    student.answer(attempt, 1, {"answer": "1900"})
    student.answer(attempt, 1, {"answer": "1994"})
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.text) == (0.0, "1900")


def test_the_admin_needs_a_number_on_every_answer_of_a_numerical_question():
    teacher = make_teacher("author")
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    data = question_form(
        question_set, "numerical", [{"number": "1994", "is_correct": "on"}, {"text": "1995"}]
    )
    response = logged_in(teacher).post("/admin/quizzes/question/add/", data)
    assert response.status_code == 200
    assert "Give every answer of a numerical question its number." in response.content.decode()
    assert not question_set.questions.exists()


def test_the_admin_refuses_a_negative_tolerance():
    teacher = make_teacher("author")
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    data = question_form(
        question_set, "numerical", [{"number": "1994", "tolerance": "-1", "is_correct": "on"}]
    )
    response = logged_in(teacher).post("/admin/quizzes/question/add/", data)
    assert "A tolerance is 0 or more, and needs a number." in response.content.decode()
    assert not question_set.questions.exists()


def test_the_database_refuses_a_negative_tolerance_or_a_tolerance_without_a_number(question):
    for fields in ({"number": 1, "tolerance": -1}, {"text": "x", "tolerance": 1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Choice.objects.create(question=question, position=9, **fields)


def test_json_round_trip_and_duplicate_keep_numbers_tolerances_and_credits(question):
    data = question_set_to_dict(question.question_set)
    assert data["questions"][0]["choices"] == [
        {"number": 1994.0, "tolerance": 0.0, "correct": True, "feedback": ""},
        {"number": 1994.0, "tolerance": 1.0, "correct": False, "feedback": "One year off.",
         "credit": 0.5},
    ]  # fmt: skip
    copy = question_set_create(data={**data, "title": "Copy"})
    assert question_set_to_dict(copy) == {**data, "title": "Copy"}


def test_gift_export_reads_back_as_the_same_question(question):
    text, _ = export_gift(question.question_set)
    assert "{#\n=1994:0\n=%50%1994:1#One year off.\n" in text
    questions, errors = parse_gift(text)
    assert errors == []
    expected = question_set_to_dict(question.question_set)["questions"][0]["choices"]
    assert questions[0]["choices"] == expected


def test_json_import_refuses_a_number_that_is_not_one():
    data = question_set_to_dict(make_question_set(questions=1, kinds=("numerical",)))
    data["questions"][0]["choices"][0]["number"] = "1994"
    with pytest.raises(Exception, match="should be a number, not text"):
        question_set_create(data=data)


def test_item_analysis_says_how_far_off_the_wrong_answers_were():
    owner = make_teacher("analyst")
    question_set = make_question_set(questions=1, kinds=("numerical",))
    assignment = Assignment.objects.create(title="10B", question_set=question_set, owner=owner)
    for index, typed in enumerate(["1994", "1990", "2004", "1991", "1993"]):
        student = Student(Client())
        student.client.post("/join/", {"code": assignment.join_code, "name": f"S{index}"})
        attempt = assignment.attempts.get(display_name=f"S{index}")
        assert student.answer(attempt, 1, {"answer": typed}).status_code == 302
    row = assignment_results(assignment).questions[0]
    # Wrong (score under 1): 1990, 2004, 1991, 1993, off by 4, 10, 3 and 1.
    assert row.common_wrong == "wrong answers were off by 3.5 (median; 1 to 10)"
    answer = Answer.objects.get(text="1993")
    assert answer_text(answer.question, answer) == "1993 (partly right)"

"""CSV downloads open in a spreadsheet as plain data: no cell a student or teacher typed runs as a
formula."""

import csv
import io

import pytest
from django.test import Client

from quizzes.classroom.formatting import spreadsheet_cell
from quizzes.models import Assignment, Attempt, Choice
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
]


def download(client, assignment, kind):
    response = client.get(f"/admin/quizzes/assignment/{assignment.pk}/results/{kind}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def teacher():
    return make_teacher("olha")


def test_names_students_choose_are_never_read_as_formulas(teacher):
    assignment = Assignment.objects.create(
        title="10B", question_set=make_question_set(questions=1), owner=teacher
    )
    for name in [*PAYLOADS, "Ana", "Ana-Maria"]:
        client = Client()
        assert (
            client.post("/join/", {"code": assignment.join_code, "name": name}).status_code == 302
        )
        student = Student(client)
        attempt = Attempt.objects.get(display_name=name)
        student.answer(attempt, 1, student.right_answer(attempt, 1))

    header, *rows = download(logged_in(teacher), assignment, "students")
    assert header[0] == "name"
    names = sorted(row[0] for row in rows)
    assert names == sorted([*(f"'{payload}" for payload in PAYLOADS), "Ana", "Ana-Maria"])
    # Numbers stay numbers.
    assert {row[1] for row in rows} == {"1.0"}


def test_prompts_and_choice_labels_teachers_write_are_never_read_as_formulas(teacher, client):
    question_set = make_question_set(questions=1)
    question = question_set.questions.get()
    question.prompt = '=HYPERLINK("http://evil.example","Question")'
    question.save()
    Choice.objects.filter(question=question, position=2).update(text="@SUM(1+1)")
    assignment = Assignment.objects.create(title="10B", question_set=question_set, owner=teacher)
    assert client.post("/join/", {"code": assignment.join_code, "name": "Ana"}).status_code == 302
    student = Student(client)
    attempt = Attempt.objects.get()
    shown = student.shown(attempt, 1)
    picked = next(i for i, choice in enumerate(shown, start=1) if choice.text == "@SUM(1+1)")
    student.answer(attempt, 1, {"choice": [picked]})

    teacher_client = logged_in(teacher)
    _, row = download(teacher_client, assignment, "questions")
    assert row[1] == """'=HYPERLINK("http://evil.example","Question")"""
    assert row[7] == "'@SUM(1+1)"  # the most chosen wrong answer
    _, row = download(teacher_client, assignment, "students")
    assert row[0] == "Ana"
    assert row[-1] == "'@SUM(1+1) (wrong)"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_character_that_starts_a_formula_is_neutralised(start):
    assert spreadsheet_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Ana", "Ana-Maria", " =1", "", 3, -0.25, 1.0, None])
def test_other_values_are_left_alone(value):
    assert spreadsheet_cell(value) == value

"""What a teacher reads: per student, per question and per section, for their own classes only."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.classroom.analysis import assignment_results
from quizzes.models import Answer, Assignment, Attempt
from quizzes.services import attempt_answer
from tests.factories import logged_in, make_question_set
from tests.factories import make_teacher as teacher

pytestmark = pytest.mark.django_db


def take(assignment, name, answers):
    """A student's finished attempt. ``answers`` maps question number to the choice positions
    picked (1 = the factory's first, correct choice)."""
    questions = list(assignment.question_set.questions.order_by("position"))
    attempt = Attempt.objects.create(
        question_set=assignment.question_set,
        assignment=assignment,
        display_name=name,
        student_key=name,
        question_ids=[q.pk for q in questions],
        seed=1,
    )
    for number, positions in answers.items():
        question = questions[number - 1]
        choices = list(question.choices.all())
        selected = [c.pk for c in choices if c.position in positions]
        attempt_answer(attempt=attempt, question=question, choices=choices, selected=selected)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def classroom():
    """Four students on three single-choice questions; choice 1 is right, 2-4 wrong."""
    owner = teacher("alice")
    assignment = Assignment.objects.create(
        title="10B", question_set=make_question_set(questions=3), owner=owner
    )
    take(assignment, "Ana", {1: [1], 2: [1], 3: [1]})  # 3
    take(assignment, "Ben", {1: [1], 2: [1], 3: [2]})  # 2
    take(assignment, "Cai", {1: [1], 2: [2], 3: [1]})  # 2
    take(assignment, "Dee", {1: [2], 2: [3], 3: [1]})  # 1
    return assignment


def test_item_analysis_matches_a_hand_computed_example(classroom):
    results = assignment_results(classroom)
    q1, q2, q3 = results.questions
    # Facility: the share answering right.
    assert (q1.facility, q2.facility, q3.facility) == (0.75, 0.5, 0.75)
    # 27% of 4 attempts rounds to 1: the top is Ana (3), the bottom Dee (1).
    assert (q1.discrimination, q2.discrimination, q3.discrimination) == (1.0, 1.0, 0.0)
    assert (q1.common_wrong, q1.common_wrong_share) == ("Choice 2", 0.25)
    assert q2.common_wrong in {"Choice 2", "Choice 3"} and q2.common_wrong_share == 0.25
    assert not any(row.flagged for row in results.questions)
    [section] = results.sections
    assert (section.answered, section.correct, section.questions) == (12, 8, [1, 2, 3])
    assert [s.attempt.display_name for s in results.students] == ["Ana", "Ben", "Cai", "Dee"]


def test_broken_questions_are_flagged(classroom):
    # Make question 3 reward the weaker student: only Dee and Ben now answer it "right".
    question = classroom.question_set.questions.order_by("position")[2]
    Answer.objects.filter(question=question).update(score=0)
    Answer.objects.filter(question=question, attempt__display_name__in=["Dee", "Ben"]).update(
        score=1
    )
    row = assignment_results(classroom).questions[2]
    assert row.discrimination == -1.0 and row.flagged
    Answer.objects.filter(question=question).update(score=0)
    row = assignment_results(classroom).questions[2]
    assert row.facility == 0 and row.flagged


def results_urls(assignment):
    base = f"/admin/quizzes/assignment/{assignment.pk}"
    return [
        f"{base}/results/",
        f"{base}/results/students.csv",
        f"{base}/results/questions.csv",
        f"{base}/change/",
    ]


def test_the_owner_reads_results_and_csv(classroom):
    client = logged_in(classroom.owner)
    page = client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/").content.decode()
    assert "Ana" in page and "Facility" in page and classroom.display_code in page
    students = client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/students.csv")
    rows = list(csv.reader(io.StringIO(students.content.decode())))
    assert rows[0][:3] == ["name", "score", "out of"]
    assert rows[1][:3] == ["Ana", "3.0", "3"] and rows[1][8] == "Choice 1 (right)"
    questions = client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/questions.csv")
    rows = list(csv.reader(io.StringIO(questions.content.decode())))
    assert rows[1][0] == "1" and rows[1][5] == "0.75" and rows[1][6] == "1.0"


def test_another_teacher_cannot_see_any_results_page_or_export(classroom):
    intruder = logged_in(teacher("bob"))
    for url in results_urls(classroom):
        response = intruder.get(url)
        assert response.status_code in (302, 404), url
        assert b"Ana" not in response.content
    listing = intruder.get("/admin/quizzes/assignment/").content.decode()
    assert "10B" not in listing


def test_anonymous_visitors_and_students_cannot_see_results(classroom):
    for url in results_urls(classroom):
        response = Client().get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_superusers_see_every_assignment(classroom):
    admin = get_user_model().objects.create_superuser("root", password="pw")
    client = logged_in(admin)
    for url in results_urls(classroom):
        assert client.get(url).status_code == 200, url


def test_a_teacher_assigns_a_published_set_and_owns_the_assignment(classroom):
    client = logged_in(classroom.owner)
    now = timezone.localtime()
    response = client.post(
        "/admin/quizzes/assignment/add/",
        {
            "title": "Year 11",
            "question_set": classroom.question_set.pk,
            "opens_at_0": now.strftime("%Y-%m-%d"),
            "opens_at_1": "08:00:00",
            "closes_at_0": "",
            "closes_at_1": "",
            "attempts_allowed": 1,
            "reveal": "after_each",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = Assignment.objects.get(title="Year 11")
    assert assignment.owner == classroom.owner and len(assignment.join_code) == 8


def test_results_cost_the_same_queries_for_ten_or_a_hundred_attempts(classroom):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assignment_results(classroom)
        return len(captured)

    before = queries()
    for i in range(96):
        take(classroom, f"S{i:03d}", {1: [1], 2: [i % 4 + 1], 3: [2]})
    assert queries() == before <= 4
    client = logged_in(classroom.owner)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
    page_queries = len(captured)
    take(classroom, "Late", {1: [1]})
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
    assert len(captured) == page_queries

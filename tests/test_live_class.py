"""A teacher-paced class: students' devices follow the teacher, answers only to the open question,
and the polling the waiting page does."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizzes.models import Answer, Assignment
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return make_teacher("paced-teacher")


@pytest.fixture
def paced(teacher):
    question_set = make_question_set(questions=3, owner=teacher, shuffle_questions=True)
    return Assignment.objects.create(
        title="10B", question_set=question_set, owner=teacher, pace=Assignment.Pace.TEACHER
    )


def join(assignment, name="Ana"):
    student = Student(Client())
    response = student.client.post("/join/", {"code": assignment.join_code, "name": name})
    attempt = assignment.attempts.get(display_name=name)
    return student, attempt, response


def move(teacher_client, assignment, action):
    assignment.refresh_from_db()
    return teacher_client.post(
        f"/teach/classes/{assignment.pk}/move/",
        {"action": action, "question": assignment.current_question},
    )


def test_a_student_who_joins_before_the_first_question_waits(paced):
    student, attempt, joined = join(paced)
    assert joined["Location"] == f"/attempts/{attempt.pk}/live/"
    page = student.client.get(joined["Location"])
    assert page.status_code == 200
    assert "Waiting for your teacher to open the first question" in page.content.decode()
    assert "Check again" in page.content.decode()


def test_the_class_takes_the_questions_in_the_sets_order_even_when_it_shuffles(paced):
    _, attempt, _ = join(paced)
    assert attempt.question_ids == list(paced.question_set.questions.values_list("pk", flat=True))


def test_the_student_follows_the_teacher_question_by_question(paced, teacher):
    teacher_client = logged_in(teacher)
    student, attempt, _ = join(paced)
    live = f"/attempts/{attempt.pk}/live/"

    assert move(teacher_client, paced, "next").status_code == 302
    assert student.client.get(live)["Location"] == f"/attempts/{attempt.pk}/1/"
    page = student.page(attempt, 1)
    assert page.status_code == 200 and "Check answer" in page.content.decode()

    answered = student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert answered["Location"] == live
    waiting = student.client.get(live).content.decode()
    assert "Waiting for the next question" in waiting
    assert "Answer saved." in waiting and "Right." not in waiting

    assert move(teacher_client, paced, "reveal").status_code == 302
    revealed = student.client.get(live).content.decode()
    assert "Right." in revealed and "Explanation 1" in revealed

    assert move(teacher_client, paced, "next").status_code == 302
    assert student.client.get(live)["Location"] == f"/attempts/{attempt.pk}/2/"


def test_a_question_the_teacher_has_not_opened_cannot_be_answered(paced, teacher):
    move(logged_in(teacher), paced, "next")
    student, attempt, _ = join(paced)
    response = student.answer(attempt, 2, student.right_answer(attempt, 2))
    assert response.status_code == 409
    assert "Your teacher has not opened this question yet." in response.content.decode()
    assert not Answer.objects.filter(attempt=attempt).exists()
    # Nor can its page be read: it sends the student to where the class is.
    assert student.page(attempt, 2)["Location"] == f"/attempts/{attempt.pk}/live/"


def test_an_answer_after_the_teacher_moved_on_is_refused_on_the_students_screen(paced, teacher):
    teacher_client = logged_in(teacher)
    student, attempt, _ = join(paced)
    move(teacher_client, paced, "next")
    form = student.page(attempt, 1)  # the student reads question 1 ...
    assert form.status_code == 200
    move(teacher_client, paced, "reveal")  # ... while the teacher shows its answer
    late = student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert late.status_code == 409
    assert "Your teacher has moved on" in late.content.decode()
    move(teacher_client, paced, "next")
    later = student.answer(
        attempt, 1, student.right_answer(attempt, 1), headers={"HX-Request": "true"}
    )
    assert later.status_code == 409
    assert "Your teacher has moved on" in later.content.decode()
    assert "<html" not in later.content.decode()  # the answer area only
    assert not Answer.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert attempt.answered_count == 0 and attempt.score == 0


def test_a_second_answer_to_the_open_question_changes_nothing(paced, teacher):
    move(logged_in(teacher), paced, "next")
    student, attempt, _ = join(paced)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    again = student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert again.status_code == 302
    assert Answer.objects.get(attempt=attempt).score == 0


def test_an_htmx_answer_sends_the_whole_page_to_the_waiting_page(paced, teacher):
    move(logged_in(teacher), paced, "next")
    student, attempt, _ = join(paced)
    response = student.answer(
        attempt, 1, student.right_answer(attempt, 1), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/attempts/{attempt.pk}/live/"
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_a_late_joiner_lands_on_the_open_question(paced, teacher):
    teacher_client = logged_in(teacher)
    move(teacher_client, paced, "next")
    move(teacher_client, paced, "reveal")
    move(teacher_client, paced, "next")
    student, attempt, joined = join(paced, "Late")
    assert student.client.get(joined["Location"])["Location"] == f"/attempts/{attempt.pk}/2/"


def test_a_student_cannot_move_the_class(paced):
    student, attempt, _ = join(paced)
    response = student.client.post(
        f"/teach/classes/{paced.pk}/move/", {"action": "next", "question": 0}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    paced.refresh_from_db()
    assert paced.current_question == 0


def test_ending_the_class_closes_it_and_sends_students_to_their_results(paced, teacher):
    teacher_client = logged_in(teacher)
    student, attempt, _ = join(paced)
    move(teacher_client, paced, "next")
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    ended = move(teacher_client, paced, "finish")
    assert ended["Location"] == f"/teach/classes/{paced.pk}/summary/"
    paced.refresh_from_db()
    assert paced.phase == Assignment.Phase.FINISHED and paced.has_closed()
    live = student.client.get(f"/attempts/{attempt.pk}/live/")
    assert live["Location"] == f"/attempts/{attempt.pk}/results/"
    assert student.client.get(live["Location"]).status_code == 200
    refused = student.answer(attempt, 2, student.right_answer(attempt, 2))
    assert refused.status_code == 403
    assert Answer.objects.filter(attempt=attempt).count() == 1


class TestPolling:
    def status(self, student, attempt, version, etag=None):
        headers = {"HX-Request": "true"}
        if etag:
            headers["If-None-Match"] = etag
        return student.client.get(
            f"/attempts/{attempt.pk}/live/status/", {"v": version}, headers=headers
        )

    def version(self, student, attempt):
        page = student.client.get(f"/attempts/{attempt.pk}/live/").content.decode()
        return page.split("live/status/?v=")[1].split('"')[0]

    def test_nothing_changed_is_a_304_and_a_move_tells_the_page_to_reload(self, paced, teacher):
        student, attempt, _ = join(paced)
        version = self.version(student, attempt)
        first = self.status(student, attempt, version)
        assert first.status_code == 200 and "HX-Redirect" not in first
        assert first["Cache-Control"] == "private, no-cache"
        again = self.status(student, attempt, version, etag=first["ETag"])
        assert again.status_code == 304

        move(logged_in(teacher), paced, "next")
        moved = self.status(student, attempt, version, etag=first["ETag"])
        assert moved.status_code == 200
        assert moved["HX-Redirect"] == f"/attempts/{attempt.pk}/live/"
        assert moved["ETag"] != first["ETag"]

    def test_another_browser_cannot_poll_a_students_attempt(self, paced):
        _, attempt, _ = join(paced)
        stranger = Student(Client())
        stranger.client.post("/join/", {"code": paced.join_code, "name": "Ben"})
        assert self.status(stranger, attempt, "0").status_code == 404

    def test_a_poll_is_one_query_however_many_students_joined(self, paced):
        student, attempt, _ = join(paced)
        version = self.version(student, attempt)
        etag = self.status(student, attempt, version)["ETag"]
        counts = []
        for extra in (0, 20):
            for number in range(extra):
                join(paced, f"Extra {len(counts)}-{number}")
            with CaptureQueriesContext(connection) as queries:
                assert self.status(student, attempt, version, etag=etag).status_code == 304
            counts.append(len(queries))
        assert counts == [1, 1]

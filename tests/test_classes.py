"""Assignments, join codes, the join page, the closing time and the wrong-code limit."""

import math
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from quizzes.classroom import joining
from quizzes.models import (
    JOIN_ALPHABET,
    JOIN_LENGTH,
    Answer,
    Assignment,
    Attempt,
    JoinThrottle,
    new_join_code,
)
from tests.factories import Student, make_question_set

pytestmark = pytest.mark.django_db


def make_assignment(owner=None, question_set=None, **fields):
    owner = owner or get_user_model().objects.create_user(f"t{Assignment.objects.count()}")
    return Assignment.objects.create(
        title=fields.pop("title", "Class 10B"),
        question_set=question_set or make_question_set(questions=3),
        owner=owner,
        **fields,
    )


def join(client, code, name="Ana", **kwargs):
    return client.post("/join/", {"code": code, "name": name}, **kwargs)


def test_join_codes_carry_40_bits_from_an_alphabet_without_look_alikes():
    assert len(set(JOIN_ALPHABET)) == 32 and JOIN_LENGTH == 8
    assert math.log2(len(JOIN_ALPHABET)) * JOIN_LENGTH >= 40
    assert not set("01OI") & set(JOIN_ALPHABET)
    codes = {new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(f"[{JOIN_ALPHABET}]{{8}}", code) for code in codes)
    # Every symbol turns up: the codes are drawn from the whole alphabet.
    assert set("".join(codes)) == set(JOIN_ALPHABET)


def test_codes_are_shown_in_groups_and_typed_in_any_case(client):
    assignment = make_assignment()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", assignment.display_code)
    typed = f" {assignment.display_code.lower()} "
    response = join(client, typed)
    assert response.status_code == 302
    attempt = Attempt.objects.get(assignment=assignment)
    assert attempt.display_name == "Ana"
    assert response["Location"] == f"/attempts/{attempt.pk}/1/"


def test_the_home_page_links_to_join(client):
    assert 'href="/join/"' in client.get("/").content.decode()


def test_joining_before_the_assignment_opens_gets_a_clear_message(client):
    assignment = make_assignment(opens_at=timezone.now() + timedelta(days=1))
    response = join(client, assignment.join_code)
    assert response.status_code == 403
    assert "opens on" in response.content.decode()
    assert not Attempt.objects.exists()


def test_joining_after_the_assignment_closes_gets_a_clear_message(client):
    assignment = make_assignment(
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(days=1)
    )
    response = join(client, assignment.join_code)
    assert response.status_code == 403
    assert "closed on" in response.content.decode()
    assert not Attempt.objects.exists()


def test_answers_after_close_are_refused_and_earlier_answers_kept(client):
    assignment = make_assignment(closes_at=timezone.now() + timedelta(hours=1))
    student = Student(client)
    join(client, assignment.join_code)
    attempt = Attempt.objects.get(assignment=assignment)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    Assignment.objects.filter(pk=assignment.pk).update(closes_at=timezone.now())

    late = student.answer(attempt, 2, student.right_answer(attempt, 2))
    assert late.status_code == 403
    assert "closed on" in late.content.decode()
    htmx = student.answer(
        attempt, 2, student.right_answer(attempt, 2), headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 403 and "No more answers" in htmx.content.decode()
    assert list(Answer.objects.values_list("question_id", flat=True)) == [attempt.question_ids[0]]
    attempt.refresh_from_db()
    assert attempt.answered_count == 1 and attempt.score == 1
    results = client.get(f"/attempts/{attempt.pk}/results/")
    assert results.status_code == 200 and "1 out of 3" in results.content.decode()


def test_answers_stay_hidden_until_the_close_when_the_teacher_says_so(client):
    assignment = make_assignment(
        closes_at=timezone.now() + timedelta(hours=1), reveal=Assignment.Reveal.AFTER_CLOSE
    )
    student = Student(client)
    join(client, assignment.join_code)
    attempt = Attempt.objects.get(assignment=assignment)
    fragment = student.answer(
        attempt, 1, student.wrong_answer(attempt, 1), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Answer saved." in fragment
    for secret in ("Not quite", "Right.", "The correct", "Explanation 1", "Why choice"):
        assert secret not in fragment
    for number in (2, 3):
        student.answer(attempt, number, student.right_answer(attempt, number))
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert "out of 3" not in results and "Explanation" not in results
    Assignment.objects.filter(pk=assignment.pk).update(closes_at=timezone.now())
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert "2 out of 3" in results and "Explanation 1" in results


def test_one_attempt_means_joining_again_shows_the_results(client):
    assignment = make_assignment()
    student = Student(client)
    join(client, assignment.join_code)
    attempt = Attempt.objects.get()
    for number in (1, 2, 3):
        student.answer(attempt, number, student.right_answer(attempt, number))
    again = join(client, assignment.join_code)
    assert again["Location"] == f"/attempts/{attempt.pk}/results/"
    assert Attempt.objects.count() == 1


def test_unlimited_attempts_start_afresh_after_finishing(client):
    assignment = make_assignment(attempts_allowed=Assignment.Attempts.UNLIMITED)
    student = Student(client)
    join(client, assignment.join_code)
    attempt = Attempt.objects.get()
    for number in (1, 2, 3):
        student.answer(attempt, number, student.right_answer(attempt, number))
    join(client, assignment.join_code)
    assert Attempt.objects.filter(assignment=assignment).count() == 2


def test_a_wrong_code_changes_nothing_and_says_so(client):
    make_assignment()
    response = join(client, "AAAA-BBBB")
    assert response.status_code == 422
    assert "No class uses that code" in response.content.decode()
    assert not Attempt.objects.exists()


def test_malformed_input_gets_422_and_no_row(client):
    assignment = make_assignment()
    for data in [{}, {"code": "ABC"}, {"code": assignment.join_code, "name": "   "}]:
        assert client.post("/join/", data).status_code == 422
    assert not Attempt.objects.exists() and not JoinThrottle.objects.exists()


def test_wrong_codes_are_limited_per_session_and_the_limit_resets(client, monkeypatch):
    assignment = make_assignment()
    for i in range(joining.WRONG_CODE_LIMIT):
        assert join(client, f"AAAA-AA{JOIN_ALPHABET[i]}{JOIN_ALPHABET[i]}").status_code == 422
    blocked = join(client, assignment.join_code)
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.content.decode()
    assert not Attempt.objects.exists()

    # Classmates on the same network, with their own sessions, are not blocked.
    assert join(Client(), assignment.join_code).status_code == 302

    later = timezone.now() + joining.WRONG_CODE_WINDOW + timedelta(seconds=1)
    monkeypatch.setattr(joining.timezone, "now", lambda: later)
    assert join(client, assignment.join_code).status_code == 302


def test_one_code_tried_from_many_sessions_is_limited_too(client):
    make_assignment()
    for _ in range(joining.WRONG_CODE_LIMIT):
        assert join(Client(), "ZZZZ-ZZZZ").status_code == 422
    assert join(Client(), "ZZZZ-ZZZZ").status_code == 429


def test_the_assignment_form_refuses_a_window_that_closes_before_it_opens():
    from quizzes.admin.assignments import AssignmentForm

    question_set = make_question_set(questions=1)
    now = timezone.now()
    form = AssignmentForm(
        data={
            "title": "T",
            "question_set": question_set.pk,
            "opens_at": (now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
            "closes_at": now.strftime("%Y-%m-%d %H:%M"),
            "attempts_allowed": 1,
            "reveal": "after_each",
        }
    )
    form.instance.owner = get_user_model().objects.create_user("x")
    assert not form.is_valid()
    assert "must open before it closes" in str(form.errors)

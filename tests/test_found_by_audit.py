"""Holes found by trying to break the site from outside: each test states the right behaviour and
fails on the code as it stands."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from quizzes.models import Assignment, Attempt, Question, QuestionSet
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db

# What a student's page shows only with the answer key.
KEY_SHOWN = ("The correct answer:", "The correct answers:", "The correct order:")
IMPORT = "/admin/quizzes/questionset/import/"


@pytest.fixture
def teacher():
    return make_teacher("ms_kovalenko")


def graded(question_set, owner, **fields):
    return Assignment.objects.create(
        title="Year 10, graded",
        question_set=question_set,
        owner=owner,
        closes_at=timezone.now() + timedelta(hours=1),
        reveal=Assignment.Reveal.AFTER_CLOSE,
        **fields,
    )


def test_the_private_copy_does_not_open_the_answer_key_of_the_shared_set_in_practice(teacher):
    # While a graded assignment of a shared set is open, practising that set shows no key. The
    # "Use a private copy" button moves the assignment to an identical copy, and from then on the
    # same questions are practised on the shared set with the key shown after each one, although
    # the button's message says the answers are not public.
    shared = QuestionSet.objects.get(slug="the-timeline")
    assignment = graded(shared, teacher)
    response = logged_in(teacher).post(f"/admin/quizzes/assignment/{assignment.pk}/private-copy/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.question_set != shared

    student = Student(Client())
    attempt = student.start(shared)
    prompt = Question.objects.get(pk=attempt.question_ids[0]).prompt
    assert assignment.question_set.questions.filter(prompt=prompt).exists()
    page = student.answer(attempt, 1, student.wrong_answer(attempt, 1), follow=True)

    assert page.status_code == 200
    assert not any(marker in page.content.decode() for marker in KEY_SHOWN)


def test_a_student_can_still_finish_after_the_teacher_deletes_a_question_they_had_not_reached(
    teacher,
):
    # The attempt keeps the deleted question's id: today resuming leads to a 404 and the results
    # page redirects to that 404 for ever, so the student's answers are lost to them.
    question_set = make_question_set(questions=3, owner=teacher, audience="practice")
    student = Student(Client())
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    second = attempt.question_ids[1]
    logged_in(teacher).post(f"/admin/quizzes/question/{second}/delete/", {"post": "yes"})

    resumed = student.client.post(f"/quizzes/{question_set.slug}/start/", follow=True)
    assert resumed.status_code == 200
    for number in (2, 3):
        if Question.objects.filter(pk=attempt.question_ids[number - 1]).exists():
            student.answer(attempt, number, student.right_answer(attempt, number))
    results = student.client.get(f"/attempts/{attempt.pk}/results/")
    assert results.status_code == 200


def test_an_assignment_that_students_started_keeps_its_set_in_the_change_form(teacher):
    # The private-copy button refuses to change the set once students have started, but the
    # assignment's own form changes it silently; rejoining then starts a second attempt on the
    # new set, though the assignment allows one.
    first = make_question_set(questions=3, owner=teacher, audience="classes")
    other = make_question_set(questions=3, owner=teacher, audience="classes")
    assignment = graded(first, teacher, attempts_allowed=Assignment.Attempts.ONE)
    browser = Client()
    joined = browser.post("/join/", {"code": assignment.join_code, "name": "Oksana"})
    assert joined.status_code == 302

    logged_in(teacher).post(
        f"/admin/quizzes/assignment/{assignment.pk}/change/",
        {
            "title": assignment.title,
            "question_set": other.pk,
            "closes_at_0": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "closes_at_1": "12:00",
            "attempts_allowed": 1,
            "reveal": "after_close",
        },
    )
    browser.post("/join/", {"code": assignment.join_code, "name": "Oksana"})

    assert Assignment.objects.get(pk=assignment.pk).question_set == first
    assert Attempt.objects.filter(assignment=assignment).count() == 1


def upload_json(teacher, content):
    client = Client(raise_request_exception=False)
    client.force_login(teacher)
    return client.post(IMPORT, {"file": SimpleUploadedFile("set.json", content.encode())})


def an_export(prompt="Which?", version="1"):
    question = {
        "kind": "single",
        "prompt": prompt,
        "explanation": "Because.",
        "source": "the-page-2022-03-29",
        "section": "guarantors",
        "choices": [{"text": "Right", "correct": True}, {"text": "Wrong", "feedback": "No."}],
    }
    body = json.dumps({"title": "Uploaded", "questions": [question]})
    # Built as text: json.dumps cannot write a lone surrogate escape or a 5,000-digit number.
    head = '{"format": "neutrality-question-sets", "version": '
    return f'{head}{version}, "question_sets": [{body}]}}'


def test_a_json_file_with_a_number_of_5000_digits_is_a_listed_problem_not_a_500(teacher):
    # json.loads raises ValueError (Python's limit on digits), which read_json does not catch.
    sets = QuestionSet.objects.count()
    response = upload_json(teacher, an_export(version="1" * 5000))
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert QuestionSet.objects.count() == sets


def test_a_json_file_with_a_lone_surrogate_escape_is_a_listed_problem_not_a_500(teacher):
    # "\ud800" is valid JSON text, but the string it makes cannot be encoded as UTF-8, so the
    # preview page fails while it is rendered.
    sets = QuestionSet.objects.count()
    response = upload_json(teacher, an_export(prompt="Which\\ud800?"))
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert QuestionSet.objects.count() == sets


def test_a_join_code_typed_with_cyrillic_lookalike_letters_joins(teacher):
    # On a Ukrainian keyboard A, B, C, E, H, K, M, P, T and X have Cyrillic twins that look the
    # same; a code typed with them is refused as wrong and counts towards the lock-out.
    question_set = make_question_set(questions=2, owner=teacher, audience="classes")
    assignment = Assignment.objects.create(
        title="Year 9", question_set=question_set, owner=teacher, join_code="ABCEHKMP"
    )
    cyrillic = "АВСЕ-НКМР"
    response = Client().post("/join/", {"code": cyrillic, "name": "Taras"})
    assert response.status_code == 302
    assert Attempt.objects.filter(assignment=assignment).count() == 1

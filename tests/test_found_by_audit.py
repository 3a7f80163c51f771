"""Holes found by trying to break the site from outside: each test states the right behaviour,
which the site lacked before its fix."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.test import Client
from django.utils import timezone

from quizzes.interchange.sets import question_set_duplicate
from quizzes.models import STARTED_SET, Answer, Assignment, Attempt, Question, QuestionSet
from tests.factories import Student, graded, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db

# What a student's page shows only with the answer key.
KEY_SHOWN = ("The correct answer:", "The correct answers:", "The correct order:")
IMPORT = "/admin/quizzes/questionset/import/"


@pytest.fixture
def teacher():
    return make_teacher("ms_kovalenko")


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


def test_the_admin_will_not_delete_or_move_a_question_of_a_set_students_have_started(teacher):
    # Deleting a question they had not reached left students stuck (the attempt lists its id),
    # and deleting one they had answered took their answers and left score and counts wrong.
    question_set = make_question_set(questions=3, owner=teacher, audience="practice")
    other = make_question_set(questions=1, owner=teacher, audience="classes")
    student = Student(Client())
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    first, second = attempt.question_ids[:2]
    admin = logged_in(teacher)

    deleted = admin.post(f"/admin/quizzes/question/{second}/delete/", {"post": "yes"}, follow=True)
    assert str(STARTED_SET) in deleted.content.decode()
    bulk = admin.post(
        "/admin/quizzes/question/",
        {"action": "delete_selected", "_selected_action": [first, second], "post": "yes"},
        follow=True,
    )
    assert str(STARTED_SET) in bulk.content.decode()
    question = Question.objects.get(pk=second)
    moved = admin.post(
        f"/admin/quizzes/question/{second}/change/",
        {
            **{f: getattr(question, f"{f}_id") for f in ("source", "section")},
            "question_set": other.pk, "position": 2, "kind": "single",
            "prompt": question.prompt, "explanation": question.explanation,
            "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert moved.status_code == 200
    assert str(STARTED_SET) in moved.content.decode()
    set_deleted = admin.post(
        f"/admin/quizzes/questionset/{question_set.pk}/delete/", {"post": "yes"}
    )
    assert set_deleted.status_code == 200  # the page listing what protects it

    assert question_set.questions.count() == 3
    assert Question.objects.get(pk=second).question_set == question_set
    assert Answer.objects.filter(attempt=attempt).count() == 1
    with pytest.raises(ProtectedError):
        Question.objects.get(pk=first).delete()


def test_a_student_is_never_sent_round_in_circles_by_a_question_gone_from_their_attempt(teacher):
    # Data from before questions of started sets were protected: the attempt lists a question
    # that was deleted and one that was moved to another set.
    question_set = make_question_set(questions=4, owner=teacher, audience="practice")
    other = make_question_set(questions=1, owner=teacher, audience="classes")
    student = Student(Client())
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    gone, moved = attempt.question_ids[1], attempt.question_ids[3]
    Question.objects.filter(pk=gone).delete()
    Question.objects.filter(pk=moved).update(question_set=other)

    # Resuming skips the deleted question; its page, if reached, says so and leads on.
    resumed = student.client.post(f"/quizzes/{question_set.slug}/start/")
    assert resumed["Location"] == f"/attempts/{attempt.pk}/3/"
    skipped = student.page(attempt, 2)
    assert skipped.status_code == 410
    assert "removed from the quiz" in skipped.content.decode()
    assert f'href="/attempts/{attempt.pk}/3/"' in skipped.content.decode()
    assert student.client.get(f"/attempts/{attempt.pk}/results/")["Location"].endswith("/3/")
    student.answer(attempt, 3, student.right_answer(attempt, 3))
    # The moved question was the last: its page leads to the results, which no longer send back.
    last = student.page(attempt, 4)
    assert last.status_code == 410
    assert f'href="/attempts/{attempt.pk}/results/"' in last.content.decode()
    results = student.client.get(f"/attempts/{attempt.pk}/results/?show=all")
    assert results.status_code == 200
    page = results.content.decode()
    assert "Prompt 1" in page
    assert "Prompt 3" in page


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
    # Built as text: json.dumps cannot write a 5,000-digit number.
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
    # A real lone surrogate, which json.dumps writes as the escape "\\ud800".
    response = upload_json(teacher, an_export(prompt="Which\ud800?"))
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


def test_an_uptime_monitor_may_ask_healthz_with_head():
    response = Client().head("/healthz")
    assert response.status_code == 200
    assert response.content == b""
    assert Client().post("/healthz").status_code == 405


@pytest.mark.parametrize("typed", ["ＡＢＣＥ－ＨＫＭＰ", "авсе нкмр"])
def test_a_join_code_typed_in_full_width_or_small_cyrillic_letters_joins(teacher, typed):
    # Full-width letters come from East Asian input methods; a phone may type small letters.
    question_set = make_question_set(questions=2, owner=teacher, audience="classes")
    assignment = Assignment.objects.create(
        title="Year 9", question_set=question_set, owner=teacher, join_code="ABCEHKMP"
    )
    response = Client().post("/join/", {"code": typed, "name": "Taras"})
    assert response.status_code == 302
    assert Attempt.objects.filter(assignment=assignment).count() == 1


def test_the_sign_in_lockout_page_says_when_to_try_again_in_a_header():
    make_teacher("ms_bondar", "a long teacher password 91")
    client = Client()
    for _ in range(10):
        locked = client.post("/admin/login/", {"username": "ms_bondar", "password": "guess"})
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "Sign-in locked for 15 minutes" in locked.content.decode()


def test_a_graded_assignment_hides_the_key_on_every_copy_of_its_set_and_theirs(teacher):
    # A teacher's practice copy (or a copy of that copy) of a set under a graded assignment.
    shared = QuestionSet.objects.get(slug="the-timeline")
    copy = question_set_duplicate(question_set=shared, owner=teacher)
    copy_of_copy = question_set_duplicate(question_set=copy, owner=teacher)
    assert copy_of_copy.origin == shared
    QuestionSet.objects.filter(pk=copy_of_copy.pk).update(is_published=True, audience="practice")
    student = Student(Client())
    attempt = student.start(copy_of_copy)
    shown = student.answer(attempt, 1, student.wrong_answer(attempt, 1), follow=True)
    assert any(marker in shown.content.decode() for marker in KEY_SHOWN)

    graded(shared, teacher)
    page = student.answer(attempt, 2, student.wrong_answer(attempt, 2), follow=True)

    assert page.status_code == 200
    assert not any(marker in page.content.decode() for marker in KEY_SHOWN)


def add_assignment(client, question_set, *, closes_in_days, opens_in_days=None):
    closes = timezone.localdate() + timedelta(days=closes_in_days)
    data = {
        "title": "Year 11 test",
        "question_set": question_set.pk,
        "closes_at_0": closes.isoformat(),
        "closes_at_1": "12:00",
        "attempts_allowed": 1,
        "reveal": "after_close",
    }
    if opens_in_days is not None:
        opens = timezone.localdate() + timedelta(days=opens_in_days)
        data.update({"opens_at_0": opens.isoformat(), "opens_at_1": "12:00"})
    return client.post("/admin/quizzes/assignment/add/", data)


def test_hiding_a_shared_sets_answers_is_limited_to_14_days(teacher):
    # Otherwise one teacher could switch off instant feedback on the practice quizzes for
    # everyone, for years.
    client = logged_in(teacher)
    shared = QuestionSet.objects.get(slug="the-timeline")
    copy = question_set_duplicate(question_set=shared, owner=teacher)
    QuestionSet.objects.filter(pk=copy.pk).update(is_published=True, audience="classes")
    own = make_question_set(questions=2, owner=teacher, audience="classes")

    for question_set in (shared, copy):
        refused = add_assignment(client, question_set, closes_in_days=20)
        assert refused.status_code == 200
        assert "at most 14 days" in refused.content.decode()
    assert not Assignment.objects.exists()

    assert add_assignment(client, shared, closes_in_days=10).status_code == 302
    assert add_assignment(client, copy, closes_in_days=40, opens_in_days=30).status_code == 302
    assert add_assignment(client, own, closes_in_days=60).status_code == 302
    assert Assignment.objects.count() == 3

    too_long = Assignment(
        title="Year 9", question_set=shared, owner=teacher, reveal=Assignment.Reveal.AFTER_CLOSE,
        closes_at=timezone.now() + timedelta(days=15),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="at most 14 days"):
        too_long.full_clean()


def test_the_model_refuses_a_new_set_for_an_assignment_students_started(teacher):
    first = make_question_set(questions=2, owner=teacher, audience="classes")
    other = make_question_set(questions=2, owner=teacher, audience="classes")
    assignment = graded(first, teacher)
    assignment.question_set = other
    assignment.full_clean()  # nobody has started yet
    assignment.question_set = first
    Client().post("/join/", {"code": assignment.join_code, "name": "Oksana"})

    assignment.question_set = other
    with pytest.raises(ValidationError, match="keeps its set"):
        assignment.full_clean()

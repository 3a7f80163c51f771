"""Headers for shared classroom computers and for features the site never uses, and one quiet log
line for requests with a bad Host."""

import logging

import pytest
from django.test import Client

from quizzes.models import Assignment, Attempt
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


def never_stored(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def joined():
    """A student who joined a class and answered its one question, with the teacher's client."""
    teacher = make_teacher("mykola")
    assignment = Assignment.objects.create(
        title="10B", question_set=make_question_set(questions=1), owner=teacher
    )
    student = Student(Client())
    student.client.post("/join/", {"code": assignment.join_code, "name": "Ana"})
    attempt = Attempt.objects.get()
    return student, attempt, logged_in(teacher)


def test_every_page_with_a_students_answers_is_kept_out_of_caches(joined):
    student, attempt, _ = joined
    before = student.page(attempt, 1)
    assert before.status_code == 200 and never_stored(before)
    answer = student.right_answer(attempt, 1)
    htmx = student.answer(attempt, 1, answer, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "Right." in htmx.content.decode() and never_stored(htmx)
    plain = student.answer(attempt, 1, answer)
    assert plain.status_code == 302 and never_stored(plain)
    after = student.page(attempt, 1)
    assert "Your answer:" in after.content.decode() and never_stored(after)
    results = student.client.get(f"/attempts/{attempt.pk}/results/")
    assert results.status_code == 200 and never_stored(results)


def test_the_join_page_is_kept_out_of_caches(joined):
    student, attempt, _ = joined
    refused = student.client.post("/join/", {"code": "AAAA-BBBB", "name": "Ana"})
    assert refused.status_code == 422 and never_stored(refused)
    assert never_stored(student.client.get("/join/"))


def test_the_teachers_results_and_csv_downloads_are_kept_out_of_caches(joined):
    _, attempt, teacher = joined
    base = f"/admin/quizzes/assignment/{attempt.assignment_id}/results/"
    for url in (base, f"{base}students.csv", f"{base}questions.csv"):
        response = teacher.get(url)
        assert response.status_code == 200, url
        assert never_stored(response), url


@pytest.mark.parametrize("path", ["/", "/quizzes/", "/join/", "/healthz", "/no-such-page/"])
def test_every_response_turns_off_browser_features_the_site_never_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"):
        assert features[feature] == "()", feature


def test_a_bad_host_gets_400_and_one_warning_line(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    assert record.name == "django.security.DisallowedHost"
    assert record.levelname == "WARNING"
    assert "attacker.example" in record.getMessage()
    assert record.exc_info is None and record.exc_text is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text

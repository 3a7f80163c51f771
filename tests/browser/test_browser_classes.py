"""A student joins a teacher's class with a code and finishes the assignment, in a real browser,
with JavaScript on and off; a wrong code is refused in an alert; /join/ passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Assignment, Attempt, QuestionSet

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
WRONG_CODE = "No class uses that code. Check it with your teacher."


@pytest.fixture
def assignment(make_teacher):
    """An assignment of the shipped set "the-proposals", made by a teacher in the ORM."""
    teacher = make_teacher()
    return Assignment.objects.create(
        title="Year 10 history, set B",
        question_set=QuestionSet.objects.get(slug="the-proposals"),
        owner=teacher,
    )


def refused_with(student, status):
    """Take the console error Chromium logs for a page served with an error status.

    /join/ answers a refused form with 422 on purpose (and shows the form again), and Chromium
    reports any 4xx document as "Failed to load resource". That one line is expected; any other
    problem still fails the test.
    """
    logged = f"the server responded with a status of {status} "
    items = student.problems.take()
    expected = [i for i in items if logged in i and i.endswith("/join/)")]
    assert expected, f"no {status} logged for /join/: {items}"
    student.problems.items = [i for i in items if i not in expected]
    student.check()


def join(student, code, name):
    """Fill in /join/ through its labels and submit it."""
    page = student.page
    page.get_by_label("Join code").fill(code)
    page.get_by_label("Your name").fill(name)
    with page.expect_navigation():
        page.get_by_role("button", name="Join").click()


@JS
def test_student_joins_with_a_code_and_finishes_the_assignment(open_page, assignment, js):
    student = open_page(js=js)
    page = student.page
    total = assignment.question_set.questions.count()

    student.goto("/")
    page.get_by_role("link", name="Join a class with a code").click()
    page.wait_for_url("**/join/")
    expect(page.locator("main h1")).to_have_text("Join your class")
    # As a student would copy it from the board: lower case, with the dash.
    code = assignment.display_code.lower()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}", code)
    join(student, code, "  Taras   Shevchenko ")
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    student.check("joined")

    attempt = Attempt.objects.get()
    assert attempt.assignment == assignment
    assert attempt.display_name == "Taras Shevchenko"
    assert f"/attempts/{attempt.pk}/1/" in page.url

    assert student.answer_every_question() == total
    page.wait_for_url(f"**/attempts/{attempt.pk}/results/")
    expect(page.locator("main h1")).to_have_text("Your results")
    expect(page.locator(".score")).to_have_text(re.compile(rf" of {total} right"))
    page.goto(page.url + "?show=all")
    expect(page.locator(".review > li")).to_have_count(total)
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.answered_count == total
    student.check("results")


@JS
def test_a_wrong_code_is_refused_in_an_alert(open_page, assignment, js):
    student = open_page(js=js)
    page = student.page
    student.goto("/join/")
    expect(page.get_by_role("alert")).to_have_count(0)
    wrong = "zzzz-zzzz" if assignment.join_code != "ZZZZZZZZ" else "yyyy-yyyy"
    join(student, wrong, "Taras")
    assert page.url.endswith("/join/")
    refused_with(student, 422)
    # The refusal is an alert (announced when it appears), and what was typed is kept.
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(WRONG_CODE)
    expect(page.get_by_label("Join code")).to_have_value(wrong)
    expect(page.get_by_label("Your name")).to_have_value("Taras")
    assert not Attempt.objects.exists()
    student.check("wrong code")


def test_join_page_passes_axe_empty_with_errors_and_after_joining(open_page, assignment, axe):
    student = open_page()
    page = student.page
    reports = {}

    def audit(name):
        violations = axe(page)
        if violations:
            reports[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        student.check(name)

    student.goto("/join/")
    audit("join, empty")

    # Nothing typed: each field says what is wrong, tied to it by aria-describedby.
    page.get_by_role("button", name="Join").click()
    for label in ("Join code", "Your name"):
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile("This field is required"))
    refused_with(student, 422)
    audit("join, field errors")

    join(student, "zzzz-zzz9" if assignment.join_code != "ZZZZZZZ9" else "yyyy-yyy9", "Taras")
    expect(page.get_by_role("alert")).to_have_text(WRONG_CODE)
    refused_with(student, 422)
    audit("join, wrong code")

    join(student, assignment.display_code, "Taras")
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    audit("first question of the assignment")

    student.goto("/join/")
    audit("join, after joining")
    assert not reports, f"axe-core found WCAG 2.1 A/AA violations: {reports}"

"""Running a teacher-paced class in real browsers: the teacher's class screen, a student with
JavaScript whose device follows the teacher by itself, and one without JavaScript who uses
"Check again". Screenshots of the class screen at 1280×720 and 1920×1080 and of a student's
waiting screen at 360 px; axe-core on both."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Answer, Assignment

pytestmark = pytest.mark.browser

CLASS_SCREEN = re.compile(r"/teach/classes/\d+/$")
LIVE = re.compile(r"/attempts/\d+/live/$")
QUESTION = re.compile(r"/attempts/\d+/1/$")


def sign_in(tab, user):
    tab.goto("/admin/login/")
    tab.page.get_by_label("Username").fill(user.username)
    tab.page.get_by_label("Password").fill(user.raw_password)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_url("**/admin/")


def projector_shots(tab, name):
    for width, height in ((1280, 720), (1920, 1080)):
        tab.page.set_viewport_size({"width": width, "height": height})
        tab.page.screenshot(path=_path(f"{name}-{width}x{height}"))
    tab.page.set_viewport_size({"width": 1280, "height": 720})


def _path(name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def join(student, link, name):
    student.page.goto(link)
    expect(student.page.get_by_label("Join code")).not_to_have_value("")
    student.page.get_by_label("Your name").fill(name)
    student.page.get_by_role("button", name="Join").click()
    student.page.wait_for_url(LIVE)


def answer_first_choice(student):
    student.fill_answer()
    student.page.get_by_role("button", name="Check answer").click()


def test_a_teacher_paced_class_from_the_projector(open_page, make_teacher, axe, describe_axe):
    teacher = open_page(viewport={"width": 1280, "height": 720})
    sign_in(teacher, make_teacher())
    teacher.goto("/teach/")
    run = teacher.page.locator("li.card", has_text="The proposals").first
    run.get_by_label("Pace").select_option("teacher")
    run.get_by_role("button", name="Run with a class").click()
    teacher.page.wait_for_url(CLASS_SCREEN)
    assignment = Assignment.objects.get()
    code = assignment.display_code
    expect(teacher.page.locator(".join-code")).to_have_text(code)
    expect(teacher.page.locator(".qr svg")).to_be_visible()
    link = teacher.page.locator(".join-link a").get_attribute("href")
    assert link.endswith(f"/join/?code={code}")

    # The code and the QR code fit on a 1280×720 projector without scrolling.
    box = teacher.page.locator(".qr svg").bounding_box()
    assert box["y"] + box["height"] <= 720 and box["width"] >= 150

    with_js = open_page(viewport={"width": 360, "height": 640})
    join(with_js, link, "Ana")
    expect(with_js.page.get_by_role("status")).to_contain_text("open the first question")
    without_js = open_page(js=False, viewport={"width": 360, "height": 640})
    join(without_js, link, "Ben")

    # The teacher's screen counts them without a reload.
    expect(teacher.page.locator("#joined-title")).to_have_text("2 students joined", timeout=8000)
    expect(teacher.page.locator(".names")).to_contain_text("Ana")
    projector_shots(teacher, "live-class-screen-joined")
    violations = axe(teacher.page)
    assert not violations, describe_axe("class screen", violations)

    teacher.page.get_by_role("button", name="Open question 1").click()
    teacher.page.wait_for_url(CLASS_SCREEN)
    # The student with JavaScript is moved to the question by their page itself.
    with_js.page.wait_for_url(QUESTION, timeout=8000)
    answer_first_choice(with_js)
    with_js.page.wait_for_url(LIVE)
    expect(with_js.page.get_by_role("status")).to_contain_text("Waiting for the next question")
    with_js.screenshot("live-student-waiting-360")
    violations = axe(with_js.page)
    assert not violations, describe_axe("student waiting", violations)

    # Without JavaScript: "Check again" finds the open question.
    without_js.page.get_by_role("link", name="Check again").click()
    without_js.page.wait_for_url(QUESTION)
    answer_first_choice(without_js)
    without_js.page.wait_for_url(LIVE)

    expect(teacher.page.locator(".answered-count")).to_contain_text("2 of 2", timeout=8000)
    projector_shots(teacher, "live-class-screen-answering")
    teacher.page.get_by_role("button", name="Show the answer").click()
    teacher.page.wait_for_url(CLASS_SCREEN)
    expect(teacher.page.locator(".bar-row.is-correct")).to_contain_text("correct")
    projector_shots(teacher, "live-class-screen-revealed")
    expect(with_js.page.locator(".verdict")).to_have_text(
        re.compile(r"^(Right|Not quite)\.$"), timeout=8000
    )
    with_js.screenshot("live-student-revealed-360")

    teacher.page.get_by_role("button", name="End the class").click()
    teacher.page.wait_for_url(re.compile(r"/summary/$"))
    expect(teacher.page.get_by_role("heading", level=1)).to_have_text(
        "What the class found hardest"
    )
    projector_shots(teacher, "live-class-summary")
    with_js.page.wait_for_url(re.compile(r"/results/$"), timeout=8000)
    assert Answer.objects.filter(attempt__assignment=assignment).count() == 2
    for tab in (teacher, with_js, without_js):
        tab.check()

"""A student's path on a phone and with the keyboard: focus starts on the question, feedback is
announced once, ordering fits at 360 px, the join confirmation takes a corrected name, the header
is one row; axe-core finds nothing on the new states, and screenshots at 360 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Assignment, Attempt, QuestionSet

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
PHONE = {"width": 360, "height": 640}

# The live regions (aria-live, or a role that implies it) that contain the element.
LIVE_ANCESTORS = """el => {
  const live = [];
  for (let node = el; node; node = node.parentElement) {
    if (node.getAttribute("aria-live") && node.getAttribute("aria-live") !== "off"
        || ["alert", "status", "log"].includes(node.getAttribute("role"))) {
      live.push(node.outerHTML.slice(0, 80));
    }
  }
  return live;
}"""


def first_question_of_kind(student, slug, kind):
    student.start_quiz(slug)
    return next(path for path, k, _ in student.attempt_questions() if k == kind)


def press_tab_until(page, target, limit=30):
    """Press Tab until ``target`` has focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"Tab never reached {target}")


@JS
def test_from_arriving_to_submitting_a_single_choice_answer_takes_at_most_6_tabs(open_page, js):
    student = open_page(js=js)
    page = student.page
    path = first_question_of_kind(student, "the-proposals", "single")
    student.goto(path)

    question = page.locator("#answer-area fieldset")
    expect(question).to_be_focused()
    radio = page.locator("#answer-area input[type=radio]").first
    tabs = press_tab_until(page, radio)
    assert tabs == 1
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    submit = page.get_by_role("button", name="Check answer")
    tabs += press_tab_until(page, submit)
    assert tabs <= 6, f"{tabs} Tabs from arriving to the submit button"
    if js:
        page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.locator("#answer-area > section.feedback")).to_be_focused()

    # The next question starts on its question too.
    page.locator("#answer-area .actions a.button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/\d+/$"))
    expect(page.locator("#answer-area fieldset")).to_be_focused()
    student.check()


def test_after_an_htmx_swap_focus_is_back_on_the_question(open_page):
    """A missing answer comes back as a 422 swap: focus on the question, its error read with it."""
    student = open_page()
    page = student.page
    student.goto(first_question_of_kind(student, "the-proposals", "single"))
    page.get_by_role("button", name="Check answer").click()
    question = page.locator("#answer-area fieldset")
    expect(question).to_have_attribute("aria-describedby", "answer-error")
    expect(question).to_be_focused()
    assert question.evaluate(LIVE_ANCESTORS) == []
    page.keyboard.press("Tab")
    expect(page.locator("#answer-area input[type=radio]").first).to_be_focused()
    # Chromium and htmx log the 422 the swap came with; those lines are expected.
    items = student.problems.take()
    assert items and all("422" in item for item in items), items


@JS
def test_feedback_is_announced_once_by_focus_with_a_ring_unlike_right_and_wrong(open_page, js):
    student = open_page(js=js)
    page = student.page
    student.goto(first_question_of_kind(student, "the-timeline", "multiple"))
    boxes = page.locator("#answer-area input[type=checkbox]")
    for i in range(boxes.count()):  # every choice: a wrong answer, with notes on the wrong ones
        boxes.nth(i).check()
    boxes.last.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check answer")).to_be_focused()
    if js:
        page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")

    feedback = page.locator("#answer-area > section.feedback")
    expect(feedback).to_be_focused()
    # Announced once: by the focus moving to it, and by no live region around it.
    assert feedback.evaluate(LIVE_ANCESTORS) == []
    assert page.locator("#answer-area [aria-live], #answer-area [role=status]").count() == 0
    # The verdict names the box, the explanation follows it; notes on choices are folded.
    children = feedback.evaluate("el => [...el.children].map(c => c.className)")
    assert children[:2] == ["verdict", "explanation"]
    notes = feedback.locator("details.choice-notes")
    expect(notes).to_have_count(1)
    expect(notes).not_to_have_attribute("open", "")
    # The ring is the accent blue, set apart from the box: not the right, wrong or control colours.
    ring = feedback.evaluate(
        """el => { const s = getComputedStyle(el);
                   return [s.outlineStyle, s.outlineColor, s.outlineOffset]; }"""
    )
    colours = page.evaluate(
        """() => { const s = getComputedStyle(document.documentElement);
                   return ["--right", "--wrong", "--focus", "--accent"]
                     .map(v => s.getPropertyValue(v).trim()); }"""
    )
    right, wrong, focus, accent = colours
    assert ring[0] != "none" and ring[2] != "0px", ring
    hex_ring = "#{:02x}{:02x}{:02x}".format(*map(int, re.findall(r"\d+", ring[1])[:3]))
    assert hex_ring == accent and hex_ring not in {right, wrong, focus}
    student.screenshot(f"student-path-feedback-multiple-{'js' if js else 'nojs'}-1280")
    student.check()


@JS
def test_ordering_fits_a_360px_phone_and_its_feedback_marks_each_place(open_page, js):
    student = open_page(js=js, viewport=PHONE)
    page = student.page
    student.goto(first_question_of_kind(student, "the-timeline", "ordering"))
    # Each select inside its item, and as wide as it is on its own: "Choose…" is not cut off.
    fit = page.evaluate(
        """() => [...document.querySelectorAll("#answer-area .order-item")].map(li => {
             const item = li.getBoundingClientRect(), select = li.querySelector("select");
             const box = select.getBoundingClientRect();
             const alone = select.cloneNode(true);
             Object.assign(alone.style, {position: "absolute", flex: "none", maxWidth: "none"});
             document.body.append(alone);
             const natural = alone.getBoundingClientRect().width;
             alone.remove();
             return {inside: box.left >= item.left && box.right <= item.right,
                     wide: box.width >= natural - 1, width: box.width, natural};
           })"""
    )
    assert fit and all(f["inside"] and f["wide"] for f in fit), fit
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    student.screenshot("student-path-ordering-360")

    selects = page.locator("#answer-area select")
    count = selects.count()
    for i in range(count):  # the order shown, which the seed makes partly wrong
        selects.nth(i).select_option(str(i + 1))
    if js:
        student.submit_answer()
    else:
        with page.expect_navigation():
            page.get_by_role("button", name="Check answer").click()
    given = page.locator("#answer-area .feedback .answer-list").first.locator("li")
    expect(given).to_have_count(count)
    marks = [given.nth(i).locator(".tag").inner_text().lower() for i in range(count)]
    assert all(m == "right place" or re.fullmatch(r"belongs at \d", m) for m in marks), marks
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    student.screenshot(f"student-path-ordering-feedback-{'js' if js else 'nojs'}-360")
    student.check()


@pytest.fixture
def assignment(make_teacher):
    return Assignment.objects.create(
        title="Year 10 history, set B",
        question_set=QuestionSet.objects.get(slug="the-proposals"),
        owner=make_teacher(),
    )


@JS
def test_the_join_confirmation_shows_the_name_and_accepts_a_correction(open_page, assignment, js):
    student = open_page(js=js, viewport=PHONE)
    page = student.page
    student.goto(f"/join/?code={assignment.display_code}")
    page.get_by_label("Your name").fill("Ana Typo")
    with page.expect_navigation():
        page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))

    joined = page.locator(".joined")
    expect(joined).to_contain_text("You joined “Year 10 history, set B”")
    expect(joined).to_contain_text("the quiz “The proposals”")
    expect(joined).to_contain_text("under the name Ana Typo")
    # Focus is on the question all the same; the correction waits behind its own button.
    expect(page.locator("#answer-area fieldset")).to_be_focused()
    student.screenshot("student-path-joined-360")

    page.get_by_text("Change your name").click()
    page.get_by_label("Your name").fill("Ana Lopez")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my name").click()
    expect(joined).to_contain_text("under the name Ana Lopez")
    expect(page.get_by_role("status")).to_have_text(
        "Saved: your teacher will see the name “Ana Lopez”."
    )
    assert Attempt.objects.get(assignment=assignment).display_name == "Ana Lopez"
    student.screenshot(f"student-path-renamed-{'js' if js else 'nojs'}-360")

    # Once the first answer is in, the name stays as it is.
    student.answer()
    expect(page.locator(".joined")).to_have_count(0)
    student.check()


@JS
def test_the_header_is_one_row_on_a_phone_with_a_menu_that_needs_no_script(open_page, js):
    student = open_page(js=js, viewport=PHONE)
    page = student.page
    student.goto("/explainer/istanbul-proposals/")
    header = page.locator(".site-header")
    name_box = page.locator(".site-name").bounding_box()
    menu = page.locator(".site-menu > summary")
    menu_box = menu.bounding_box()
    # One row: the site name and the menu button side by side, on one line each.
    assert abs(name_box["y"] - menu_box["y"]) < menu_box["height"]
    assert header.bounding_box()["height"] < 70
    quizzes = page.get_by_role("navigation", name="Site").get_by_role("link", name="Quizzes")
    expect(quizzes).to_be_hidden()
    menu.click()
    expect(quizzes).to_be_visible()
    student.screenshot(f"student-path-menu-open-{'js' if js else 'nojs'}-360")
    quizzes.click()
    page.wait_for_url("**/quizzes/")

    page.set_viewport_size({"width": 1280, "height": 800})
    student.goto("/")
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Site").get_by_role("link", name="Quizzes")
    ).to_be_visible()
    student.check()


def test_the_new_states_pass_axe_with_screenshots_at_360_and_1280(
    open_page, assignment, axe, describe_axe
):
    student = open_page(viewport=PHONE)
    page = student.page
    reports = []

    def check(name):
        violations = axe(page)
        if violations:
            reports.append(describe_axe(name, violations))
        student.screenshot(f"student-path-{name}-360")
        page.set_viewport_size({"width": 1280, "height": 800})
        student.screenshot(f"student-path-{name}-1280")
        page.set_viewport_size(PHONE)

    student.goto("/")
    page.locator(".site-menu > summary").click()
    check("menu-open")

    student.goto(f"/join/?code={assignment.display_code}")
    page.get_by_label("Your name").fill("Ana")
    with page.expect_navigation():
        page.get_by_role("button", name="Join").click()
    page.get_by_text("Change your name").click()
    check("joined")

    path = first_question_of_kind(student, "the-timeline", "multiple")
    student.goto(path)
    boxes = page.locator("#answer-area input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    student.submit_answer()
    page.locator("details.choice-notes summary").click()
    check("feedback-multiple")

    student.goto("/quizzes/")
    check("quiz-list-in-progress")
    student.check()
    assert not reports, "axe-core found violations:\n\n" + "\n\n".join(reports)

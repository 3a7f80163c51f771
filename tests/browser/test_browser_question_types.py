"""A student answers a short-answer, a numerical and a matching question, and a single choice with
part credit, with the keyboard only, with JavaScript and without; axe finds nothing on the
question and feedback pages, which are saved as screenshots at 360 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import QUESTION_URL, RESULTS_URL

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
KINDS = ("short", "numerical", "matching")


@pytest.fixture
def types_set(site):
    from quizzes.models import QuestionSet
    from tests.factories import make_question_set

    question_set = make_question_set(questions=len(KINDS), kinds=KINDS, slug="question-types")
    return QuestionSet.objects.get(pk=question_set.pk)


def tab_to(page, locator, limit=40):
    """Press Tab from where focus is until ``locator`` has it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def send_with_keyboard(student):
    """Tab to "Check answer" and press it; wait for the page or the swap."""
    page = student.page
    submit = page.get_by_role("button", name="Check answer")
    tab_to(page, submit)
    if student.js:
        page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.keyboard.press("Space")


def check_accessible(student, axe, describe_axe, name):
    """axe at 1280 and 360 px (axe is a script, so only with JavaScript on: the markup is the
    same without), no sideways scrolling at 360 px, and a screenshot at each width."""
    for width in (1280, 360):
        student.page.set_viewport_size({"width": width, "height": 800})
        if student.js:
            violations = axe(student.page)
            assert not violations, describe_axe(f"{name} at {width} px", violations)
        scroll = student.page.locator("html").evaluate("el => el.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll} px wide)"
        student.screenshot(f"question-types-{name}-{width}")
    student.page.set_viewport_size({"width": 1280, "height": 800})


def refused(student):
    """Take the console errors logged for the 422 that refuses an answer (Chromium's for a
    page, htmx's for a swap); any other problem still fails the test."""
    items = student.problems.take()
    logged = ("the server responded with a status of 422", "Response Status Error Code 422")
    expected = [i for i in items if any(text in i for text in logged)]
    assert expected, f"no 422 logged: {items}"
    student.problems.items = [i for i in items if i not in expected]
    student.check()


def verdict(page):
    feedback = page.locator("#answer-area section.feedback")
    expect(feedback).to_be_visible()
    return feedback.locator(".verdict")


@JS
def test_student_answers_every_new_kind_with_the_keyboard_only(
    open_page, types_set, axe, describe_axe, js
):
    from quizzes.models import Answer, Question
    from quizzes.scoring import matching_options

    student = open_page(js=js)
    page = student.page
    student.start_quiz(types_set.slug)
    suffix = "js" if js else "nojs"

    # Short answer: typed, matched forgivingly on the server.
    assert page.url.endswith("/1/")
    check_accessible(student, axe, describe_axe, f"short-{suffix}")
    field = page.get_by_label("Your answer")
    tab_to(page, field)
    page.keyboard.type("trilateral STATEMENT.")
    send_with_keyboard(student)
    expect(verdict(page)).to_have_text("Right.")
    check_accessible(student, axe, describe_axe, f"short-feedback-{suffix}")
    student.next()

    # Numerical: text that is not a number is refused, and nothing is used up.
    field = page.get_by_label("Your answer (a number)")
    tab_to(page, field)
    page.keyboard.type("about 1994")
    send_with_keyboard(student)
    error = page.locator("#answer-error")
    expect(error).to_contain_text("That is not one number")
    refused(student)
    check_accessible(student, axe, describe_axe, f"numerical-refused-{suffix}")
    assert not Answer.objects.filter(question__question_set=types_set, text="about 1994").exists()
    field = page.get_by_label("Your answer (a number)")
    field.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("1 993")
    send_with_keyboard(student)
    expect(verdict(page)).to_have_text("Partly right.")
    expect(page.locator("#answer-area")).to_contain_text("One year off.")
    check_accessible(student, axe, describe_axe, f"numerical-feedback-{suffix}")
    student.next()

    # Matching: one select per item, chosen with the arrow keys.
    question = Question.objects.get(question_set=types_set, kind="matching")
    options = [o.match for o in matching_options(list(question.choices.all()))]
    matches = {c.text: c.match for c in question.choices.all() if c.text}
    check_accessible(student, axe, describe_axe, f"matching-{suffix}")
    selects = page.locator("#answer-area select")
    expect(selects).to_have_count(len(matches))
    tab_to(page, selects.first)
    for i in range(len(matches)):
        select = selects.nth(i)
        expect(select).to_be_focused()
        item = page.locator(f"label[for='{select.get_attribute('id')}']").inner_text()
        for _ in range(options.index(matches[item]) + 1):  # from "Choose…" down the list
            page.keyboard.press("ArrowDown")
        expect(select).to_have_value(str(options.index(matches[item]) + 1))
        page.keyboard.press("Tab")
    send_with_keyboard(student)
    expect(verdict(page)).to_have_text("Right.")
    expect(page.locator("#answer-area .tag.right")).to_have_count(len(matches))
    check_accessible(student, axe, describe_axe, f"matching-feedback-{suffix}")
    student.next()

    assert RESULTS_URL.search(page.url)
    expect(page.locator(".score")).to_have_text("2 of 3 right, 1 partly right")
    check_accessible(student, axe, describe_axe, f"results-{suffix}")
    student.check()


@JS
def test_a_part_credit_choice_reads_partly_right(open_page, site, js):
    from quizzes.models import Choice
    from tests.factories import make_question_set

    question_set = make_question_set(questions=1, slug="part-credit", shuffle_choices=False)
    Choice.objects.filter(question__question_set=question_set, position=2).update(credit=0.5)
    student = open_page(js=js)
    page = student.page
    student.start_quiz(question_set.slug)
    radio = page.get_by_label("Choice 1")
    tab_to(page, radio)
    page.keyboard.press("ArrowDown")  # to Choice 2, which earns half a point
    expect(page.get_by_label("Choice 2")).to_be_checked()
    send_with_keyboard(student)
    expect(verdict(page)).to_have_text("Partly right.")
    expect(page.locator("#answer-area .tag.partly")).to_have_text("partly right")
    assert QUESTION_URL.search(page.url)
    student.check()


@JS
def test_an_empty_typed_answer_is_refused_with_a_message(open_page, types_set, js):
    student = open_page(js=js)
    page = student.page
    student.start_quiz(types_set.slug)
    send_with_keyboard(student)
    expect(page.locator("#answer-error")).to_have_text(re.compile(r"Type an answer\."))
    refused(student)

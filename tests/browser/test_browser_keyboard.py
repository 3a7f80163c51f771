"""Keyboard use in a real browser: answering with keys only, and a visible focus on every
control of a question page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])

INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
)

# Number the page's interactive controls and note how each looks when it does not have focus.
TAG_CONTROLS = f"""() => {{
  document.activeElement.blur();
  return [...document.querySelectorAll("{INTERACTIVE}")]
    .filter(el => !el.disabled)
    .map((el, i) => {{
      el.dataset.kbd = i;
      const style = getComputedStyle(el);
      return {{
        kbd: i,
        what: el.outerHTML.slice(0, 100),
        tag: el.tagName.toLowerCase(),
        type: el.type || "",
        name: el.name || "",
        look: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow],
      }};
    }});
}}"""
# The focused control, whether the browser shows it as focus-visible, and how it looks.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.kbd === undefined) return null;
  const style = getComputedStyle(el);
  return {
    kbd: Number(el.dataset.kbd),
    focusVisible: el.matches(":focus-visible"),
    look: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow],
  };
}"""


def has_visible_focus_indicator(unfocused, focused):
    """An outline at least 2px wide, or a box-shadow, that the unfocused control lacks."""
    style, width, _colour, shadow = focused
    outline = style not in {"none", "hidden"} and float(width.removesuffix("px")) >= 2
    ring = shadow != "none"
    return focused != unfocused and (outline or ring)


def tab_through(page):
    """Press Tab through the whole page once; return every control's id reached and its look.

    In a radio group Tab stops once; the arrow keys move between the radios, so on reaching a
    group the arrow keys visit the rest of it.
    """
    controls = page.evaluate(TAG_CONTROLS)
    by_kbd = {c["kbd"]: c for c in controls}
    reached = {}
    for _ in range(len(controls) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["kbd"] in reached:
            break  # wrapped around
        reached[focused["kbd"]] = focused
        control = by_kbd[focused["kbd"]]
        if control["type"] == "radio":
            group = [c for c in controls if c["type"] == "radio" and c["name"] == control["name"]]
            for _ in range(len(group) - 1):
                page.keyboard.press("ArrowDown")
                moved = page.evaluate(FOCUSED)
                reached.setdefault(moved["kbd"], moved)
    return controls, reached


def control_pages(student):
    """A question page of each kind (radios, checkboxes, ordering selects) and a feedback page."""
    student.start_quiz("the-timeline")
    questions = student.attempt_questions()
    first = {}
    for path, kind, _ in questions:
        first.setdefault(kind, path)
    path, kind, count = questions[0]
    yield from (("question-" + kind, p) for kind, p in sorted(first.items()))
    student.answer_by_post(path, kind, count)
    yield "feedback", path


def test_every_control_on_question_pages_is_reachable_by_tab_with_a_visible_focus(open_page):
    student = open_page()
    problems = []
    for name, path in control_pages(student):
        student.goto(path)
        controls, reached = tab_through(student.page)
        kinds = {(c["tag"], c["type"]) for c in controls}
        if name == "question-single":
            assert ("input", "radio") in kinds
        if name == "question-multiple":
            assert ("input", "checkbox") in kinds
        if name == "question-ordering":
            assert ("select", "select-one") in kinds
        assert ("a", "") in kinds
        assert ("button", "submit") in kinds or name == "feedback"
        for control in controls:
            focused = reached.get(control["kbd"])
            if focused is None:
                problems.append(f"{name}: not reachable with Tab: {control['what']}")
            elif not focused["focusVisible"] or not has_visible_focus_indicator(
                control["look"], focused["look"]
            ):
                problems.append(
                    f"{name}: no visible focus indicator on {control['what']}: "
                    f"unfocused {control['look']}, focused {focused['look']}"
                )
        student.check(name)
    assert not problems, "\n".join(problems)


@JS
def test_student_answers_an_ordering_question_with_the_keyboard_only(open_page, js):
    student = open_page(js=js)
    page = student.page
    student.start_quiz("the-timeline")
    path, _, count = next(q for q in student.attempt_questions() if q[1] == "ordering")
    student.goto(path)

    selects = page.locator("#answer-area select")
    assert selects.count() == count
    # Tab from the top of the page to the first position select.
    for _ in range(30):
        page.keyboard.press("Tab")
        if selects.first.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the first position select")

    for i in range(count):
        select = selects.nth(i)
        expect(select).to_be_focused()
        position = str(i + 1)
        if i % 2 == 0:
            for _ in range(i + 1):  # from "Choose…", ArrowDown steps through 1, 2, 3…
                page.keyboard.press("ArrowDown")
        else:
            page.keyboard.type(position)  # typing selects the option that starts with it
        expect(select).to_have_value(position)
        page.keyboard.press("Tab")

    submit = page.get_by_role("button", name="Check answer")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter" if js else "Space")
    feedback = page.locator("#answer-area > section.feedback")
    expect(feedback).to_be_visible()
    expect(feedback).to_be_focused()
    expect(feedback.locator(".verdict")).to_have_text(
        re.compile(r"^(Right\.|Partly right\.|Not quite\.)$")
    )
    # The answer given is the keyboard's: positions 1, 2, 3… in the order shown.
    expect(feedback.locator(".answer-list").first.locator("li")).to_have_count(count)
    student.check()

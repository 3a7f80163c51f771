"""Layout in a real browser: no horizontal scrolling on a phone or when zoomed, and
screenshots of every student page for a reviewer (test-artifacts/screenshots/)."""

import pytest

pytestmark = pytest.mark.browser

# How far the page scrolls sideways, and the elements that stick out of the viewport (tables
# inside their own scrolling wrapper are allowed to be wider, as WCAG 1.4.10 permits).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const culprits = [...document.querySelectorAll("body *")]
    .filter(el => !el.closest(".table-wrap") && !el.matches(".skip-link"))
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 120));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits};
}"""


def overflow_problem(page, name):
    found = page.evaluate(OVERFLOW)
    if found["scrollWidth"] <= found["innerWidth"]:
        return None
    return (
        f"{name}: scrolls sideways, {found['scrollWidth']}px of content in a "
        f"{found['innerWidth']}px viewport; wider elements: {found['culprits']}"
    )


def test_no_horizontal_scrolling_at_360px_with_screenshots_at_360_and_1280(open_page):
    student = open_page(viewport={"width": 360, "height": 640})
    page = student.page
    problems = []
    for name, path in student.student_pages():
        student.goto(path)
        problems.append(overflow_problem(page, name))
        student.screenshot(f"{name}-360")
        page.set_viewport_size({"width": 1280, "height": 800})
        student.screenshot(f"{name}-1280")
        page.set_viewport_size({"width": 360, "height": 640})
        student.check(name)
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


# Browser zoom on a 1280x720 window: at 200% the page lays out in 640x360 CSS pixels, each drawn
# with 2x2 device pixels; at 400% (WCAG 1.4.10's reflow case) in 320x180. A viewport of that CSS
# size with that device scale factor is exactly what the zoomed browser gives the page: the same
# layout width for media queries and the same CSS pixel sizes for fonts and boxes.
@pytest.mark.parametrize(
    "zoom, viewport",
    [(2, {"width": 640, "height": 360}), (4, {"width": 320, "height": 180})],
    ids=["200%", "400%"],
)
def test_no_horizontal_scrolling_when_zoomed(open_page, zoom, viewport):
    student = open_page(viewport=viewport, device_scale_factor=zoom)
    problems = []
    for name, path in student.student_pages():
        student.goto(path)
        problems.append(overflow_problem(student.page, name))
        student.check(name)
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)

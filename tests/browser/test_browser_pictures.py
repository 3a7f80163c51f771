"""The pictures in a real browser: each draws at 360 and 1280 px without sideways scrolling, with
no accessibility violation, console error or CSP violation; screenshots for a reviewer."""

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser_layout import overflow_problem

pytestmark = pytest.mark.browser

SIZES = ({"width": 360, "height": 640}, {"width": 1280, "height": 800})


def look(tab, axe, describe_axe, name, selector):
    """At each size: the picture is drawn, nothing scrolls sideways, axe finds nothing."""
    page = tab.page
    problems = []
    for size in SIZES:
        page.set_viewport_size(size)
        box = page.locator(selector).first.bounding_box()
        assert box and box["width"] > 0.8 * min(size["width"] - 40, 540), (name, size, box)
        problems.append(overflow_problem(page, f"{name} at {size['width']}px"))
        tab.screenshot(f"picture-{name}-{size['width']}")
        # The picture alone too, to judge it at the size a reader sees it.
        figure = page.locator(selector).first.locator("xpath=ancestor::figure[1]")
        figure.screenshot(path=SCREENSHOTS / f"picture-{name}-{size['width']}-alone.png")
        violations = axe(page)
        assert not violations, describe_axe(name, violations)
    tab.check(name)
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "name, path, selector",
    [
        ("neutral-states", "/explainer/neutral-states/", "figure.picture svg[role=img]"),
        ("guarantor-map", "/explainer/guarantors/", "#guarantor-map svg[role=img]"),
        ("timeline-2022", "/timeline/", "#era-2022 ~ svg"),
        ("timeline-before-1990", "/timeline/", "#era-law ~ svg"),
    ],
)
def test_explainer_picture_draws_at_both_sizes(open_page, axe, describe_axe, name, path, selector):
    tab = open_page()
    tab.goto(path)
    look(tab, axe, describe_axe, name, selector)


def test_student_results_chart_draws_at_both_sizes(open_page, axe, describe_axe):
    tab = open_page()
    tab.start_quiz("the-guarantors")
    for path, kind, count in tab.attempt_questions():
        tab.answer_by_post(path, kind, count)
    tab.goto(f"{path.rsplit('/', 2)[0]}/results/")
    look(tab, axe, describe_axe, "student-results", "figure.chart svg.chart-bar")

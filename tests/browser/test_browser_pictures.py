"""The pictures in a real browser: each draws at 360 and 1280 px without sideways scrolling, with
no accessibility violation, console error or CSP violation; screenshots for a reviewer."""

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser_layout import overflow_problem
from tests.browser.test_browser_teacher import DJANGO_ADMIN_AXE_EXCLUDE, Admin

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


def test_teacher_results_charts_draw_at_both_sizes(open_page, make_teacher, axe, describe_axe):
    from quizzes.models import Assignment, QuestionSet
    from quizzes.services import attempt_answer, attempt_start

    teacher = make_teacher("charts")
    assignment = Assignment.objects.create(
        title="10B", question_set=QuestionSet.objects.get(slug="the-guarantors"), owner=teacher
    )
    for n in range(4):
        attempt = attempt_start(
            question_set=assignment.question_set, student_key=f"s{n}", assignment=assignment
        )
        for number, question_id in enumerate(attempt.question_ids, start=1):
            question = assignment.question_set.questions.get(pk=question_id)
            choices = list(question.choices.all())
            pick = choices[(n + number) % len(choices)]
            attempt_answer(attempt=attempt, question=question, choices=choices, selected=[pick.pk])
    tab = open_page()
    Admin(tab).login(teacher)
    tab.goto(f"/admin/quizzes/assignment/{assignment.pk}/results/")
    page = tab.page
    for size in SIZES:
        page.set_viewport_size(size)
        for chart in page.locator("figure.chart svg.chart-bar").all()[:3]:
            box = chart.bounding_box()
            assert box and box["width"] > 100 and box["x"] + box["width"] <= size["width"], box
        tab.screenshot(f"picture-teacher-results-{size['width']}")
        page.locator("figure.chart").first.screenshot(
            path=SCREENSHOTS / f"picture-teacher-results-{size['width']}-alone.png"
        )
        violations = axe(page, exclude=DJANGO_ADMIN_AXE_EXCLUDE)
        assert not violations, describe_axe("teacher results", violations)
    tab.check("teacher results")

"""The Ukrainian site in a real browser: a browser preferring Ukrainian lands on it, the switcher
keeps the reader on the same page, and the Ukrainian pages pass axe-core and fit a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import QUESTION_URL
from tests.browser.test_browser_layout import overflow_problem

pytestmark = pytest.mark.browser


def lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def test_a_browser_preferring_ukrainian_lands_on_uk_and_the_switcher_keeps_the_page(open_page):
    student = open_page(locale="uk-UA")
    student.goto("/glossary/")
    assert student.path() == "/uk/glossary/" and lang(student.page) == "uk"

    student.page.get_by_role("button", name="English").click()
    student.page.wait_for_url(re.compile(r"/glossary/$"))
    assert student.path() == "/glossary/" and lang(student.page) == "en"
    # Chosen once, kept: the browser still prefers Ukrainian, the cookie says English.
    student.goto("/timeline/")
    assert student.path() == "/timeline/" and lang(student.page) == "en"

    student.page.get_by_role("button", name="Українська").click()
    student.page.wait_for_url(re.compile(r"/uk/timeline/$"))
    assert lang(student.page) == "uk"

    # On a phone the switcher is in the menu, after the site's links.
    student.page.set_viewport_size({"width": 360, "height": 640})
    english = student.page.get_by_role("button", name="English")
    expect(english).to_be_hidden()
    student.page.locator(".site-menu > summary").click()
    english.click()
    student.page.wait_for_url(re.compile(r"/timeline/$"))
    assert student.path() == "/timeline/" and lang(student.page) == "en"
    student.check()


def start_quiz(student, slug) -> str:
    """Start a quiz from its Ukrainian page; the path of its first question."""
    student.goto(f"/uk/quizzes/{slug}/")
    student.page.locator("main form button[type=submit]").click()
    student.page.wait_for_url(QUESTION_URL)
    assert student.path().startswith("/uk/attempts/")
    return student.path()


def ukrainian_pages(student) -> list[tuple[str, str]]:
    """Home, the sections with pictures, the glossary, the timeline, the quiz list, joining, what
    the site keeps, a question before and after answering, and the results, in Ukrainian; the
    quiz is answered on its Ukrainian pages."""
    from explainer.models import Section
    from quizzes.models import Answer

    section = Section.objects.get(slug="istanbul-proposals")
    pages = [("home", "/uk/"), ("section", f"/uk{section.get_absolute_url()}")]
    for slug in ("neutral-states", "guarantors"):  # the states at a glance; the map
        pages.append((slug, f"/uk{Section.objects.get(slug=slug).get_absolute_url()}"))
    pages.append(("glossary", "/uk/glossary/"))
    pages.append(("timeline", "/uk/timeline/"))
    pages.append(("quizzes", "/uk/quizzes/"))
    pages.append(("join", "/uk/join/"))
    pages.append(("privacy", "/uk/privacy/"))
    pages.append(("question", start_quiz(student, "the-proposals")))  # left unanswered
    start_quiz(student, "the-timeline")
    questions = student.attempt_questions()
    for path, kind, count in questions:
        student.answer_by_post(f"/uk{path}", kind, count)
    assert set(Answer.objects.values_list("language", flat=True)) == {"uk"}
    pages.append(("feedback", f"/uk{questions[0][0]}"))
    pages.append(("results", f"/uk{questions[0][0].rsplit('/', 2)[0]}/results/"))
    return pages


def test_ukrainian_pages_pass_axe_and_fit_360_and_1280_px(open_page, axe, describe_axe):
    student = open_page(viewport={"width": 360, "height": 640})
    page = student.page
    reports, overflow = [], []
    for name, path in ukrainian_pages(student):
        student.goto(path)
        assert lang(page) == "uk", path
        for width, height in ((360, 640), (1280, 800)):
            page.set_viewport_size({"width": width, "height": height})
            if violations := axe(page):
                reports.append(describe_axe(f"{name} at {width} px ({path})", violations))
            if width == 360:
                overflow.append(overflow_problem(page, name))
            student.screenshot(f"uk-{name}-{width}")
        page.set_viewport_size({"width": 360, "height": 640})
        student.check(name)
    assert not reports, "axe-core found WCAG 2.1 A/AA violations:\n\n" + "\n\n".join(reports)
    assert not [p for p in overflow if p], "\n".join(p for p in overflow if p)

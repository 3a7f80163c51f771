"""A student reads the explainer in a real browser, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from explainer.models import Section

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])


@JS
def test_student_reads_every_section_through_next_and_previous_links(open_page, js):
    student = open_page(js=js)
    page = student.page
    sections = list(Section.objects.toc())
    assert len(sections) == 9

    student.goto("/")
    page.get_by_role("link", name="Start reading").click()
    for number, section in enumerate(sections, start=1):
        page.wait_for_url(f"**{section.get_absolute_url()}")
        assert page.locator("main h1").inner_text() == section.title
        assert page.locator(".eyebrow").inner_text().lower() == f"part {number} of {len(sections)}"
        toc_current = page.locator(".toc-side a[aria-current=page]")
        assert toc_current.inner_text() == section.title
        pager = page.get_by_role("navigation", name="Previous and next section")
        if number < len(sections):
            pager.locator("a[rel=next]").click()
        else:
            assert pager.locator("a[rel=next]").count() == 0
        student.check(section.slug)

    # And back one step with "Previous".
    page.get_by_role("navigation", name="Previous and next section").locator("a[rel=prev]").click()
    page.wait_for_url(f"**{sections[-2].get_absolute_url()}")
    assert page.locator("main h1").inner_text() == sections[-2].title
    student.check()


@JS
def test_student_follows_a_glossary_link_to_its_entry(open_page, js):
    student = open_page(js=js)
    page = student.page
    section = Section.objects.toc().first()
    student.goto(section.get_absolute_url())
    term_link = page.locator("article a.term").first
    href = term_link.get_attribute("href")
    slug = re.fullmatch(r"/glossary/#term-([\w-]+)", href).group(1)
    term_link.click()
    page.wait_for_url(f"**/glossary/#term-{slug}")
    entry = page.locator(f"dt#term-{slug}")
    # The entry is the :target and scrolled into view (smoothly, hence the waiting assertion).
    expect(entry).to_be_in_viewport()
    assert entry.evaluate("el => el.matches(':target')")
    student.check()

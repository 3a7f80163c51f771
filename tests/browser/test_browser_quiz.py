"""A student takes every shipped quiz in a real browser, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from explainer.loading import FIXTURES
from quizzes.models import QuestionSet

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
SHIPPED = sorted(path.stem for path in (FIXTURES / "quizzes").glob("*.toml"))

# Before answering: where we are, and (with JavaScript) handles on the nodes outside the answer
# area, kept in the page to compare after the answer.
BEFORE = """() => {
  window.__marker = 1;
  window.__kept = {
    header: document.querySelector(".site-header"),
    progress: document.querySelector("progress"),
    area: document.querySelector("#answer-area"),
    form: document.querySelector("#answer-area form"),
  };
  const area = document.querySelector("#answer-area");
  return {
    progress: document.querySelector(".progress-label").textContent.trim(),
    feedback: document.querySelectorAll(".feedback").length,
    kind: area.querySelector("select") ? "ordering"
      : area.querySelector("input[type=checkbox]") ? "multiple"
      : area.querySelector("input[type=radio]") ? "single" : null,
  };
}"""
AFTER = """() => {
  const feedback = document.querySelector("#answer-area > section.feedback");
  return {
    verdict: feedback.querySelector(".verdict").textContent.trim(),
    readMore: feedback.textContent.includes("Read more:"),
    next: document.querySelector("#answer-area .actions a.button").textContent.trim(),
    kept: window.__kept === undefined ? null : {
      marker: window.__marker,
      header: document.querySelector(".site-header") === window.__kept.header,
      progress: document.querySelector("progress") === window.__kept.progress,
      area: document.querySelector("#answer-area") === window.__kept.area,
      formGone: !document.contains(window.__kept.form),
    },
  };
}"""
SWAPPED_ONLY_THE_ANSWER_AREA = {
    "marker": 1,
    "header": True,
    "progress": True,
    "area": True,
    "formGone": True,
}


def test_the_shipped_quizzes_are_listed(open_page):
    student = open_page()
    student.goto("/quizzes/")
    titles = student.page.locator(".card-list .card h2 a").all_inner_texts()
    # In the explainer's order, which tests/test_student_path.py checks.
    assert sorted(titles) == sorted(qs.title for qs in QuestionSet.objects.published())
    assert sorted(QuestionSet.objects.published().values_list("slug", flat=True)) == SHIPPED
    student.check()


@JS
@pytest.mark.parametrize("slug", SHIPPED)
def test_student_takes_a_quiz_to_the_end_and_sees_the_review(open_page, js, slug):
    student = open_page(js=js)
    page = student.page
    question_set = QuestionSet.objects.published().with_question_count().get(slug=slug)
    total = question_set.question_count

    student.goto("/quizzes/")
    page.get_by_role("link", name=question_set.title, exact=True).click()
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))

    # Every request the page makes: documents (navigations) and htmx's XHRs.
    requests = []

    def record(request):
        requests.append(request)

    page.on("request", record)
    for number in range(1, total + 1):
        question_url = page.url
        before = page.evaluate(BEFORE)
        kind = before.pop("kind")
        assert before == {"progress": f"Question {number} of {total}", "feedback": 0}
        requests.clear()
        student.fill_answer(kind)
        if js:
            student.submit_answer()
        else:
            with page.expect_navigation():
                page.get_by_role("button", name="Check answer").click()
        after = page.evaluate(AFTER)

        to_page = [r for r in requests if r.url == question_url]
        sent = [(r.method, r.resource_type, r.url) for r in to_page]
        if js:
            # htmx posted the form and swapped the answer area: no navigation, nothing else
            # replaced, focus on the feedback.
            assert sent == [("POST", "xhr", question_url)], sent
            assert to_page[0].headers.get("hx-request") == "true"
            assert after["kept"] == SWAPPED_ONLY_THE_ANSWER_AREA, f"question {number} ({kind})"
        else:
            # POST, redirect to the same question page, GET it: the page shows the feedback.
            assert sent == [("POST", "document", question_url), ("GET", "document", question_url)]
            assert to_page[0].redirected_to is to_page[1]
            assert page.url == question_url
            assert after["kept"] is None  # a new document
        # Focus moves to the feedback (htmx focuses [autofocus] once the swap settles; without
        # JavaScript the browser does it on load), so a screen reader reads it next.
        expect(page.locator("#answer-area > section.feedback")).to_be_focused()
        assert after["verdict"] in {"Right.", "Partly right.", "Not quite."}
        assert after["readMore"]
        assert after["next"] == ("Next question" if number < total else "See your results")
        student.next()
        student.check(f"question {number} ({kind})")

    assert re.search(r"/attempts/\d+/results/$", page.url)
    expect(page.locator("main h1")).to_have_text("Your results")
    expect(page.locator(".score")).to_have_text(re.compile(rf" of {total} right"))
    # The review opens on the missed questions; "show all" lists every one.
    page.goto(page.url + "?show=all")
    expect(page.locator(".review > li")).to_have_count(total)
    expect(page.locator(".review .feedback")).to_have_count(total)
    student.check("results")

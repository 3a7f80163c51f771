"""An answer that does not reach the server: the student is told it was not saved, keeps their
choice, and sends it again. (Without JavaScript the browser's own resend of the form is safe: a
second POST of an answer changes nothing, tests/test_quiz_integrity.py,
test_a_second_answer_changes_nothing.)"""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Answer

pytestmark = pytest.mark.browser

QUESTION_PATH = re.compile(r"/attempts/\d+/\d+/$")
NOT_SAVED = "Your answer was not saved."
# What the answer controls hold: which boxes are ticked and which positions are chosen.
SELECTION = """() => Array.from(
  document.querySelectorAll("#answer-area input:checked, #answer-area select"),
  (control) => `${control.name}=${control.value}`,
)"""
# Expected in the console when a request fails: Chromium's own line and htmx's error log.
NETWORK_ERRORS = re.compile(
    r"Failed to load resource|Response Status Error Code 502"
    r"|^console error: htmx:(afterRequest|sendError|timeout|responseError), "
)


def server_gone(route):
    # What the browser sees when the server process is killed: the connection fails.
    route.abort()


def bad_gateway(route):
    # What nginx answers while no worker is there.
    route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")


def no_reply(route):
    # Neither answered nor refused: the request hangs until htmx gives up on it.
    pass


@pytest.mark.parametrize(
    "failure", [server_gone, bad_gateway, no_reply], ids=["server-gone", "502", "timeout"]
)
def test_an_answer_that_does_not_arrive_is_not_lost(open_page, axe, describe_axe, failure):
    student = open_page()
    page = student.page
    student.start_quiz("what-neutrality-means")
    if failure is no_reply:
        # The form waits 25 s for a reply; a test need not.
        page.locator("#answer-area form").evaluate(
            "(form) => form.setAttribute('data-hx-request', '{\"timeout\": 500}')"
        )

    def fail_posts(route):
        if route.request.method == "POST":
            failure(route)
        else:
            route.continue_()

    page.route(QUESTION_PATH, fail_posts)
    student.fill_answer()
    chosen = page.evaluate(SELECTION)
    page.get_by_role("button", name="Check answer").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(NOT_SAVED)
    expect(alert).to_contain_text("Your choice is still selected")
    assert page.evaluate(SELECTION) == chosen
    send_again = page.get_by_role("button", name="Send again")
    expect(send_again).to_be_visible()
    assert not Answer.objects.exists()
    if failure is server_gone:
        violations = axe(page)
        assert not violations, describe_axe("the not-saved message", violations)
        student.screenshot("answer-not-saved-1280")
        page.set_viewport_size({"width": 360, "height": 800})
        student.screenshot("answer-not-saved-360")
    unexpected = [p for p in student.problems.take() if not NETWORK_ERRORS.search(p)]
    assert not unexpected, unexpected

    page.unroute(QUESTION_PATH)
    send_again.click()
    feedback = page.locator("#answer-area .feedback")
    feedback.wait_for()
    expect(page.get_by_text(NOT_SAVED)).to_have_count(0)
    assert Answer.objects.count() == 1
    student.check()

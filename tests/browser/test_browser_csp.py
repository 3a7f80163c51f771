"""The Content-Security-Policy in a real browser: sent on every student page, never violated,
and no console errors. (Every browser test also fails on a console error or CSP violation.)"""

import pytest

pytestmark = pytest.mark.browser


def test_every_student_page_sends_the_csp_and_runs_without_errors_or_violations(open_page):
    student = open_page()
    for name, path in student.student_pages():
        response = student.goto(path)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, f"{name}: CSP is {policy!r}"
        assert "style-src 'self'" in policy, f"{name}: CSP is {policy!r}"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        if name.startswith("question-"):
            # htmx came from the site itself and is running, under the CSP.
            assert student.page.evaluate("typeof window.htmx === 'object'"), name
        assert student.page.evaluate("window.__cspViolations") == [], name
        student.check(name)


def test_the_checks_catch_a_csp_violation_and_a_console_error(open_page):
    """The listeners work: an inline script is refused and reported, and so is a console error."""
    student = open_page()
    page = student.page
    student.goto("/")
    page.evaluate(
        """() => { const script = document.createElement("script");
                   script.textContent = "window.__ran = true";
                   document.body.append(script); }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None  # the CSP stopped it
    page.evaluate("console.error('planted error')")
    page.wait_for_timeout(100)
    problems = student.problems.take()
    assert any(p.startswith("CSP violation: script-src") for p in problems), problems
    assert any("planted error" in p for p in problems), problems

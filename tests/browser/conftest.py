"""Real-browser tests: Playwright for Python (sync API) driving Debian's Chromium.

Every test here is marked ``browser``. Without Chromium the tests are skipped with the reason
printed at the end of the run; with ``CI=true`` a missing Chromium fails them instead.
The app runs in pytest-django's ``live_server`` with its own headers, so the CSP is on.
"""

import functools
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API keeps an asyncio event loop running in the main thread; Django would
# refuse ORM calls there (SynchronousOnlyOperation). The fixtures below call the ORM only between
# browser actions, never concurrently, so this documented escape hatch is safe for these tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
QUESTION_URL = re.compile(r"/attempts/\d+/\d+/$")
RESULTS_URL = re.compile(r"/attempts/\d+/results/$")

QUESTION_KIND = """() => {
  const area = document.querySelector("#answer-area");
  if (area.querySelector("select")) return "ordering";
  if (area.querySelector("input[type=checkbox]")) return "multiple";
  if (area.querySelector("input[type=radio]")) return "single";
  return null;
}"""

_skip_reason = []  # filled when the browser tests cannot run, printed in the terminal summary


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if _skip_reason:
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(_skip_reason[0])


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        reason = (
            "Browser tests need Chromium at /usr/bin/chromium or on PATH "
            "(Debian: apt-get install chromium)."
        )
        if in_ci():
            pytest.fail(f"{reason} CI=true, so a missing Chromium is a failure.", pytrace=False)
        if not _skip_reason:
            _skip_reason.append(f"{reason} Not found, so the browser tests were skipped.")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One Chromium for the whole run; each test gets its own context."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        if in_ci():
            pytest.fail("Playwright is not installed (pip install -e '.[dev]').", pytrace=False)
        pytest.skip("Playwright is not installed (pip install -e '.[dev]').")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def site(live_server):
    """The live server with the shipped content.

    ``live_server`` makes the test transactional: the database is flushed after each test, so
    the content loaded once per run by tests/conftest.py is gone; load it again.
    """
    call_command("load_content", verbosity=0)
    return live_server.url


# Installed before any page script runs (init scripts are not subject to the page's CSP).
# Records Content-Security-Policy violations in the page and reports them to the test. With
# JavaScript off the listener cannot fire, but Chromium also logs every violation to the console
# as an error, and console errors are collected too.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const report = `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`;
  window.__cspViolations.push(report);
  if (window.__reportCspViolation) window.__reportCspViolation(report);
});
"""


class BrowserProblems:
    """Console errors, uncaught page errors and CSP violations seen in one context."""

    def __init__(self):
        self.items = []

    def console(self, message):
        if message.type == "error":
            location = message.location or {}
            self.items.append(f"console error: {message.text} ({location.get('url', '')})")

    def page_error(self, error):
        self.items.append(f"page error: {error.error}")

    def csp(self, report):
        self.items.append(f"CSP violation: {report}")

    def take(self):
        items, self.items = self.items, []
        return items

    def assert_none(self, where=""):
        items = self.take()
        assert not items, f"Problems in the browser{' on ' + where if where else ''}:\n" + (
            "\n".join(f"  - {item}" for item in items)
        )


class StudentPage:
    """A student's browser tab: the page, what went wrong in it, and the quiz steps."""

    def __init__(self, page, problems, base_url, js):
        self.page = page
        self.problems = problems
        self.base_url = base_url
        self.js = js

    def goto(self, path):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"GET {path}: {response and response.status}"
        return response

    def path(self):
        return self.page.url.removeprefix(self.base_url)

    def check(self, where=None):
        """Fail on any console error or CSP violation so far (also read from the page)."""
        self.problems.assert_none(where or self.path())

    def screenshot(self, name):
        """Save a full-page screenshot to test-artifacts/screenshots/ for a reviewer."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    # Quizzes, through the UI

    def start_quiz(self, slug):
        self.goto(f"/quizzes/{slug}/")
        self.page.get_by_role("button", name=re.compile(r"^(Start the quiz|Continue)$")).click()
        self.page.wait_for_url(QUESTION_URL)

    def question_kind(self):
        """The kind of question on screen (single, multiple, ordering); None once answered."""
        return self.page.evaluate(QUESTION_KIND)

    def fill_answer(self, kind=None):
        """Pick an answer through the controls: any answer will do."""
        kind = kind or self.question_kind()
        area = self.page.locator("#answer-area")
        assert kind, f"{self.path()} has no question to answer"
        if kind == "ordering":
            selects = area.locator("select")
            for i in range(selects.count()):
                selects.nth(i).select_option(str(i + 1))
        elif kind == "multiple":
            area.locator("input[type=checkbox]").first.click()
        else:
            area.locator("input[type=radio]").first.click()
        return kind

    def submit_answer(self):
        self.page.get_by_role("button", name="Check answer").click()
        self.page.locator("#answer-area .feedback").wait_for()

    def answer(self, kind=None):
        kind = self.fill_answer(kind)
        self.submit_answer()
        return kind

    def next(self):
        link = self.page.locator("#answer-area .actions a.button")
        link.click()
        self.page.wait_for_url(re.compile(rf"{QUESTION_URL.pattern}|{RESULTS_URL.pattern}"))

    def answer_every_question(self):
        """From a question page, answer each question in turn through the UI up to the results
        page (with or without JavaScript); return how many were answered."""
        answered = 0
        while not RESULTS_URL.search(self.page.url):
            self.fill_answer()
            button = self.page.get_by_role("button", name="Check answer")
            if self.js:
                button.click()
            else:
                with self.page.expect_navigation():
                    button.click()
            self.page.locator("#answer-area .feedback").wait_for()
            answered += 1
            self.next()
            self.check(f"question {answered}")
        return answered

    def attempt_questions(self):
        """The current attempt's questions as (path, kind, number of choices), in order."""
        from quizzes.models import Attempt, Question

        attempt_id = int(re.search(r"/attempts/(\d+)/", self.page.url).group(1))
        question_ids = Attempt.objects.get(pk=attempt_id).question_ids
        questions = Question.objects.in_bulk(question_ids)
        rows = []
        for number, pk in enumerate(question_ids, start=1):
            question = questions[pk]
            kind = "single"
            if question.is_ordering:
                kind = "ordering"
            elif question.is_multiple:
                kind = "multiple"
            rows.append((f"/attempts/{attempt_id}/{number}/", kind, question.choices.count()))
        return rows

    def answer_by_post(self, path, kind, count):
        """Answer through the plain form's POST, without rendering: quick setup for page tests."""
        token = next(c["value"] for c in self.page.context.cookies() if c["name"] == "csrftoken")
        if kind == "ordering":
            form = {f"position-{i}": str(i) for i in range(1, count + 1)}
        else:
            form = {"choice": "1"}
        response = self.page.request.post(
            path, form={**form, "csrfmiddlewaretoken": token}, max_redirects=0
        )
        assert response.status == 302, f"POST {path}: {response.status}"

    def student_pages(self):
        """Every page a student meets, as (name, path); starts and finishes one attempt.

        Question pages: the first unanswered one of each kind (in a fresh attempt), the same kinds
        after feedback (in a finished attempt), and that attempt's results page.
        """
        from explainer.models import Section
        from quizzes.models import QuestionSet

        pages = [("home", "/")]
        pages += [
            (f"explainer-{s.number}-{s.slug}", s.get_absolute_url()) for s in Section.objects.toc()
        ]
        pages += [("glossary", "/glossary/"), ("timeline", "/timeline/"), ("sources", "/sources/")]
        pages.append(("quiz-list", "/quizzes/"))
        pages += [
            (f"quiz-{qs.slug}", qs.get_absolute_url())
            for qs in QuestionSet.objects.published().order_by("slug")
        ]
        # the-timeline has every kind of question: single choice, select-all and ordering.
        self.start_quiz("the-timeline")
        feedback = {}
        for path, kind, count in self.attempt_questions():
            self.answer_by_post(path, kind, count)
            feedback.setdefault(kind, path)
        results = f"{path.rsplit('/', 2)[0]}/results/"
        self.goto(results)
        self.page.get_by_role("button", name="Try again").click()
        self.page.wait_for_url(QUESTION_URL)
        fresh = {}
        for path, kind, _ in self.attempt_questions():
            fresh.setdefault(kind, path)
        assert sorted(fresh) == sorted(feedback) == ["multiple", "ordering", "single"]
        pages += [(f"question-{kind}", fresh[kind]) for kind in sorted(fresh)]
        pages += [(f"feedback-{kind}", feedback[kind]) for kind in sorted(feedback)]
        pages.append(("results", results))
        self.check("setting up the student pages")
        return pages


@pytest.fixture
def open_page(browser, site):
    """Open a fresh context and page on the live site: ``open_page(js=False, **context_options)``.

    Console errors, page errors and CSP violations are collected; any left unchecked fail the test
    at teardown.
    """
    opened = []

    def open_(js=True, **options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=site, java_script_enabled=js, **options)
        context.set_default_timeout(10_000)
        problems = BrowserProblems()
        context.expose_function("__reportCspViolation", problems.csp)
        context.add_init_script(CSP_LISTENER)
        context.on("console", problems.console)
        context.on("weberror", problems.page_error)
        opened.append((context, problems))
        return StudentPage(context.new_page(), problems, site, js)

    yield open_
    leftovers = []
    for context, problems in opened:
        leftovers += problems.take()
        context.close()
    if leftovers:
        pytest.fail("Problems in the browser:\n" + "\n".join(f"  - {p}" for p in leftovers))


# Teachers. The "Teachers" group and its permissions are made by data migrations (quizzes 0003
# and 0005). ``live_server`` tests are transactional: after each one the database is flushed, and
# the flush's post_migrate signal brings back content types and permissions but not the group, so
# only the first such test of a run would find it. ``serialized_rollback=True`` would restore it,
# but it also turns off post_migrate on the flush, leaving the next transactional test without
# content types or permissions, and it serializes the whole database for the run. Instead the
# fixture runs the migrations' own functions again, on the historical models they were written
# for: the group gets exactly the permissions a migrated database gives it.
TEACHER_PASSWORD = "a-long-classroom-passphrase-42"


def recreate_teachers_group():
    """Run the data migrations that make the Teachers group (they are idempotent)."""
    import importlib

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(("quizzes", "0005_teachers_assign"))
    importlib.import_module("quizzes.migrations.0003_teachers_group").create_group(state.apps, None)
    importlib.import_module("quizzes.migrations.0005_teachers_assign").grant(state.apps, None)
    return Group.objects.get(name="Teachers")


@pytest.fixture
def make_teacher(site):
    """``make_teacher(username)``: a staff user in the Teachers group, as create_teacher makes;
    ``user.raw_password`` is the password to sign in with."""
    from django.contrib.auth import get_user_model

    def make(username="teacher"):
        group = recreate_teachers_group()
        user = get_user_model().objects.create_user(
            username, password=TEACHER_PASSWORD, is_staff=True
        )
        user.groups.add(group)
        user.raw_password = TEACHER_PASSWORD
        return user

    return make


# axe-core, WCAG 2.1 A and AA. page.evaluate() runs through the DevTools protocol, which the
# page's script-src does not govern, so the CSP stays in force for the page itself.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@functools.cache
def axe_source():
    import axe_core_python

    return (Path(axe_core_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page, exclude=()):
    """Violations in the page, leaving out the elements matched by the ``exclude`` selectors."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    context = {"include": [["html"]], "exclude": [[selector] for selector in exclude]}
    return page.evaluate(
        "([context, options]) => window.axe.run(context, options)", [context, AXE_OPTIONS]
    )["violations"]


def describe_violations(name, violations):
    lines = [f"{name}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      at {node['target']}: {summary}")
            lines.append(f"         {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def axe():
    """``axe(page, exclude=())``: axe-core's WCAG 2.1 A/AA violations in the page."""
    return axe_violations


@pytest.fixture
def describe_axe():
    return describe_violations

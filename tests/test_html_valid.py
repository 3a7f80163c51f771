"""Every page a student sees, and every admin page this project adds, is valid HTML.

The pages are rendered with the test client and checked together by the Nu HTML checker
(``vnu.jar`` from npm's ``vnu-jar``: run ``npm ci`` once), in one Java process. Without Java or the
jar the test is skipped with the reason; with ``CI=true`` a missing checker fails it instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from explainer.models import Section
from quizzes.interchange.upload import export_json
from quizzes.models import Assignment, QuestionSet
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KINDS = ("single", "true_false", "multiple", "ordering", "short", "numerical", "matching")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture
def vnu():
    """The command that runs the checker, or a skip (a failure in CI) naming what is missing."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java 17 or newer (`java` on the PATH; Debian: apt-get install default-jre)")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR.relative_to(settings.BASE_DIR)} (run `npm ci`)")
    if missing:
        reason = "The HTML check needs " + " and ".join(missing) + "."
        if in_ci():
            pytest.fail(f"{reason} CI=true, so a missing checker is a failure.", pytrace=False)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]


class Pages:
    """Rendered documents by name, each fetched with the status a user would get."""

    def __init__(self):
        self.documents = {}

    def get(self, name, client, url, status=200):
        return self.keep(name, client.get(url), status)

    def post(self, name, client, url, data, status=200):
        return self.keep(name, client.post(url, data), status)

    def keep(self, name, response, status):
        assert response.status_code == status, f"{name}: {response.status_code}, not {status}"
        self.documents[name] = response.content.decode()
        return response


def student_pages(pages):
    client = Client()
    pages.get("home", client, "/")
    for section in Section.objects.order_by("number"):
        pages.get(f"section {section.slug}", client, section.get_absolute_url())
    pages.get("glossary", client, "/glossary/")
    pages.get("timeline", client, "/timeline/")
    pages.get("sources", client, "/sources/")
    pages.get("quiz list", client, "/quizzes/")
    shipped = QuestionSet.objects.published().filter(owner=None).order_by("title").first()
    pages.get("quiz page", client, f"/quizzes/{shipped.slug}/")

    student = Student(client)
    attempt = student.start(make_question_set(questions=len(KINDS), kinds=KINDS))
    pages.post("question with no answer given", client, attempt.question_url(1), {}, status=422)
    for number, kind in enumerate(KINDS, start=1):
        pages.keep(f"{kind} question", student.page(attempt, number), 200)
        answered = student.answer(attempt, number, student.wrong_answer(attempt, number))
        assert answered.status_code == 302
        pages.keep(f"{kind} question, answered", student.page(attempt, number), 200)
    pages.get("results", client, attempt.get_absolute_url())

    pages.get("join", client, "/join/")
    pages.post("join, blank", client, "/join/", {"code": "", "name": ""}, status=422)
    pages.post("join, unknown code", client, "/join/", {"code": "ZZZZ-ZZZZ", "name": "Ana"}, 422)
    pages.get("not found", client, "/no-such-page/", status=404)

    # The same kinds of page in Ukrainian, with the attempt's answers given above.
    guarantors = Section.objects.get(slug="guarantors").get_absolute_url()
    for url in ("/", guarantors, "/glossary/", "/timeline/", "/quizzes/", "/join/"):
        pages.get(f"{url} in Ukrainian", client, f"/uk{url}")
    pages.get("question in Ukrainian", client, f"/uk{attempt.question_url(1)}")
    pages.get("results in Ukrainian", client, f"/uk{attempt.get_absolute_url()}")


def admin_pages(pages):
    teacher = make_teacher("html-check")
    admin = logged_in(teacher)
    own_set = make_question_set(questions=len(KINDS), kinds=KINDS, owner=teacher)

    assignment = Assignment.objects.create(title="10B", question_set=own_set, owner=teacher)
    for name, right in (("Ana", True), ("Ben", False)):
        student = Student(Client())
        joined = student.client.post("/join/", {"code": assignment.join_code, "name": name})
        assert joined.status_code == 302
        attempt = assignment.attempts.get(display_name=name)
        for number in range(1, attempt.total + 1):
            answer = student.right_answer if right else student.wrong_answer
            assert student.answer(attempt, number, answer(attempt, number)).status_code == 302

    url = "/admin/quizzes/questionset/import/"
    pages.get("admin: import", admin, url)
    upload = {"file": SimpleUploadedFile("sets.json", export_json([own_set]).encode())}
    preview = pages.post("admin: import preview", admin, url, upload)
    assert "Confirm import" in preview.content.decode()
    broken = {"file": SimpleUploadedFile("broken.json", b"{")}
    pages.post("admin: import with problems", admin, url, broken)
    results = pages.get(
        "admin: results", admin, f"/admin/quizzes/assignment/{assignment.pk}/results/"
    )
    assert "Ana" in results.content.decode() and "Ben" in results.content.decode()
    pages.get("admin: set change form", admin, f"/admin/quizzes/questionset/{own_set.pk}/change/")
    pages.get("admin: preview as a student", admin, f"/preview/{own_set.pk}/1/")
    teacher_pages(pages, teacher, own_set, assignment)


def teacher_pages(pages, teacher, own_set, assignment):
    """The teacher's class pages, and a student's device in a teacher-paced class."""
    teach = logged_in(teacher)
    pages.get("teach: home", teach, "/teach/")
    pages.post("teach: run refused", teach, f"/teach/sets/{own_set.pk}/run/", {"pace": "x"}, 422)
    pages.get("teach: self-paced class screen", teach, f"/teach/classes/{assignment.pk}/")
    pages.get("teach: summary", teach, f"/teach/classes/{assignment.pk}/summary/")

    ran = teach.post(f"/teach/sets/{own_set.pk}/run/", {"pace": "teacher"})
    paced = Assignment.objects.get(pk=ran["Location"].split("/")[-2])
    screen = f"/teach/classes/{paced.pk}/"
    student = Student(Client())
    live = student.client.post("/join/", {"code": paced.join_code, "name": "Ana"})["Location"]
    pages.get("student: waiting for the first question", student.client, live)
    pages.get("teach: paced screen before the first question", teach, screen)
    teach.post(f"{screen}move/", {"action": "next", "question": 0})
    attempt = paced.attempts.get()
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    pages.get("student: answered, waiting", student.client, live)
    pages.get("teach: paced screen, answering", teach, screen)
    pages.post(
        "teach: a stale move", teach, f"{screen}move/", {"action": "next", "question": 0}, 409
    )
    teach.post(f"{screen}move/", {"action": "reveal", "question": 1})
    pages.get("student: answer shown", student.client, live)
    pages.get("teach: paced screen, answer shown", teach, screen)
    late = student.answer(attempt, 1, student.right_answer(attempt, 1))
    pages.keep("student: too late to answer", late, 409)


def check(vnu, documents, folder):
    """Run the checker once over all documents; its messages by document name."""
    names = {}
    for number, (name, html) in enumerate(documents.items(), start=1):
        path = folder / f"page-{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    run = subprocess.run(
        [*vnu, *(str(folder / file_name) for file_name in names)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, f"vnu failed ({run.returncode}):\n{run.stderr}"
    messages = json.loads(run.stdout)["messages"]
    for message in messages:
        file_name = message.get("url", "").rsplit("/", 1)[-1]
        message["page"] = names.get(file_name, message.get("url", "the checker"))
    return messages


def test_every_page_is_valid_html(vnu, tmp_path):
    pages = Pages()
    student_pages(pages)
    admin_pages(pages)
    messages = check(vnu, pages.documents, tmp_path)
    # Warnings ("info" messages) are advice, such as a role the element already has; errors and
    # the checker's own failures ("non-document-error") are not.
    errors = [m for m in messages if m["type"] != "info"]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(
        f"  - {m['page']}, line {m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in errors
    )


def test_the_teachers_ukrainian_pages_are_valid_html(vnu, tmp_path):
    """The class pages under /uk/teach/ and the admin additions with Ukrainian chosen: the
    translated text is escaped and placed where the English was."""
    teacher = make_teacher("html-check-uk")
    teach = logged_in(teacher)
    teach.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    own_set = make_question_set(questions=len(KINDS), kinds=KINDS, owner=teacher)
    ran = teach.post(f"/uk/teach/sets/{own_set.pk}/run/", {"pace": "teacher"})
    paced = Assignment.objects.get(pk=ran["Location"].split("/")[-2])
    student = Student(Client())
    student.client.post("/uk/join/", {"code": paced.join_code, "name": "Оксана"})
    screen = f"/uk/teach/classes/{paced.pk}/"
    admin = f"/admin/quizzes/assignment/{paced.pk}"
    pages = Pages()
    pages.get("teach: home in Ukrainian", teach, "/uk/teach/")
    pages.get("teach: paced screen in Ukrainian", teach, screen)
    teach.post(f"{screen}move/", {"action": "next", "question": 0})
    pages.get("teach: an open question in Ukrainian", teach, screen)
    teach.post(f"{screen}move/", {"action": "finish", "question": 1})
    pages.get("teach: summary in Ukrainian", teach, f"{screen}summary/")
    pages.get("admin: results in Ukrainian", teach, f"{admin}/results/")
    pages.get("admin: delete answers in Ukrainian", teach, f"{admin}/delete-data/")
    pages.get("admin: set in Ukrainian", teach, f"/admin/quizzes/questionset/{own_set.pk}/change/")
    broken = {"file": SimpleUploadedFile("broken.gift", b"::Q1:: No answers {\n}\n")}
    url = "/admin/quizzes/questionset/import/"
    pages.post("admin: import problems in Ukrainian", teach, url, {**broken, "title": "Т"})
    messages = check(vnu, pages.documents, tmp_path)
    errors = [m for m in messages if m["type"] != "info"]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(
        f"  - {m['page']}, line {m.get('lastLine', '?')}: {m['message']}" for m in errors
    )
    assert "Рядок 1" in pages.documents["admin: import problems in Ukrainian"]

"""What a teacher reads: per student, per question and per section, for their own classes only."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from quizzes.classroom.analysis import assignment_results
from quizzes.classroom.formatting import answer_text
from quizzes.models import Answer, Assignment, Attempt
from quizzes.services import attempt_answer
from tests.factories import logged_in, make_question_set
from tests.factories import make_teacher as teacher

pytestmark = pytest.mark.django_db


def take(assignment, name, answers):
    """A student's finished attempt. ``answers`` maps question number to the choice positions
    picked (1 = the factory's first, correct choice)."""
    questions = list(assignment.question_set.questions.order_by("position"))
    attempt = Attempt.objects.create(
        question_set=assignment.question_set,
        assignment=assignment,
        display_name=name,
        student_key=name,
        question_ids=[q.pk for q in questions],
        seed=1,
    )
    for number, positions in answers.items():
        question = questions[number - 1]
        choices = list(question.choices.all())
        selected = [c.pk for c in choices if c.position in positions]
        attempt_answer(attempt=attempt, question=question, choices=choices, selected=selected)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def classroom():
    """Four students on three single-choice questions; choice 1 is right, 2-4 wrong."""
    owner = teacher("alice")
    assignment = Assignment.objects.create(
        title="10B", question_set=make_question_set(questions=3), owner=owner
    )
    take(assignment, "Ana", {1: [1], 2: [1], 3: [1]})  # 3
    take(assignment, "Ben", {1: [1], 2: [1], 3: [2]})  # 2
    take(assignment, "Cai", {1: [1], 2: [2], 3: [1]})  # 2
    take(assignment, "Dee", {1: [2], 2: [3], 3: [1]})  # 1
    return assignment


def test_item_analysis_matches_a_hand_computed_example(classroom):
    results = assignment_results(classroom)
    q1, q2, q3 = results.questions
    # Facility: the share answering right.
    assert (q1.facility, q2.facility, q3.facility) == (0.75, 0.5, 0.75)
    # 27% of 4 attempts rounds to 1: the top is Ana (3), the bottom Dee (1).
    assert (q1.discrimination, q2.discrimination, q3.discrimination) == (1.0, 1.0, 0.0)
    assert (q1.common_wrong, q1.common_wrong_share) == ("Choice 2", 0.25)
    assert q2.common_wrong in {"Choice 2", "Choice 3"} and q2.common_wrong_share == 0.25
    assert not any(row.flagged for row in results.questions)
    [section] = results.sections
    assert (section.answered, section.correct, section.questions) == (12, 8, [1, 2, 3])
    assert [s.attempt.display_name for s in results.students] == ["Ana", "Ben", "Cai", "Dee"]


def test_broken_questions_are_flagged(classroom):
    # Make question 3 reward the weaker student: only Dee and Ben now answer it "right".
    question = classroom.question_set.questions.order_by("position")[2]
    Answer.objects.filter(question=question).update(score=0)
    Answer.objects.filter(question=question, attempt__display_name__in=["Dee", "Ben"]).update(
        score=1
    )
    row = assignment_results(classroom).questions[2]
    assert row.discrimination == -1.0 and row.flagged
    Answer.objects.filter(question=question).update(score=0)
    row = assignment_results(classroom).questions[2]
    assert row.facility == 0 and row.flagged


def results_urls(assignment):
    base = f"/admin/quizzes/assignment/{assignment.pk}"
    return [
        f"{base}/results/",
        f"{base}/results/students.csv",
        f"{base}/results/questions.csv",
        f"{base}/change/",
    ]


def test_the_owner_reads_results_and_csv(classroom):
    client = logged_in(classroom.owner)
    page = client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/").content.decode()
    assert "Ana" in page and "Facility" in page and classroom.display_code in page
    students = client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/students.csv")
    rows = list(csv.reader(io.StringIO(students.content.decode())))
    assert rows[0][:3] == ["name", "score", "out of"]
    assert rows[1][:3] == ["Ana", "3.0", "3"] and rows[1][8] == "Choice 1 (right)"
    questions = client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/questions.csv")
    rows = list(csv.reader(io.StringIO(questions.content.decode())))
    assert rows[1][0] == "1" and rows[1][5] == "0.75" and rows[1][6] == "1.0"


def test_another_teacher_cannot_see_any_results_page_or_export(classroom):
    intruder = logged_in(teacher("bob"))
    for url in results_urls(classroom):
        response = intruder.get(url)
        assert response.status_code in (302, 404), url
        assert b"Ana" not in response.content
    listing = intruder.get("/admin/quizzes/assignment/").content.decode()
    assert "10B" not in listing


def test_anonymous_visitors_and_students_cannot_see_results(classroom):
    for url in results_urls(classroom):
        response = Client().get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_superusers_see_every_assignment(classroom):
    admin = get_user_model().objects.create_superuser("root", password="pw")
    client = logged_in(admin)
    for url in results_urls(classroom):
        assert client.get(url).status_code == 200, url


def test_a_teacher_assigns_a_published_set_and_owns_the_assignment(classroom):
    client = logged_in(classroom.owner)
    now = timezone.localtime()
    response = client.post(
        "/admin/quizzes/assignment/add/",
        {
            "title": "Year 11",
            "question_set": classroom.question_set.pk,
            "opens_at_0": now.strftime("%Y-%m-%d"),
            "opens_at_1": "08:00:00",
            "closes_at_0": "",
            "closes_at_1": "",
            "attempts_allowed": 1,
            "reveal": "after_each",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = Assignment.objects.get(title="Year 11")
    assert assignment.owner == classroom.owner and len(assignment.join_code) == 8


def test_results_cost_the_same_queries_for_ten_or_a_hundred_attempts(classroom):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assignment_results(classroom)
        return len(captured)

    before = queries()
    for i in range(96):
        take(classroom, f"S{i:03d}", {1: [1], 2: [i % 4 + 1], 3: [2]})
    assert queries() == before <= 4
    client = logged_in(classroom.owner)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
    page_queries = len(captured)
    take(classroom, "Late", {1: [1]})
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
    assert len(captured) == page_queries


# The "By student" lists: every answer written as its labels or text and a verdict, escaped, with
# each distinct answer of a class written once per page.

STUDENT_LIST = re.compile(r'<th scope="row">([^<]*)</th>.*?<ol>(.*?)</ol>', re.S)
TYPED_HTML = "<script>alert('x')</script> & \"Trilateral\""


def answer_lists(page: str) -> dict[str, list[str]]:
    """Each student's answers as shown, the HTML of each list item as sent."""
    return {
        name: re.findall(r"<li>(.*?)</li>", items) for name, items in STUDENT_LIST.findall(page)
    }


@pytest.fixture
def mixed_class():
    """Single, ordering, short, matching and numerical questions (partial credit): three students
    give the same answers, one types HTML and leaves two out, one answers in Ukrainian."""
    owner = teacher("olena")
    question_set = make_question_set(
        questions=5,
        kinds=("single", "ordering", "short", "matching", "numerical"),
        partial_credit=True,
    )
    assignment = Assignment.objects.create(title="11A", question_set=question_set, owner=owner)
    questions = list(question_set.questions.order_by("position"))

    def answer(name, plan, language="en"):
        attempt = Attempt.objects.create(
            question_set=question_set,
            assignment=assignment,
            display_name=name,
            student_key=name,
            question_ids=[q.pk for q in questions],
            seed=1,
        )
        for number, (selected, text) in plan.items():
            question = questions[number - 1]
            choices = list(question.choices.all())
            attempt_answer(
                attempt=attempt,
                question=question,
                choices=choices,
                selected=selected(choices),
                text=text,
                language=language,
            )

    def first(choices):
        return [choices[0].pk]

    def in_order(choices):
        return [c.pk for c in sorted(choices, key=lambda c: c.correct_position)]

    def reversed_order(choices):
        return [c.pk for c in sorted(choices, key=lambda c: -c.correct_position)]

    def matched(choices):
        return [[c.pk, c.pk] for c in choices if c.text]

    def all_distractor(choices):
        return [[c.pk, choices[-1].pk] for c in choices if c.text]

    def nothing(choices):
        return []

    right = {
        1: (first, ""),
        2: (in_order, ""),
        3: (first, "trilateral statement"),
        4: (matched, ""),
        5: (first, "1994"),
    }
    for name in ("Ann", "Bob", "Cat"):
        answer(name, right)
    answer(
        "Dan",
        {
            1: (lambda choices: [choices[1].pk], ""),
            2: (reversed_order, ""),
            3: (nothing, TYPED_HTML),
        },
    )
    answer(
        "Eva",
        {4: (all_distractor, ""), 5: (lambda choices: [choices[1].pk], "1995")},
        language="uk",
    )
    return assignment, questions


def expected_lists(assignment, questions):
    """The lists as answer_text writes each answer on its own, escaped, in the active language."""
    results = assignment_results(assignment)
    return {
        student.attempt.display_name: [
            escape(answer_text(question, answer)) if answer else escape(_("no answer"))
            for question, answer in student.answers
        ]
        for student in results.students
    }


@pytest.mark.parametrize("language", ["en", "uk"])
def test_each_students_answers_are_written_as_answer_text_writes_them(mixed_class, language):
    assignment, questions = mixed_class
    client = logged_in(assignment.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/admin/quizzes/assignment/{assignment.pk}/results/").content.decode()
    shown = answer_lists(page)
    with translation.override(language):
        assert shown == expected_lists(assignment, questions)
    assert list(shown) == ["Ann", "Bob", "Cat", "Dan", "Eva"]
    # The same answers are written the same, whoever gave them.
    assert shown["Ann"] == shown["Bob"] == shown["Cat"]


def test_the_students_lists_in_english(mixed_class):
    assignment, questions = mixed_class
    client = logged_in(assignment.owner)
    shown = answer_lists(client.get(f"/admin/quizzes/assignment/{assignment.pk}/results/").text)
    events = [c.label for c in sorted(questions[1].choices.all(), key=lambda c: c.correct_position)]
    assert shown["Ann"] == [
        "Choice 1 (right)",
        escape(" → ".join(events)) + " (right)",
        "trilateral statement (right)",
        "Switzerland → Congress of Vienna; Austria → Constitutional law of 1955; "
        "Turkmenistan → UN General Assembly resolution (right)",
        "1994 (right)",
    ]
    # Typed text is the student's: it is escaped, never markup.
    assert shown["Dan"] == [
        "Choice 2 (wrong)",
        escape(" → ".join(reversed(events))) + " (wrong)",
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Trilateral&quot; (wrong)",
        "no answer",
        "no answer",
    ]
    assert shown["Eva"][:3] == ["no answer"] * 3
    assert shown["Eva"][3] == (
        "Switzerland → Hague Convention; Austria → Hague Convention; "
        "Turkmenistan → Hague Convention (wrong)"
    )
    assert shown["Eva"][4] == "1995 (partly right)"


def test_the_students_lists_in_ukrainian(mixed_class):
    assignment, questions = mixed_class
    client = logged_in(assignment.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get(f"/admin/quizzes/assignment/{assignment.pk}/results/").text
    shown = answer_lists(page)
    with translation.override("uk"):
        events = [
            c.label for c in sorted(questions[1].choices.all(), key=lambda c: c.correct_position)
        ]
    assert shown["Ann"][0] == "Choice 1 (правильно)"
    assert shown["Ann"][1] == escape(" → ".join(events)) + " (правильно)"
    assert shown["Dan"][2].endswith("&quot;Trilateral&quot; (неправильно)")
    assert "<script>" not in page
    assert shown["Dan"][3:] == ["немає відповіді"] * 2
    assert shown["Eva"][4] == "1995 (частково правильно)"
    assert "(right)" not in page and "no answer" not in page


def test_an_answer_regraded_to_another_score_gets_its_own_verdict(mixed_class):
    # The same choices and text with another score (the question was corrected after some
    # students answered): a list written once per distinct answer must not reuse the verdict.
    assignment, questions = mixed_class
    Answer.objects.filter(attempt__display_name="Bob", question=questions[0]).update(score=0)
    client = logged_in(assignment.owner)
    shown = answer_lists(client.get(f"/admin/quizzes/assignment/{assignment.pk}/results/").text)
    assert [shown[name][0] for name in ("Ann", "Bob", "Cat")] == [
        "Choice 1 (right)",
        "Choice 1 (wrong)",
        "Choice 1 (right)",
    ]

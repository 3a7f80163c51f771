"""The results charts: each bar's numbers match the answers, and the student's page is short."""

import pytest
from django.db import connection
from django.template.defaultfilters import truncatechars
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from explainer.models import Section
from quizzes import charts
from quizzes.classroom.analysis import assignment_results
from quizzes.models import Assignment
from tests.factories import logged_in, make_question_set, make_teacher
from tests.test_results import take

pytestmark = pytest.mark.django_db


def pick(student, attempt, number, texts):
    """Form data choosing the displayed choices with these texts."""
    shown = student.shown(attempt, number)
    return {"choice": [i for i, c in enumerate(shown, start=1) if c.text in texts]}


@pytest.fixture
def two_sections_set():
    """Four questions: 1-2 on the first section, 3 (select all, partial credit) and 4 on another."""
    question_set = make_question_set(
        questions=4, kinds=("single", "single", "multiple", "single"), partial_credit=True
    )
    first, second = Section.objects.order_by("number")[:2]
    questions = list(question_set.questions.order_by("position"))
    for question, section in zip(questions, [first, first, second, second], strict=True):
        question.section = section
        question.save()
    return question_set, first, second


def finish(student, question_set):
    """Right, wrong, partly right (one of the two right choices), right: in the set's order."""
    attempt = student.start(question_set)
    by_position = {q.pk: q.position for q in question_set.questions.all()}
    plan = {1: {"Choice 1"}, 2: {"Choice 2"}, 3: {"Choice 1"}, 4: {"Choice 1"}}
    for number, question_id in enumerate(attempt.question_ids, start=1):
        student.answer(
            attempt, number, pick(student, attempt, number, plan[by_position[question_id]])
        )
    return attempt


def test_student_chart_counts_right_partly_and_asked_per_section(student, two_sections_set):
    question_set, first, second = two_sections_set
    attempt = finish(student, question_set)
    response = student.client.get(attempt.get_absolute_url())
    bars = response.context["section_bars"]
    assert [(b.label, b.right, b.partly, b.total) for b in bars] == [
        (first.title, 1, 0, 2),
        (second.title, 1, 1, 2),
    ]
    assert [(b.right_percent, b.partly_percent) for b in bars] == [(50.0, 0), (50.0, 50.0)]
    page = response.content.decode()
    assert "2 of 4 right, 1 partly right" in page
    assert "1 of 2 right, 1 partly right" in page
    assert 'width="50"' in page  # the solid part of a bar: half of it


def test_student_review_opens_on_the_missed_questions_collapsed(student, two_sections_set):
    question_set, *_ = two_sections_set
    attempt = finish(student, question_set)
    page = student.client.get(attempt.get_absolute_url()).content.decode()
    assert "The 2 questions you missed." in page
    assert "Prompt 2 (single)" in page and "Prompt 3 (multiple)" in page
    assert "Prompt 1 (single)" not in page and "Prompt 4 (single)" not in page
    assert "<details>" in page and "<details open" not in page
    every = student.client.get(attempt.get_absolute_url() + "?show=all").content.decode()
    assert all(f"Prompt {n}" in every for n in (1, 2, 3, 4))
    assert "Show only the 2 I missed" in every


def test_results_page_queries_do_not_grow_with_questions(client, student):
    def queries_for(size):
        attempt = student.start(make_question_set(questions=size))
        for number in range(1, size + 1):
            student.answer(attempt, number, student.wrong_answer(attempt, number))
        with CaptureQueriesContext(connection) as context:
            assert student.client.get(attempt.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    assert queries_for(3) == queries_for(9)


@pytest.fixture
def classroom():
    """Four students on three single-choice questions; choice 1 is right, 2-4 wrong."""
    assignment = Assignment.objects.create(
        title="10B", question_set=make_question_set(questions=3), owner=make_teacher("alice")
    )
    take(assignment, "Ana", {1: [1], 2: [1], 3: [1]})
    take(assignment, "Ben", {1: [1], 2: [1], 3: [2]})
    take(assignment, "Cai", {1: [1], 2: [2], 3: [1]})
    take(assignment, "Dee", {1: [2], 2: [3], 3: [1]})
    return assignment


def test_teacher_question_bars_are_the_facility_hardest_first(classroom):
    bars = charts.teacher_questions(assignment_results(classroom))
    # Facility 2/4 for Q2, 3/4 for Q1 and Q3: the hardest first, ties in the set's order.
    assert [(b.label[:3], b.right, b.total) for b in bars] == [
        ("Q2.", 2, 4),
        ("Q1.", 3, 4),
        ("Q3.", 3, 4),
    ]
    assert "how many got it right: 2 of 4" in bars[0].note
    # The top (Ana) got Q3 right and so did the bottom (Dee).
    assert "did stronger students do better on it: no difference" in bars[2].note


def test_teacher_wrong_choice_bars_count_each_pick(classroom):
    groups = charts.teacher_wrong_choices(assignment_results(classroom))
    counts = {
        group.label[:3]: [(b.label, b.right, b.total) for b in group.bars] for group in groups
    }
    assert counts == {
        "Q1.": [("Choice 2", 1, 4), ("Choice 3", 0, 4), ("Choice 4", 0, 4)],
        "Q2.": [("Choice 2", 1, 4), ("Choice 3", 1, 4), ("Choice 4", 0, 4)],
        "Q3.": [("Choice 2", 1, 4), ("Choice 3", 0, 4), ("Choice 4", 0, 4)],
    }


def test_teacher_section_bars_match_the_section_rollup(classroom):
    [bar] = charts.teacher_sections(assignment_results(classroom))
    assert (bar.right, bar.total) == (8, 12)
    assert bar.note == "8 of 12 answers right (questions 1, 2, 3)"


def test_teacher_page_shows_charts_and_warns_when_the_class_is_small(classroom):
    page = logged_in(classroom.owner).get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Questions, hardest first" in text
    assert "The wrong answers each question drew" in text
    assert "Only 4 finished attempts" in text
    assert "(did stronger students do better on it)" in text


def test_teacher_page_drops_the_warning_from_ten_finished_attempts(classroom):
    for n in range(6):
        take(classroom, f"Extra {n}", {1: [1], 2: [1], 3: [1]})
    text = (
        logged_in(classroom.owner)
        .get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
        .content.decode()
    )
    assert "finished attempts: with fewer than" not in text


LABELS = [
    "",
    "Choice 1",
    "x" * 110,
    "x" * 111,
    "Q1. " + "Why did the powers accept it? " * 5,
    "e\u0301" * 100,  # 200 code points, 100 characters: composed into 100, which fit
    "q\u0307" * 80,  # no composed form: 160 code points, 80 characters
    "q\u0307" * 120,
    "<b>Tom & Jerry</b> " * 7,
]


@pytest.mark.parametrize("language", ["en", "uk"])
def test_chart_labels_are_cut_as_truncatechars_cuts_them(language):
    with translation.override(language):
        for label in LABELS:
            expected = truncatechars(label, charts.LABEL_CHARS)
            assert charts.shortened(label) == expected, label
            assert charts.Bar(label, 0, 1).short_label == expected
            assert charts.BarGroup("g", label).short_label == expected


def test_teacher_page_cuts_long_labels_and_escapes_them(classroom):
    question = classroom.question_set.questions.order_by("position")[0]
    question.prompt = "<i>Long</i> " * 20
    question.save()
    page = logged_in(classroom.owner).get(f"/admin/quizzes/assignment/{classroom.pk}/results/")
    cut = escape(truncatechars(f"Q1. {question.prompt}", charts.LABEL_CHARS))
    assert cut.endswith("…")
    text = page.content.decode()
    # In the questions chart, and as the summary of the question's wrong answers.
    assert f'<div class="chart-label">{cut}</div>' in text
    assert f"<details><summary>{cut}</summary>" in text
    assert "<i>Long</i>" not in text

"""Matching questions: one select per item, answers in an order that says nothing, scored
all-or-nothing or per pair, and authored, imported and read like the other kinds."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from quizzes.classroom.analysis import assignment_results
from quizzes.classroom.formatting import answer_text
from quizzes.interchange.gift import parse_gift
from quizzes.interchange.sets import question_set_create, question_set_to_dict
from quizzes.interchange.upload import export_gift
from quizzes.models import Answer, Assignment, Choice
from tests.factories import MATCHING_PAIRS, Student, logged_in, make_question_set, make_teacher
from tests.test_authoring import question_form

pytestmark = pytest.mark.django_db
SELECT = re.compile(r"<select name=\"match-(\d)\"[^>]*>(.*?)</select>", re.S)
OPTIONS = sorted(match for _, match in MATCHING_PAIRS)


def make_attempt(student, **fields):
    return student.start(make_question_set(questions=2, kinds=("matching",), **fields))


@pytest.fixture
def attempt(student):
    return make_attempt(student)


def pick(student, attempt, right: int):
    """Form data answering the first ``right`` items rightly and the rest with the distractor."""
    shown = student.shown(attempt, 1)
    return {
        f"match-{i}": OPTIONS.index(item.match if i <= right else "Hague Convention") + 1
        for i, item in enumerate(shown, start=1)
    }


def test_every_item_gets_the_same_select_in_alphabetical_order(student, attempt):
    html = student.page(attempt, 1).content.decode()
    selects = SELECT.findall(html)
    assert [number for number, _ in selects] == ["1", "2", "3"]
    option_lists = {body for _, body in selects}
    assert len(option_lists) == 1  # nothing in one item's select points to its answer
    labels = re.findall(r'<option value="\d+">([^<]*)</option>', option_lists.pop())
    assert labels == OPTIONS
    assert " selected>" not in html


def test_items_are_labelled_for_their_select(student, attempt):
    html = student.page(attempt, 1).content.decode()
    for item, _ in MATCHING_PAIRS[:3]:
        assert re.search(rf'<label for="id_match-\d">{item}</label>', html)


def test_all_pairs_right_scores_one_and_the_feedback_marks_each_pair(student, attempt):
    assert student.answer(attempt, 1, pick(student, attempt, 3)).status_code == 302
    assert Answer.objects.get(attempt=attempt).score == 1.0
    page = student.page(attempt, 1).content.decode()
    assert "Right." in page and page.count("right pair") == 3


def test_without_partial_credit_one_wrong_pair_scores_zero(student, attempt):
    student.answer(attempt, 1, pick(student, attempt, 2))
    assert Answer.objects.get(attempt=attempt).score == 0.0
    page = student.page(attempt, 1).content.decode()
    assert page.count("right pair") == 2 and page.count("wrong pair") == 1
    assert "The correct pairs:" in page


def test_with_partial_credit_each_right_pair_earns_its_share(student):
    attempt = make_attempt(student, partial_credit=True)
    student.answer(attempt, 1, pick(student, attempt, 2))
    assert Answer.objects.get(attempt=attempt).score == pytest.approx(2 / 3)
    assert "Partly right." in student.page(attempt, 1).content.decode()


def test_a_second_answer_changes_nothing(student, attempt):
    student.answer(attempt, 1, pick(student, attempt, 0))
    student.answer(attempt, 1, pick(student, attempt, 3))
    assert Answer.objects.get(attempt=attempt).score == 0.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"match-2": ""}, "Choose an answer for every item."),
        ({"match-3": "9"}, "Select a valid choice."),
        ({"match-1": "first"}, "Select a valid choice."),
        ({"match-1": ["1", "2"]}, "Give one answer for each item."),
    ],
)
def test_bad_input_is_refused_and_uses_up_nothing(student, attempt, change, message):
    response = student.answer(attempt, 1, {**pick(student, attempt, 3), **change})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_the_admin_needs_two_pairs_and_a_match_for_every_item():
    teacher = make_teacher("author")
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    data = question_form(
        question_set, "matching", [{"text": "Austria", "match": "1955"}, {"text": "Malta"}]
    )
    body = logged_in(teacher).post("/admin/quizzes/question/add/", data).content.decode()
    assert "A matching question needs at least two pairs" in body
    assert "Give every item of a matching question its match." in body
    assert not question_set.questions.exists()


def test_the_database_keeps_a_distractor_with_only_a_match_and_refuses_an_empty_choice():
    question = make_question_set(questions=1, kinds=("matching",)).questions.get()
    Choice.objects.create(question=question, position=9, match="Treaty of Paris")
    with pytest.raises(IntegrityError), transaction.atomic():
        Choice.objects.create(question=question, position=10)


def test_json_round_trip_and_duplicate_keep_pairs_and_distractors():
    question_set = make_question_set(questions=1, kinds=("matching",))
    data = question_set_to_dict(question_set)
    assert data["questions"][0]["choices"] == [
        {"text": item, "match": match} for item, match in MATCHING_PAIRS
    ]
    copy = question_set_create(data={**data, "title": "Copy"})
    assert question_set_to_dict(copy) == {**data, "title": "Copy"}


def test_gift_export_reads_back_as_the_same_question():
    question_set = make_question_set(questions=1, kinds=("matching",))
    text, _ = export_gift(question_set)
    assert "=Switzerland -> Congress of Vienna\n" in text and "= -> Hague Convention\n" in text
    questions, errors = parse_gift(text)
    assert errors == []
    assert questions[0]["choices"] == question_set_to_dict(question_set)["questions"][0]["choices"]


def test_item_analysis_names_the_most_common_wrong_pair_and_csv_lists_the_pairs():
    owner = make_teacher("analyst")
    question_set = make_question_set(questions=1, kinds=("matching",))
    assignment = Assignment.objects.create(title="10B", question_set=question_set, owner=owner)
    for index, right in enumerate([3, 2, 0, 3]):
        student = Student(Client())
        student.client.post("/join/", {"code": assignment.join_code, "name": f"S{index}"})
        attempt = assignment.attempts.get(display_name=f"S{index}")
        assert student.answer(attempt, 1, pick(student, attempt, right)).status_code == 302
    row = assignment_results(assignment).questions[0]
    assert row.facility == 0.5
    assert row.common_wrong.endswith("→ Hague Convention") and row.common_wrong_share == 0.5
    answer = Answer.objects.filter(score=1).first()
    text = answer_text(answer.question, answer)
    assert "Switzerland → Congress of Vienna" in text and text.endswith("(right)")


def test_while_answers_are_hidden_the_feedback_shows_only_the_pairs_given():
    owner = make_teacher("grader")
    question_set = make_question_set(questions=1, kinds=("matching",))
    assignment = Assignment.objects.create(
        title="Test",
        question_set=question_set,
        owner=owner,
        reveal=Assignment.Reveal.AFTER_CLOSE,
        closes_at=timezone.now() + timedelta(days=1),
    )
    student = Student(Client())
    student.client.post("/join/", {"code": assignment.join_code, "name": "Ana"})
    attempt = assignment.attempts.get()
    student.answer(attempt, 1, pick(student, attempt, 1))
    page = student.page(attempt, 1).content.decode()
    assert "Answer saved." in page and "→ <span>Hague Convention</span>" in page
    for hint in ("right pair", "wrong pair", "The correct pairs", "Partly right", "Not quite"):
        assert hint not in page


def test_answers_read_in_ukrainian_where_translated_and_pairs_score_the_same(student, attempt):
    question = attempt.question_set.questions.get(pk=attempt.question_ids[0])
    vienna = question.choices.get(match_en="Congress of Vienna")
    vienna.match_uk = "Віденський конгрес"
    vienna.save()
    url = f"/uk/attempts/{attempt.pk}/1/"
    labels = re.findall(
        r'<option value="\d+">([^<]*)</option>', SELECT.findall(student.client.get(url).text)[0][1]
    )
    assert "Віденський конгрес" in labels and "Congress of Vienna" not in labels
    assert "Hague Convention" in labels  # untranslated answers show in English
    shown = {"Congress of Vienna": "Віденський конгрес"}
    data = {
        f"match-{i}": labels.index(shown.get(item.match_en, item.match_en)) + 1
        for i, item in enumerate(student.shown(attempt, 1), start=1)
    }
    assert student.client.post(url, data).status_code == 302
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.language) == (1.0, "uk")
    exported = question_set_to_dict(attempt.question_set)
    pairs = [c for q in exported["questions"] for c in q["choices"] if c.get("match_uk")]
    assert pairs == [
        {"text": "Switzerland", "match": "Congress of Vienna", "match_uk": "Віденський конгрес"}
    ]
    copy = question_set_create(data={**exported, "title": "Copy"})
    assert copy.questions.filter(choices__match_uk="Віденський конгрес").count() == 1

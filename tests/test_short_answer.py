"""Short-answer questions: the matching rules, what a student sees and gives, and what a teacher
authors, imports and reads."""

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
from quizzes.typed_answers import normalise, short_answer_matches
from tests.factories import Student, logged_in, make_question_set, make_teacher
from tests.test_authoring import question_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("Budapest Memorandum", "budapest memorandum"),  # case
        ("Budapest Memorandum", "  BUDAPEST   Memorandum \t"),  # surrounding and inner spaces
        ("Budapest Memorandum", "Budapest Memorandum."),  # punctuation
        ("U.S.", "US"),
        ("St. Petersburg", "st petersburg!"),
        ("Bosnia-Herzegovina", "Bosnia Herzegovina"),  # a dash separates words like a space
        ("Bosnia-Herzegovina", "Bosnia – Herzegovina"),  # en dash typed by a phone
        ("Bosnia-Herzegovina", "Bosnia—Herzegovina"),
        ("Bosnia-Herzegovina", "Bosnia‑Herzegovina"),  # non-breaking hyphen
        ("Côte d'Ivoire", "Côte d’Ivoire"),  # typographic apostrophe
        ("Côte d'Ivoire", "Côte dʼIvoire"),  # modifier letter apostrophe
        ("Côte d'Ivoire", "Côte d`Ivoire"),
        ("Côte d'Ivoire", "CÔTE DIVOIRE"),
        ("Кам'янець-Подільський", "кам’янець подільський"),  # Ukrainian apostrophe and dash
        ("Кам'янець-Подільський", "Камʼянець-Подільський"),
        ("Київ", "КИЇВ"),
        ("Київ", "киі\u0308в"),  # ї typed as і and a combining diaeresis
        ("Білорусь", "Бiлорусь"),  # a Latin i typed in a Cyrillic word
        ("Європа", "ЄВРОПА"),
        ("ґанок", "Ґанок"),
        ("Budapest*", "Budapest Memorandum"),  # wildcard at the end
        ("*Memorandum", "The Budapest Memorandum"),  # at the start
        ("Buda*Memorandum", "Budapest Memorandum"),  # in the middle
        ("*", "anything at all"),
    ],
)
def test_typed_answers_match_forgivingly(accepted, typed):
    assert short_answer_matches(accepted, typed)


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("Budapest Memorandum", "Budapest"),  # a part is not the whole
        ("Budapest Memorandum", "Budapest Memorandums"),
        ("Budapest", "Bucharest"),
        ("Budapest*", "The Budapest Memorandum"),  # the wildcard is only where it is written
        ("Київ", "Кийв"),  # ї and й are different letters
        ("ґанок", "ганок"),  # so are ґ and г
        ("1994", "1995"),
        ("Budapest", ""),
    ],
)
def test_typed_answers_do_not_match_other_words(accepted, typed):
    assert not short_answer_matches(accepted, typed)


def test_normalise_keeps_letters_and_digits_and_nothing_else():
    assert normalise("  “The  Trilateral—Statement” (1994)! ") == "the trilateral statement 1994"


@pytest.fixture
def attempt(student):
    return student.start(make_question_set(questions=2, kinds=("short",)))


def test_the_page_holds_no_accepted_answer_or_hint(student, attempt):
    html = student.page(attempt, 1).content.decode()
    assert "Trilateral" not in html and "trilateral" not in html
    field = re.search(r'<input type="text" name="answer"[^>]*>', html)[0]
    for attribute in ("pattern", "list=", "maxlength", "minlength", "size=", "placeholder"):
        assert attribute not in field
    assert "<datalist" not in html


def test_a_right_answer_scores_one_and_keeps_what_was_typed(student, attempt):
    response = student.answer(attempt, 1, {"answer": "  trilateral STATEMENT? "})
    assert response.status_code == 302
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.text) == (1.0, "trilateral STATEMENT?")
    page = student.page(attempt, 1).content.decode()
    assert "Right." in page


def test_a_wildcard_answer_gives_its_part_credit_and_feedback(student, attempt):
    student.answer(attempt, 1, {"answer": "Trilateral agreement"})
    assert Answer.objects.get(attempt=attempt).score == 0.5
    page = student.page(attempt, 1).content.decode()
    assert "Partly right." in page and "Which trilateral document?" in page
    assert "Trilateral Statement" in page  # the accepted answer, shown once answered


def test_an_answer_that_matches_nothing_scores_zero_and_shows_the_general_feedback(
    student, attempt
):
    student.answer(attempt, 1, {"answer": "Minsk Protocol"})
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.selected) == (0.0, [])
    page = student.page(attempt, 1).content.decode()
    assert "Not quite." in page and "Explanation 1" in page and "Trilateral Statement" in page


@pytest.mark.parametrize("prefix", ["", "/uk"])
@pytest.mark.parametrize(
    ("typed", "score"),
    [("trilateral statement", 1.0), ("Тристороння заява", 1.0), ("Trilateral agreement", 0.5)],
)
def test_an_answer_scores_the_same_on_either_language_page_typed_in_either(
    student, attempt, prefix, typed, score
):
    accepted = Choice.objects.get(question_id=attempt.question_ids[0], position=1)
    accepted.text_uk = "Тристороння заява"
    accepted.save()
    student.client.post(f"{prefix}/attempts/{attempt.pk}/1/", {"answer": typed})
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.language) == (score, prefix.strip("/") or "en")


def test_a_second_answer_changes_nothing(student, attempt):
    student.answer(attempt, 1, {"answer": "Minsk Protocol"})
    again = student.answer(attempt, 1, {"answer": "Trilateral Statement"})
    assert again.status_code == 302
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.score, answer.text) == (0.0, "Minsk Protocol")
    attempt.refresh_from_db()
    assert (attempt.answered_count, attempt.score) == (1, 0.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Type an answer."),
        ({"answer": "   "}, "Type an answer."),
        ({"answer": "x" * 201}, "Keep the answer under 200 characters."),
        ({"answer": ["a", "b"]}, "Give one answer for each item."),
    ],
)
def test_bad_input_is_refused_and_uses_up_nothing(student, attempt, data, message):
    response = student.answer(attempt, 1, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Answer.objects.filter(attempt=attempt).exists()
    assert student.answer(attempt, 1, {"answer": "Trilateral Statement"}).status_code == 302


def test_htmx_answer_swaps_in_the_feedback(student, attempt):
    response = student.answer(attempt, 1, {"answer": "Minsk"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Not quite." in response.content.decode()


def test_preview_scores_a_typed_answer_and_saves_nothing():
    teacher = make_teacher("previewer")
    question_set = make_question_set(questions=1, kinds=("short",), owner=teacher)
    client = logged_in(teacher)
    response = client.post(f"/preview/{question_set.pk}/1/", {"answer": "Trilateral Statement"})
    assert response.status_code == 200 and "Right." in response.content.decode()
    assert not Answer.objects.exists()


def test_the_admin_refuses_two_accepted_answers_that_read_the_same():
    teacher = make_teacher("author")
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    data = question_form(
        question_set,
        "short",
        [{"text": "Budapest Memorandum", "is_correct": "on"}, {"text": "budapest  memorandum."}],
    )
    response = logged_in(teacher).post("/admin/quizzes/question/add/", data)
    assert response.status_code == 200
    assert "Two accepted answers are the same" in response.content.decode()
    assert not question_set.questions.exists()


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({"text": "Grant", "is_correct": "on", "credit": "0.5"}, "earns the whole point"),
        ({"text": "Grant", "credit": "1.5"}, "Part credit is more than 0 and less than 1"),
        ({"text": "Grant", "credit": "0"}, "Part credit is more than 0 and less than 1"),
    ],
)
def test_the_admin_explains_a_wrong_part_credit(choice, message):
    teacher = make_teacher("author")
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    data = question_form(question_set, "short", [{"text": "Ulysses", "is_correct": "on"}, choice])
    response = logged_in(teacher).post("/admin/quizzes/question/add/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not question_set.questions.exists()


def test_the_database_refuses_part_credit_on_a_correct_answer_or_out_of_range():
    question = make_question_set(questions=1, kinds=("short",)).questions.get()
    for fields in ({"is_correct": True, "credit": 0.5}, {"credit": 1.0}, {"credit": -0.1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Choice.objects.create(question=question, position=9, text="Other", **fields)


def test_json_round_trip_and_duplicate_keep_accepted_answers_credits_and_feedback():
    question_set = make_question_set(questions=1, kinds=("short",))
    data = question_set_to_dict(question_set)
    assert data["questions"][0]["choices"] == [
        {"text": "Trilateral Statement", "correct": True, "feedback": ""},
        {"text": "Trilateral*", "correct": False, "feedback": "Which trilateral document?",
         "credit": 0.5},
    ]  # fmt: skip
    copy = question_set_create(data={**data, "title": "Copy"})
    assert question_set_to_dict(copy) == {**data, "title": "Copy"}


def test_gift_export_reads_back_as_the_same_question():
    question_set = make_question_set(questions=1, kinds=("short",))
    text, left_out = export_gift(question_set)
    assert left_out == 0
    assert "=Trilateral Statement\n=%50%Trilateral*#Which trilateral document?\n" in text
    questions, errors = parse_gift(text)
    assert errors == []
    assert questions[0]["choices"] == question_set_to_dict(question_set)["questions"][0]["choices"]


def test_item_analysis_lists_the_most_common_wrong_typed_answers_and_csv_shows_the_typed_text():
    owner = make_teacher("analyst")
    question_set = make_question_set(questions=1, kinds=("short",))
    assignment = Assignment.objects.create(title="10B", question_set=question_set, owner=owner)
    typed = [
        "Minsk Protocol",
        "minsk protocol.",
        "Minsk  Protocol",
        "Helsinki",
        "Trilateral Statement",
    ]
    for index, text in enumerate(typed):
        student = Student(Client())
        response = student.client.post(
            "/join/", {"code": assignment.join_code, "name": f"S{index}"}
        )
        assert response.status_code == 302
        attempt = assignment.attempts.get(display_name=f"S{index}")
        assert student.answer(attempt, 1, {"answer": text}).status_code == 302
    row = assignment_results(assignment).questions[0]
    assert row.facility == 0.2
    assert row.common_wrong == "“Minsk Protocol” (60%); “Helsinki” (20%)"
    answer = Answer.objects.get(text="Helsinki")
    assert answer_text(answer.question, answer) == "Helsinki (wrong)"
    page = logged_in(owner).get(f"/admin/quizzes/assignment/{assignment.pk}/results/")
    assert "“Minsk Protocol” (60%); “Helsinki” (20%)" in page.content.decode()


def test_while_answers_are_hidden_the_feedback_shows_only_what_was_typed():
    owner = make_teacher("grader")
    question_set = make_question_set(questions=1, kinds=("short",))
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
    student.answer(attempt, 1, {"answer": "Trilateral agreement"})
    page = student.page(attempt, 1).content.decode()
    assert "Answer saved." in page and "Trilateral agreement" in page
    assert "Trilateral Statement" not in page and "Which trilateral document?" not in page
    assert "Partly right" not in page

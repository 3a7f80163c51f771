"""Every question form in Moodle's GIFT documentation (tests/fixtures/gift/moodle_docs.gift, our own
equivalents of its examples) imports as Moodle reads it, except the essay; and Moodle's part
credit for a single choice is stored, scored and shown."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from explainer.models import Section, Source
from quizzes.interchange.gift import parse_gift
from quizzes.interchange.sets import question_set_create, question_set_to_dict
from quizzes.interchange.upload import export_gift
from quizzes.models import Answer, Choice, QuestionSet
from tests.factories import logged_in, make_question_set, make_teacher
from tests.test_authoring import confirm, question_form

pytestmark = pytest.mark.django_db
EXAMPLES = (Path(__file__).parent / "fixtures" / "gift" / "moodle_docs.gift").read_text()
ESSAY_LINE = 32


def right(text, feedback="", **extra):
    return {"text": text, "correct": True, "feedback": feedback, **extra}


def wrong(text, feedback="", **extra):
    return {"text": text, "correct": False, "feedback": feedback, **extra}


def number(value, tolerance=0.0, feedback="", correct=True, **extra):
    return {"number": value, "tolerance": tolerance, "correct": correct, "feedback": feedback,
            **extra}  # fmt: skip


KINDS = [
    "true_false", "single", "short", "matching", "numerical", "numerical", "numerical",  # Q1-Q7
    "single", "single", "short", "short", "true_false", "true_false", "matching", "matching",
    "single", "numerical", "numerical", "numerical", "numerical", "numerical", "numerical",
    "numerical", "single", "single", "short", "true_false", "short", "single", "short",
    "multiple", "short", "single", "single", "short", "numerical", "true_false", "single",
]  # fmt: skip

# Question number (in the file, without the essay) -> the choices Moodle would store.
CHOICES = {
    3: [right("two"), right("2")],  # fill in the blank: a short answer
    4: [{"text": "cat", "match": "cat food"}, {"text": "dog", "match": "dog food"}],
    5: [number(3.0, 2.0)],  # {#3:2}
    6: [number(3.0, 2.0)],  # {#1..5}: the same as Q5, as Moodle translates it
    7: [number(1822.0, 0.0, "Correct! Full credit."),
        number(1822.0, 2.0, "He was born in 1822. Half credit for being close.", correct=False,
               credit=0.5)],  # =%50%1822:2
    15: [{"text": "Cat", "match": "Meow"}, {"text": "Dog", "match": "Woof"},
         {"text": "", "match": "Chat"}],  # = -> Chat: a distractor
    17: [number(1822.0, 5.0)],
    18: [number(1994.0)],  # {#1994:0}
    20: [number(3.1415, 0.0005)],  # {#3.141..3.142}
    21: [number(3.14, 0.01)],  # {#3.14:0.01}
    22: [number(1990.5, 0.5)],  # {#1990..1991}
    29: [wrong("wrong answer"), wrong("half credit answer", credit=0.5),
         right("full credit answer")],  # ~%50%half credit answer
    30: [right("Nazareth", "Yes! That's right!"),
         wrong("Nazereth", "Right, but misspelled.", credit=0.75),
         wrong("Bethlehem", "He was born here, but not raised here.", credit=0.25)],
    32: [right("Budapest Memorandum"),
         wrong("Budapest*", "Which document signed in Budapest?", credit=0.5),
         wrong("*", "It was signed in Budapest.")],  # =%0%*: a catch-all with feedback
    36: [number(1991.0)],
}  # fmt: skip


def test_every_example_imports_as_moodle_reads_it_except_the_essay():
    questions, errors = parse_gift(EXAMPLES)
    assert [(error.line, error.message) for error in errors] == [
        (ESSAY_LINE, "Question 8 is an essay question (empty { }), which cannot be imported.")
    ]
    assert [question["kind"] for question in questions] == KINDS
    for number_in_file, choices in CHOICES.items():
        assert questions[number_in_file - 1]["choices"] == choices, number_in_file


def test_prompts_titles_and_general_feedback_are_read_as_moodle_does():
    questions, _ = parse_gift(EXAMPLES)
    assert questions[2]["prompt"] == "Two plus _____ equals four."
    assert questions[6]["title"] == "Q7"
    assert questions[13]["explanation"] == "It's good to know the capitals"
    assert questions[29]["title"] == "Jesus' hometown"


def without_essay() -> str:
    return EXAMPLES.replace("::Q8:: How are you? {}\n", "")


def test_the_admin_imports_all_but_the_essay_and_exports_them_identically():
    teacher = make_teacher("moodler")
    client = logged_in(teacher)
    links = {"section": Section.objects.first().slug, "source": Source.objects.first().key}
    url = "/admin/quizzes/questionset/import/"

    def upload(text, title):
        file = SimpleUploadedFile("bank.gift", text.encode())
        return client.post(url, {"file": file, "title": title, **links})

    refused = upload(EXAMPLES, "With the essay").content.decode()
    assert f"Line {ESSAY_LINE}: Question 8 is an essay question" in refused
    assert "Nothing was imported" in refused
    preview = upload(without_essay(), "Moodle's examples")
    assert "Confirm import" in preview.content.decode()
    confirmed = confirm(client, preview)
    assert confirmed.status_code == 302
    imported = QuestionSet.objects.get(title="Moodle's examples")
    assert imported.questions.count() == len(KINDS)
    exported, left_out = export_gift(imported)
    assert left_out == 0
    # The export names each question's links; the site keeps no question titles.
    expected = [{**q, "title": "", **links} for q in parse_gift(without_essay())[0]]
    assert parse_gift(exported) == (expected, [])


# Part credit for a single choice, end to end.


@pytest.fixture
def part_credit_set():
    question_set = make_question_set(questions=1, kinds=("single",), shuffle_choices=False)
    Choice.objects.filter(question__question_set=question_set, position=2).update(
        credit=0.5, feedback="Half right: it names the year, not the place."
    )
    return question_set


def test_a_part_credit_choice_scores_its_credit_and_reads_partly_right(student, part_credit_set):
    attempt = student.start(part_credit_set)
    assert student.answer(attempt, 1, {"choice": 2}).status_code == 302
    assert Answer.objects.get(attempt=attempt).score == 0.5
    attempt.refresh_from_db()
    assert attempt.score == 0.5
    page = student.page(attempt, 1).content.decode()
    assert "Partly right." in page and "partly right</span>" in page
    assert "Why “Choice 2” is only partly right" in page
    assert "Half right: it names the year, not the place." in page


def test_the_question_page_does_not_tell_a_part_credit_choice_from_a_wrong_one(
    student, part_credit_set
):
    attempt = student.start(part_credit_set)
    html = student.page(attempt, 1).content.decode()
    rows = [html.split(f">Choice {n}<")[0].rsplit("<li>", 1)[1] for n in (2, 3)]
    assert rows[0].replace('value="2"', 'value="N"') == rows[1].replace('value="3"', 'value="N"')
    assert "Half right" not in html


def test_part_credit_round_trips_through_json_and_gift(part_credit_set):
    data = question_set_to_dict(part_credit_set)
    assert data["questions"][0]["choices"][1]["credit"] == 0.5
    copy = question_set_create(data={**data, "title": "Copy"})
    assert question_set_to_dict(copy) == {**data, "title": "Copy"}
    text, _ = export_gift(part_credit_set)
    assert "~%50%Choice 2#Half right" in text
    assert parse_gift(text)[0][0]["choices"] == data["questions"][0]["choices"]


def test_the_admin_refuses_part_credit_on_a_select_all_question():
    teacher = make_teacher("author")
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    data = question_form(
        question_set,
        "multiple",
        [{"text": "A", "is_correct": "on"}, {"text": "B", "credit": "0.5"}],
    )
    body = logged_in(teacher).post("/admin/quizzes/question/add/", data).content.decode()
    assert "Only single-choice, short-answer and numerical questions give part credit." in body
    assert not question_set.questions.exists()

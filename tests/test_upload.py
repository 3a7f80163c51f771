"""A teacher's upload (JSON or GIFT) in the admin: read once, every problem named, nothing saved
until a clean file is confirmed."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from explainer.models import TimelineEvent
from quizzes.models import Choice, Question, QuestionSet
from tests.factories import logged_in, make_teacher

pytestmark = pytest.mark.django_db

IMPORT = "/admin/quizzes/questionset/import/"


@pytest.fixture
def teacher_client():
    return logged_in(make_teacher("uploader"))


# A source and a section of the shipped content, which every test starts from.
LINKS = {"source": "the-page-2022-03-29", "section": "guarantors"}


def question(number, **fields):
    return {
        "kind": "single",
        "prompt": f"Question {number}?",
        "explanation": f"Because {number}.",
        **LINKS,
        "choices": [
            {"text": f"Right {number}", "correct": True, "feedback": ""},
            {"text": f"Wrong {number}", "correct": False, "feedback": "No."},
        ],
        **fields,
    }


def export(questions, **set_fields):
    question_set = {"title": "Uploaded", "questions": questions, **set_fields}
    return json.dumps(
        {"format": "neutrality-question-sets", "version": 1, "question_sets": [question_set]}
    )


def gift(count, long_choice=""):
    return "\n\n".join(
        f"::Q{n}:: Question {n}? {{\n={long_choice or f'Right {n}'}\n~Wrong {n}\n}}"
        for n in range(1, count + 1)
    )


def upload(client, name, content, **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content.encode()), **fields})


def upload_gift(client, text):
    return upload(client, "set.gift", text, title="From GIFT", **LINKS)


def counts():
    return (QuestionSet.objects.count(), Question.objects.count(), Choice.objects.count())


def queries(send):
    with CaptureQueriesContext(connection) as captured:
        response = send()
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    return len(captured)


def test_a_50_question_gift_preview_runs_as_many_queries_as_a_5_question_one(teacher_client):
    few = queries(lambda: upload_gift(teacher_client, gift(5)))
    many = queries(lambda: upload_gift(teacher_client, gift(50)))
    assert many == few


def test_a_50_question_json_preview_runs_as_many_queries_as_a_5_question_one(teacher_client):
    def preview(count):
        return upload(teacher_client, "sets.json", export([question(n) for n in range(count)]))

    assert queries(lambda: preview(50)) == queries(lambda: preview(5))


def test_confirming_40_questions_runs_as_many_queries_as_confirming_5(teacher_client):
    # Not 50: Django 5.2 binds at most 999 parameters per SQLite statement, so the choices' bulk
    # insert (12 columns with their English and Ukrainian text) is split every 83 rows; 40
    # questions of two choices fit in one statement.
    def confirm(count):
        content = export([question(n) for n in range(count)], title=f"{count} questions")
        return teacher_client.post(IMPORT, {"content": content, "format": "json", "confirm": "on"})

    assert queries(lambda: confirm(40)) == queries(lambda: confirm(5))


def deep(levels):
    return "[" * levels + "]" * levels


def with_question(**fields):
    return export([question(1), question(2, **fields)])


def ordering(items):
    return {"kind": "ordering", "prompt": "Order these.", **LINKS, "items": items}


MALFORMED = {
    "a question that is text": (export([question(1), "Which?"]), "Question 2: "),
    "a question that is a number": (export([42]), "Question 1: "),
    "a choice that is a list": (
        with_question(choices=[["Yes"], {"text": "No"}]),
        "Question 2: choice 1 should be an object",
    ),
    "questions given as an object": (export({"1": question(1)}), "questions should be a list"),
    "choices given as text": (with_question(choices="Yes, No"), "Question 2: the choices"),
    "items given as an object": (
        export([ordering({"first": "a"})]),
        "Question 1: the items should be a list",
    ),
    "an item that is a number": (
        export([ordering(["x", 7, "y"])]),
        "Question 1: item 2 should be",
    ),
    "an item with neither text nor event": (
        export([ordering([{"text": ""}, {"text": "B"}, {"text": "C"}])]),
        "Question 1: item 1 needs a text or an event",
    ),
    "question sets given as an object": (
        json.dumps({"format": "neutrality-question-sets", "version": 1, "question_sets": {}}),
        "question_sets should be a list",
    ),
    "a set that is text": (
        json.dumps({"format": "neutrality-question-sets", "version": 1, "question_sets": ["x"]}),
        "Set 1: ",
    ),
    "a prompt that is a number": (
        with_question(prompt=12),
        "Question 2: the prompt should be text, not a number.",
    ),
    "a section that is a list": (
        with_question(section=["guarantors"]),
        "Question 2: the section should be text, not a list.",
    ),
    "a kind nested in lists": (with_question(kind=json.loads(deep(50))), "too deeply"),
    "correct given as text": (
        with_question(choices=[{"text": "A", "correct": "yes"}, {"text": "B"}]),
        "Question 2: choice 1&#x27;s mark (correct) should be true or false, not text.",
    ),
    "a title longer than the field": (
        export([question(1)], title="T" * 201),
        "The set&#x27;s title is longer than 200 characters (it has 201).",
    ),
    "a null character in a text": (
        with_question(explanation="Because\u0000."),
        "Question 2: the explanation contains a null character",
    ),
    "100,000 nested arrays": (deep(100_000), "too deeply"),
}


@pytest.mark.parametrize(("content", "where"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_json_file_lists_its_problems_and_saves_nothing(teacher_client, content, where):
    before = counts()
    response = upload(teacher_client, "bad.json", content)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert where in body
    assert "Confirm import" not in body
    forced = teacher_client.post(IMPORT, {"content": content, "format": "json", "confirm": "on"})
    assert forced.status_code == 200
    assert counts() == before


def test_a_too_long_choice_text_is_refused_with_its_question_number(teacher_client):
    before = counts()
    too_long = [{"text": "A" * 501, "correct": True}, {"text": "B"}]
    response = upload(teacher_client, "long.json", with_question(choices=too_long))
    assert response.status_code == 200
    assert (
        "Set 1 (Uploaded): Question 2: the text of choice 1 is longer than 500 characters "
        "(it has 501)." in response.content.decode()
    )
    response = upload_gift(teacher_client, gift(2, long_choice="A" * 501))
    assert response.status_code == 200
    assert "Line 6: the text of choice 1 is longer than 500 characters" in (
        response.content.decode()
    )
    assert counts() == before


def test_a_file_over_2_mb_is_refused_even_when_sent_back_as_the_confirmation(teacher_client):
    before = counts()
    padded = export([question(1, explanation="Because. " * 240_000)])
    response = upload(teacher_client, "big.json", padded)
    assert "The file is larger than 2 MB." in response.content.decode()
    confirmed = teacher_client.post(IMPORT, {"content": padded, "format": "json", "confirm": "on"})
    assert confirmed.status_code == 200
    assert "The file is larger than 2 MB." in confirmed.content.decode()
    assert counts() == before


def test_confirming_a_good_upload_creates_exactly_the_previewed_set(teacher_client):
    events = list(TimelineEvent.objects.order_by("date").values_list("slug", flat=True)[:3])
    questions = [
        question(1, term="", event=""),
        ordering([events[2], {"text": "An event of our own", "event": ""}, events[0]]),
        question(3, kind="multiple", choices=[
            {"text": "A", "correct": True, "feedback": "Yes."},
            {"text": "B", "correct": True, "feedback": ""},
            {"text": "C", "correct": False, "feedback": "Not C."},
        ]),
    ]  # fmt: skip
    content = export(questions, topic="Uploads", description="One of each kind.")
    preview = upload(teacher_client, "good.json", content)
    assert preview.status_code == 200
    body = preview.content.decode()
    for text in ["Question 1?", "Right 1", "Order these.", "An event of our own", events[2], "C"]:
        assert text in body
    assert QuestionSet.objects.filter(title="Uploaded").count() == 0

    confirmed = teacher_client.post(IMPORT, {"content": content, "format": "json", "confirm": "on"})
    assert confirmed.status_code == 302
    created = QuestionSet.objects.get(title="Uploaded")
    assert (created.topic, created.description, created.is_published) == (
        "Uploads", "One of each kind.", False
    )  # fmt: skip
    saved = [
        (q.position, q.kind, q.prompt, q.source.key, q.section.slug,
         [(c.text, c.is_correct, c.correct_position, c.event.slug if c.event else "", c.feedback)
          for c in q.choices.all()])
        for q in created.questions.all()
    ]  # fmt: skip
    assert saved == [
        (1, "single", "Question 1?", *LINKS.values(),
         [("Right 1", True, None, "", ""), ("Wrong 1", False, None, "", "No.")]),
        (2, "ordering", "Order these.", *LINKS.values(),
         [("", False, 1, events[2], ""), ("An event of our own", False, 2, "", ""),
          ("", False, 3, events[0], "")]),
        (3, "multiple", "Question 3?", *LINKS.values(),
         [("A", True, None, "", "Yes."), ("B", True, None, "", ""),
          ("C", False, None, "", "Not C.")]),
    ]  # fmt: skip

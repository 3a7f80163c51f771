"""Authoring rules, duplicate, import and export, as a teacher meets them in the admin."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from explainer.models import Section, Source, TimelineEvent
from quizzes.interchange.gift import parse_gift
from quizzes.interchange.upload import export_gift, export_json
from quizzes.models import Choice, Question, QuestionSet
from tests.factories import logged_in, make_question, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return make_teacher("t")


@pytest.fixture
def admin_client(teacher):
    return logged_in(teacher)


def question_form(question_set, kind, choices, **extra):
    """POST data for the question page with its choices inline."""
    data = {
        "question_set": question_set.pk,
        "position": 1,
        "kind": kind,
        "prompt_en": "Which?",
        "explanation_en": "Because.",
        "source": Source.objects.first().pk,
        "section": Section.objects.first().pk,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        **extra,
    }
    for i, choice in enumerate(choices):
        data[f"choices-{i}-position"] = i + 1
        for key, value in choice.items():
            # The admin edits each text in English and Ukrainian: these are the English ones.
            column = f"{key}_en" if key in ("text", "feedback") else key
            data[f"choices-{i}-{column}"] = value
    return data


def test_a_valid_single_choice_question_is_saved_with_its_choices(admin_client, teacher):
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    response = admin_client.post(
        "/admin/quizzes/question/add/",
        question_form(question_set, "single", [{"text": "A", "is_correct": "on"}, {"text": "B"}]),
    )
    assert response.status_code == 302
    question = question_set.questions.get()
    assert [c.text for c in question.choices.all()] == ["A", "B"]


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        ("single", [{"text": "A"}, {"text": "B"}], "exactly one correct choice; this one has 0"),
        (
            "single",
            [{"text": "A", "is_correct": "on"}, {"text": "B", "is_correct": "on"}],
            "exactly one correct choice; this one has 2",
        ),
        ("true_false", [{"text": "True"}, {"text": "False"}], "exactly one correct choice"),
        ("multiple", [{"text": "A"}, {"text": "B"}], "at least one correct choice"),
        (
            "ordering",
            [{"text": "A", "correct_position": 1}, {"text": "B", "correct_position": 2}],
            "at least three items",
        ),
        (
            "ordering",
            [
                {"text": "A", "correct_position": 1},
                {"text": "B", "correct_position": 1},
                {"text": "C", "correct_position": 2},
            ],
            "share a position",
        ),
    ],
)
def test_the_question_form_explains_each_rule_and_saves_nothing(
    admin_client, teacher, kind, choices, message
):
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    response = admin_client.post(
        "/admin/quizzes/question/add/", question_form(question_set, kind, choices)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.filter(question_set=question_set).exists()


def test_the_database_refuses_two_items_in_one_place():
    question = make_question(make_question_set(questions=0), "ordering")
    with pytest.raises(IntegrityError), transaction.atomic():
        Choice.objects.create(question=question, text="Again", correct_position=1)


def test_the_database_refuses_a_placed_item_marked_correct_or_a_blank_choice():
    question = make_question(make_question_set(questions=0), "ordering")
    with pytest.raises(IntegrityError), transaction.atomic():
        Choice.objects.create(question=question, text="X", correct_position=9, is_correct=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Choice.objects.create(question=question, text="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Choice.objects.create(question=question, text="X", correct_position=0)


def test_the_database_refuses_an_unknown_question_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=make_question(make_question_set(questions=0)).pk).update(
            kind="essay"
        )


def publish(client, question_set):
    data = {
        "title_en": question_set.title,
        "slug": question_set.slug,
        "topic_en": question_set.topic,
        "description_en": question_set.description,
        "is_published": "on",
        "shuffle_choices": "on",
        "questions-TOTAL_FORMS": question_set.questions.count(),
        "questions-INITIAL_FORMS": question_set.questions.count(),
    }
    for i, question in enumerate(question_set.questions.all()):
        data[f"questions-{i}-id"] = question.pk
        data[f"questions-{i}-question_set"] = question_set.pk
    return client.post(f"/admin/quizzes/questionset/{question_set.pk}/change/", data)


def test_an_empty_set_cannot_be_published(admin_client, teacher):
    question_set = make_question_set(questions=0, owner=teacher, published=False)
    response = publish(admin_client, question_set)
    assert "needs at least one question" in response.content.decode()
    assert not QuestionSet.objects.get(pk=question_set.pk).is_published


def test_a_set_with_an_invalid_question_cannot_be_published(admin_client, teacher):
    question_set = make_question_set(questions=2, owner=teacher, published=False)
    question = question_set.questions.last()
    question.choices.update(is_correct=False)
    response = publish(admin_client, question_set)
    assert "Question 2" in response.content.decode()
    assert "exactly one correct choice" in response.content.decode()
    assert not QuestionSet.objects.get(pk=question_set.pk).is_published
    Choice.objects.filter(pk=question.choices.first().pk).update(is_correct=True)
    assert publish(admin_client, question_set).status_code == 302
    assert QuestionSet.objects.get(pk=question_set.pk).is_published


def test_authored_markdown_is_sanitized_for_students(client):
    question_set = make_question_set(questions=1)
    Question.objects.filter(question_set=question_set).update(
        prompt='Which? <script>alert("x")</script> **bold**'
    )
    client.post(f"/quizzes/{question_set.slug}/start/")
    body = client.get(client.post(f"/quizzes/{question_set.slug}/start/")["Location"]).content
    assert b"<script>alert" not in body
    assert b"<strong>bold</strong>" in body


def snapshot(question_set):
    """Everything a set holds, without ids."""
    return [
        (
            q.position, q.kind, q.prompt, q.explanation, q.source_id, q.section_id, q.term_id,
            q.event_id,
            [(c.position, c.text, c.is_correct, c.correct_position, c.event_id, c.feedback)
             for c in q.choices.all()],
        )
        for q in question_set.questions.prefetch_related("choices")
    ]  # fmt: skip


def test_duplicate_copies_every_question_and_choice(admin_client, teacher):
    original = QuestionSet.objects.get(slug="the-timeline")
    admin_client.post(
        "/admin/quizzes/questionset/", {"action": "duplicate", "_selected_action": [original.pk]}
    )
    copy = QuestionSet.objects.get(title="The timeline (copy)")
    assert snapshot(copy) == snapshot(original)
    assert (copy.owner, copy.is_published) == (teacher, False)
    assert copy.shuffle_questions == original.shuffle_questions
    assert copy.partial_credit == original.partial_credit


def upload(client, name, content, **fields):
    data = {"file": SimpleUploadedFile(name, content.encode()), **fields}
    return client.post("/admin/quizzes/questionset/import/", data)


def confirm(client, preview_response):
    form = preview_response.context["form"].cleaned_data
    data = {"content": form["content"], "format": form["format"], "title": form["title"],
            "confirm": "on"}  # fmt: skip
    if form.get("section"):
        data["section"] = form["section"].slug
    if form.get("source"):
        data["source"] = form["source"].key
    return client.post("/admin/quizzes/questionset/import/", data)


def test_json_export_import_export_is_identical(admin_client):
    originals = list(QuestionSet.objects.filter(owner=None).order_by("title"))
    exported = export_json(originals)
    preview = upload(admin_client, "sets.json", exported)
    assert preview.status_code == 200
    assert "Confirm import" in preview.content.decode()
    assert QuestionSet.objects.count() == len(originals)  # the preview saved nothing
    assert confirm(admin_client, preview).status_code == 302
    imported = list(QuestionSet.objects.exclude(owner=None).order_by("title"))
    assert len(imported) == len(originals)
    assert export_json(imported) == exported


def test_gift_round_trip_keeps_every_supported_field(admin_client):
    original = make_question_set(questions=6, kinds=("single", "multiple", "true_false"))
    make_question(original, "ordering", position=7)
    Question.objects.filter(question_set=original).update(explanation="General *feedback*")
    text, left_out = export_gift(original)
    assert left_out == 1
    preview = upload(admin_client, "set.gift", text, title="From GIFT")
    assert confirm(admin_client, preview).status_code == 302
    imported = QuestionSet.objects.get(title="From GIFT")
    assert snapshot(imported) == snapshot(original)[:6]
    assert parse_gift(export_gift(imported)[0]) == parse_gift(text)


def test_a_gift_file_with_an_error_saves_nothing_and_names_the_line(admin_client):
    good = "::Q1:: Which? {=Yes ~No}\n"
    bad = "::Q2:: How are you? {}\n"
    before = QuestionSet.objects.count()
    response = upload(
        admin_client,
        "set.gift",
        good + "\n" + bad,
        title="Broken",
        section=Section.objects.first().slug,
        source=Source.objects.first().key,
    )
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "Line 3:" in body
    assert "Confirm import" not in body
    forced = admin_client.post(
        "/admin/quizzes/questionset/import/",
        {"content": good + "\n" + bad, "format": "gift", "title": "Broken", "confirm": "on"},
    )
    assert "Nothing was imported" in forced.content.decode()
    assert QuestionSet.objects.count() == before


def test_gift_questions_need_a_section_and_source(admin_client):
    response = upload(admin_client, "set.gift", "Which? {=Yes ~No}\n", title="No links")
    body = response.content.decode()
    assert "Line 1: the source is missing." in body
    assert "Line 1: the section is missing." in body


def test_a_json_file_with_an_unknown_section_saves_nothing(admin_client):
    data = json.loads(export_json([QuestionSet.objects.get(slug="the-proposals")]))
    data["question_sets"][0]["questions"][2]["section"] = "no-such-section"
    before = QuestionSet.objects.count()
    response = upload(admin_client, "bad.json", json.dumps(data, indent=2))
    assert "Question 3: there is no section called &#x27;no-such-section&#x27;." in (
        response.content.decode()
    )
    assert QuestionSet.objects.count() == before


def test_broken_json_names_the_line(admin_client):
    response = upload(admin_client, "bad.json", '{\n  "format": \n}')
    assert "Line 3: this is not valid JSON" in response.content.decode()


def test_ordering_items_survive_json_by_event(admin_client):
    question_set = make_question_set(questions=1, kinds=("ordering",))
    exported = json.loads(export_json([question_set]))
    items = exported["question_sets"][0]["questions"][0]["items"]
    assert items == [e.slug for e in TimelineEvent.objects.order_by("date")[:4]]


# The question page's search boxes (Select2 in the browser) ask Django's autocomplete view, whose
# case-insensitive search is LIKE on SQLite and UPPER(…) LIKE UPPER(…) on PostgreSQL: checked on
# both databases here, as the browser test runs on one. In Ukrainian the admin searches the
# Ukrainian texts, whose letters SQLite's own LIKE did not fold (config/sqlite.py).
@pytest.mark.parametrize(
    ("language", "model_name", "field_name", "term", "model", "lookup"),
    [
        ("en", "question", "source", "reuters", Source, {"key": "reuters-2022-03-29"}),
        ("en", "question", "section", "ISTANBUL prop", Section, {"slug": "istanbul-proposals"}),
        ("en", "choice", "event", "istanbul TALKS", TimelineEvent, {"slug": "istanbul-talks"}),
        ("uk", "question", "section", "стамбульські", Section, {"slug": "istanbul-proposals"}),
        ("uk", "question", "section", "СТАМБУЛЬСЬКІ ПРОП", Section, {"slug": "istanbul-proposals"}),
        (
            "uk",
            "choice",
            "event",
            "переговорах у стамбулі",
            TimelineEvent,
            {"slug": "istanbul-talks"},
        ),
    ],
)
def test_a_search_box_finds_by_part_of_a_name_in_any_case(
    admin_client, language, model_name, field_name, term, model, lookup
):
    admin_client.cookies["django_language"] = language

    def search(term):
        response = admin_client.get(
            "/admin/autocomplete/",
            {
                "app_label": "quizzes",
                "model_name": model_name,
                "field_name": field_name,
                "term": term,
            },
        )
        assert response.status_code == 200
        assert response["Content-Language"] == language
        return {row["id"] for row in response.json()["results"]}

    assert str(model.objects.get(**lookup).pk) in search(term)
    assert search("no such words anywhere") == set()

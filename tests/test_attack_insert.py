"""An outsider's attack on the answer's compiled INSERT (quizzes/compiled.py, ``ANSWER_SAVED``):
every test does the same thing twice, once through the compiled insert and once through
``Answer.objects.create``, and compares the rows, the objects, the errors, and what the
transaction can still do afterwards."""

import math
import threading
from datetime import UTC, datetime

import pytest
from django.db import (
    DatabaseError,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.models import signals
from django.db.utils import ConnectionDoesNotExist
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import quizzes.services
from quizzes.compiled import CompiledInsert
from quizzes.models import Answer, Attempt, Question
from quizzes.services import ANSWER_SAVED, attempt_answer, attempt_start
from tests.factories import (
    Student,
    in_threads,
    make_question_set,
    shipped_content,
    the_sites_database,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
POSTGRES = connection.vendor == "postgresql"
KINDS = ("single", "multiple", "ordering", "matching", "short", "numerical", "true_false")


class OrmCreate:
    """What ``ANSWER_SAVED`` replaced: ``Answer.objects.create``."""

    def create(self, using="default", **values):
        return Answer.objects.db_manager(using).create(**values)


ORM = OrmCreate()
BOTH = {"compiled": ANSWER_SAVED, "orm": ORM}


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def row(answer, *, keys=("id", "attempt_id", "answered_at")) -> dict:
    """The answer's row as stored, without what differs between two attempts."""
    stored = Answer.objects.filter(pk=answer.pk).values().get()
    return {key: value for key, value in stored.items() if key not in keys}


class Undo(Exception):
    pass


def outcome(insert, **values):
    """What creating the answer gives inside a block that is then undone: the row and object, or
    the error and whether the block may still run queries."""
    result = None
    try:
        with transaction.atomic():
            try:
                answer = insert.create(**values)
            except Exception as error:  # noqa: BLE001
                result = ("refused", type(error), connection.needs_rollback)
            else:
                assert answer._state.adding is False and answer._state.db == "default"
                # The object as create returns it (a value is kept as it was given, as create
                # keeps it), and the row.
                given = {
                    key: (type(value), value)
                    for key, value in fields(answer).items()
                    if key not in ("id", "attempt_id", "answered_at")
                }
                result = ("saved", row(answer), given, type(answer.answered_at))
            raise Undo
    except Undo:
        pass
    return result


@pytest.fixture
def two_attempts():
    """Two attempts at one question, so that each way of saving has its own."""
    question_set = make_question_set(questions=1)
    question = Question.objects.get(question_set=question_set)
    return question, [
        attempt_start(question_set=question_set, student_key=key) for key in ("a", "b")
    ]


def both_ways(two_attempts, **values):
    question, (first, second) = two_attempts
    compiled = outcome(ANSWER_SAVED, attempt=first, question=question, **values)
    orm = outcome(ORM, attempt=second, question=question, **values)
    assert compiled == orm
    return compiled


# --- Through the page ------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("given", ["right", "wrong"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_answered_on_the_page_is_the_row_create_writes(
    kind, given, headers, monkeypatch
):
    question_set = make_question_set(questions=2, kinds=(kind,), shuffle_choices=False)
    results = []
    for way in ("compiled", "orm"):
        monkeypatch.setattr(quizzes.services, "ANSWER_SAVED", BOTH[way])
        student = Student(Client())
        attempt = student.start(question_set)
        # The same seed: the same order of choices, so the same answer.
        Attempt.objects.filter(pk=attempt.pk).update(seed=20_261_203)
        attempt.refresh_from_db()
        data = getattr(student, f"{given}_answer")(attempt, 1)
        statuses = [
            student.answer(attempt, 1, data, headers=headers).status_code,
            # A second answer, in Ukrainian, changes nothing either way.
            student.client.post(
                f"/uk/attempts/{attempt.pk}/1/", student.right_answer(attempt, 1), headers=headers
            ).status_code,
        ]
        answer = Answer.objects.get(attempt=attempt)
        attempt.refresh_from_db()
        results.append(
            (
                statuses,
                row(answer),
                (attempt.score, attempt.answered_count, attempt.finished_at),
            )
        )
    assert results[0] == results[1]
    assert results[0][1]["language"] == "en"


def test_typed_unicode_on_the_ukrainian_page_is_stored_as_create_stores_it(monkeypatch):
    question_set = make_question_set(questions=1, kinds=("short",))
    typed = "Трилатеральна заява 🇺🇦 e\u0301 ‮RTL‬ \"'<b>&amp;"
    texts = []
    for way in ("compiled", "orm"):
        monkeypatch.setattr(quizzes.services, "ANSWER_SAVED", BOTH[way])
        student = Student(Client())
        attempt = student.start(question_set)
        response = student.client.post(
            f"/uk/attempts/{attempt.pk}/1/", {"answer": typed}, headers=HTMX
        )
        assert response.status_code == 200
        texts.append(row(Answer.objects.get(attempt=attempt)))
    assert texts[0] == texts[1]
    assert texts[0]["text"] == typed and texts[0]["language"] == "uk"


@pytest.mark.parametrize("length, status", [(200, 302), (201, 422), (5000, 422)])
def test_typed_text_at_and_over_the_limit_on_the_page(length, status):
    student = Student(Client())
    attempt = student.start(make_question_set(questions=1, kinds=("short",)))
    response = student.answer(attempt, 1, {"answer": "я" * length})
    assert response.status_code == status
    stored = list(Answer.objects.filter(attempt=attempt).values_list("text", flat=True))
    assert stored == (["я" * length] if status == 302 else [])


# --- Any value a programmer can pass ----------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"selected": [], "score": 0.0},
        {"selected": [[1, 2], [3, 4]], "score": 1.0},
        {"selected": {"a": [1, {"b": None, "c": "ї"}], "d": True}, "score": 0.25},
        {"selected": "not a list", "score": 0.5},
        {"selected": [1.5, -0.0, 10**20], "score": 0.0},
        {"selected": [], "score": 1, "text": "🙂" * 200, "language": "uk"},
        {"selected": [], "score": 0.0, "text": "e\u0301\u200b\u202e"},
        {"selected": [], "score": 0.0, "text": 12345},
        {"selected": [], "score": -0.0},
        {"selected": [], "score": 5e-324},
        {"selected": [], "score": "0.5"},
        {"selected": [], "score": 0.0, "answered_at": datetime(2000, 1, 1, tzinfo=UTC)},
        {"selected": [], "score": 0.0, "language": "xx"},
        {"selected": [], "score": 0.0, "language": "zh-hant"},
        # Refused by the database, or by the driver, the same way.
        {"selected": [], "score": 0.0, "text": "x" * 201},
        {"selected": [], "score": 0.0, "text": "x" * 10_000},
        {"selected": [], "score": 0.0, "language": "x" * 8},
        {"selected": [], "score": math.nan},
        {"selected": [], "score": math.inf},
        {"selected": [], "score": -math.inf},
        {"selected": [], "score": 1.0000001},
        {"selected": [], "score": None},
        {"selected": None, "score": 0.0},
        {"selected": [], "score": 0.0, "text": None},
        {"selected": [], "score": 0.0, "language": None},
        {"selected": [math.nan], "score": 0.0},
        {"selected": [], "score": 0.0, "text": "a\x00b"},
        # Refused before any SQL is sent: the block must be left as create leaves it.
        {"selected": {1, 2}, "score": 0.0},
        {"selected": [], "score": "half"},
        {"selected": [], "score": 0.0, "attempt_id": "abc"},
        {"selected": [], "score": 0.0, "attempt_id": 2**70},
        # No such attempt: the key is checked when the transaction ends, for both.
        {"selected": [], "score": 0.0, "attempt_id": -1},
    ],
)
def test_any_value_is_saved_or_refused_as_create_does_it(values, two_attempts):
    if "attempt_id" in values:
        question, _ = two_attempts
        compiled = outcome(ANSWER_SAVED, question=question, **values)
        assert compiled == outcome(ORM, question=question, **values)
        assert (compiled[0] == "refused") is (values["attempt_id"] != -1)
        return
    result = both_ways(two_attempts, **values)
    if "answered_at" in values:
        assert result[0] == "saved"


def test_an_id_given_is_the_id_the_row_gets_as_with_create(two_attempts):
    question, (first, second) = two_attempts
    taken = Answer.objects.create(attempt=first, question=question, selected=[], score=0.0)
    other = make_question_set(questions=1).questions.get()
    free = taken.pk + 1000
    for key in ("id", "pk"):
        for insert in (ANSWER_SAVED, ORM):
            with transaction.atomic():
                answer = insert.create(
                    attempt=second, question=other, selected=[], score=0.0, **{key: free}
                )
                assert answer.pk == free
                assert Answer.objects.get(pk=free).attempt_id == second.pk
                transaction.set_rollback(True)
    # An id already taken is refused, as create refuses it, and the row stays as it was.
    for insert in (ANSWER_SAVED, ORM):
        with pytest.raises(IntegrityError), transaction.atomic():
            insert.create(id=taken.pk, attempt=second, question=other, selected=[1], score=1.0)
        assert row(Answer.objects.get(pk=taken.pk), keys=()) == row(taken, keys=())


def test_an_attempt_or_question_that_is_not_an_answers_is_refused_as_create_refuses_it(
    two_attempts,
):
    question, (first, _) = two_attempts
    for insert in (ANSWER_SAVED, ORM):
        with pytest.raises(ValueError):
            insert.create(attempt=question, question=question, selected=[], score=0.0)
        with pytest.raises(TypeError):
            insert.create(attempt=first, question=question, selected=[], score=0.0, nope=1)
        with pytest.raises(ConnectionDoesNotExist):
            insert.create(using="other", attempt=first, question=question, selected=[], score=0)
    assert not Answer.objects.exists()


# --- Errors inside a block ---------------------------------------------------------------------


@pytest.mark.parametrize("way", ["compiled", "orm"])
def test_a_second_answer_without_a_savepoint_leaves_the_block_as_create_leaves_it(
    way, two_attempts
):
    question, (attempt, _) = two_attempts
    insert = BOTH[way]
    insert.create(attempt=attempt, question=question, selected=[], score=1.0)
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert.create(attempt=attempt, question=question, selected=[], score=0.0)
        # The block must roll back: no further query runs in it.
        assert connection.needs_rollback
        with pytest.raises(transaction.TransactionManagementError):
            Answer.objects.count()
    # After the block the connection works, and the first answer is there as it was.
    assert list(Answer.objects.values_list("score", flat=True)) == [1.0]


@pytest.mark.parametrize("way", ["compiled", "orm"])
def test_a_second_answer_inside_a_callers_block_leaves_that_block_usable(
    way, two_attempts, monkeypatch
):
    monkeypatch.setattr(quizzes.services, "ANSWER_SAVED", BOTH[way])
    question, (attempt, _) = two_attempts
    with transaction.atomic():
        first, created = attempt_answer(
            attempt=attempt, question=question, choices=list(question.choices.all()), selected=[]
        )
        assert created
        again, created = attempt_answer(
            attempt=attempt, question=question, choices=[], selected=[], language="uk"
        )
        assert not created and again.pk == first.pk and again.language == "en"
        assert not connection.needs_rollback
        assert Answer.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert (attempt.answered_count, attempt.score) == (1, 0.0)


# --- Time zones and settings ------------------------------------------------------------------


@pytest.mark.parametrize("use_tz", [True, False])
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/St_Johns"])
def test_the_answer_time_is_stored_and_read_as_creates(zone, use_tz, two_attempts):
    question, (first, second) = two_attempts
    # Compiled before the settings change, as on a running server.
    outcome(ANSWER_SAVED, attempt=first, question=question, selected=[], score=0.0)
    with override_settings(TIME_ZONE=zone, USE_TZ=use_tz):
        before = timezone.now()
        compiled = ANSWER_SAVED.create(attempt=first, question=question, selected=[], score=0.0)
        orm = ORM.create(attempt=second, question=question, selected=[], score=0.0)
        after = timezone.now()
        for answer in (compiled, orm):
            stored = Answer.objects.get(pk=answer.pk).answered_at
            assert stored == answer.answered_at
            assert before <= stored <= after
            assert (stored.tzinfo is not None) is use_tz
        assert abs(compiled.answered_at - orm.answered_at).total_seconds() < 5
        assert row(compiled) == row(orm)
        # Read back in a zone of its own, the same instant either way.
        assert Answer.objects.filter(pk=compiled.pk, answered_at__gte=before).exists()
        assert Answer.objects.filter(pk=orm.pk, answered_at__gte=before).exists()


def test_the_language_default_and_the_active_language_are_creates(two_attempts):
    question, (first, second) = two_attempts
    with translation.override("uk"), override_settings(LANGUAGE_CODE="uk"):
        compiled = ANSWER_SAVED.create(attempt=first, question=question, selected=[], score=0.0)
        orm = ORM.create(attempt=second, question=question, selected=[], score=0.0)
    assert row(compiled) == row(orm) and row(compiled)["language"] == "en"


# --- Receivers --------------------------------------------------------------------------------


@pytest.mark.parametrize("signal", [signals.pre_save, signals.post_save])
@pytest.mark.parametrize("sender", [Answer, None])
def test_a_receiver_connected_after_the_first_compile_hears_every_answer(
    signal, sender, two_attempts
):
    question, (first, second) = two_attempts
    ANSWER_SAVED.create(attempt=first, question=question, selected=[], score=0.0)
    heard = []

    def receiver(**kwargs):
        heard.append(kwargs["instance"])

    signal.connect(receiver, sender=sender)
    try:
        heard_answer = ANSWER_SAVED.create(
            attempt=second, question=question, selected=[], score=0.0
        )
    finally:
        signal.disconnect(receiver, sender=sender)
    # Saved by the ORM, so the receiver heard it; the row is the one create writes.
    assert heard == [heard_answer] and heard_answer._state.adding is False
    assert Answer.objects.get(attempt=second).pk == heard_answer.pk
    # Without it, the compiled INSERT again, and no receiver is told.
    third = attempt_start(question_set=question.question_set, student_key="c")
    with CaptureQueriesContext(connection) as queries:
        ANSWER_SAVED.create(attempt=third, question=question, selected=[], score=0.0)
    assert len(queries) == 1 and heard == [heard_answer]


def test_a_receiver_for_another_model_changes_nothing(two_attempts):
    question, (first, _) = two_attempts

    def receiver(**kwargs):
        pass

    signals.post_save.connect(receiver, sender=Attempt)
    try:
        with CaptureQueriesContext(connection) as queries:
            ANSWER_SAVED.create(attempt=first, question=question, selected=[], score=0.0)
    finally:
        signals.post_save.disconnect(receiver, sender=Attempt)
    assert len(queries) == 1


# --- Rows gone ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("gone", ["attempt", "question"])
def test_an_answer_to_a_deleted_attempt_or_question_fails_as_with_create(gone, monkeypatch):
    shipped_content()
    results = []
    for way in ("compiled", "orm"):
        monkeypatch.setattr(quizzes.services, "ANSWER_SAVED", BOTH[way])
        question_set = make_question_set(questions=2)
        attempt = attempt_start(question_set=question_set, student_key=way)
        question = question_set.questions.order_by("position").first()
        if gone == "attempt":
            Attempt.objects.filter(pk=attempt.pk).delete()
        else:
            Question.objects.filter(pk=question.pk).delete()
        try:
            attempt_answer(attempt=attempt, question=question, choices=[], selected=[])
        except Exception as error:  # noqa: BLE001
            result = type(error)
        else:
            result = None
        # No row points at what was deleted, and the connection is usable.
        assert not Answer.objects.filter(attempt_id=attempt.pk).exists()
        assert not Answer.objects.filter(question_id=question.pk).exists()
        results.append(result)
        connection.close()
    assert results[0] == results[1]
    assert results[0] is not None


# --- At once ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_answers_to_one_question_at_once_save_one_and_count_once(site_database):
    with the_sites_database(site_database):
        question_set = make_question_set(questions=2)
        attempt = attempt_start(question_set=question_set, student_key="a")
        question = question_set.questions.order_by("position").first()
        choices = list(question.choices.all())
        right = [choice.pk for choice in choices if choice.is_correct]
    got = []

    def answer(selected):
        def run():
            got.append(
                attempt_answer(
                    attempt=attempt, question=question, choices=choices, selected=selected
                )
            )

        return run

    wrong = [next(choice.pk for choice in choices if not choice.is_correct)]
    assert in_threads(answer(right), answer(wrong), database=site_database) == []
    assert sorted(created for _, created in got) == [False, True]
    assert got[0][0].pk == got[1][0].pk
    with the_sites_database(site_database):
        stored = Answer.objects.get(attempt=attempt)
        attempt.refresh_from_db()
        assert (attempt.answered_count, attempt.score) == (1, stored.score)
        assert attempt.finished_at is None


@pytest.mark.django_db(transaction=True)
def test_two_tabs_posting_one_question_at_once_save_one_answer(site_database):
    with the_sites_database(site_database):
        question_set = make_question_set(questions=2, kinds=("short",))
        student = Student(Client())
        attempt = student.start(question_set)
    tabs = [Client(), Client()]
    statuses = []

    def tab(number, headers, typed):
        def post():
            tabs[number].cookies = student.client.cookies
            url = f"/attempts/{attempt.pk}/1/"
            response = tabs[number].post(url, {"answer": typed}, headers=headers)
            statuses.append(response.status_code)

        return post

    errors = in_threads(
        tab(0, {}, "Trilateral Statement"), tab(1, HTMX, "nonsense"), database=site_database
    )
    assert errors == [] and sorted(statuses) == [200, 302]
    with the_sites_database(site_database):
        stored = Answer.objects.get(attempt=attempt)
        attempt.refresh_from_db()
        assert (attempt.answered_count, attempt.score) == (1, stored.score)
        assert stored.text in ("Trilateral Statement", "nonsense")


@pytest.mark.django_db(transaction=True)
def test_threads_compiling_at_once_each_write_their_own_rows(site_database):
    insert = CompiledInsert(Answer)
    with the_sites_database(site_database):
        question_set = make_question_set(questions=5)
        questions = list(question_set.questions.order_by("position"))
        attempts = [attempt_start(question_set=question_set, student_key=f"k{i}") for i in range(6)]
    made = {}
    lock = threading.Lock()

    def writer(index):
        def run():
            for position, question in enumerate(questions):
                answer = insert.create(
                    attempt=attempts[index],
                    question=question,
                    selected=[index, position],
                    score=position / 4,
                    text=f"{index}-{position}",
                    language=("en", "uk")[index % 2],
                )
                with lock:
                    made[answer.pk] = fields(answer)
                if position == 2:
                    connections["default"].close()  # closed between two requests

        return run

    assert in_threads(*(writer(i) for i in range(len(attempts))), database=site_database) == []
    assert "compiled" not in insert.local.__dict__  # each thread kept its own
    with the_sites_database(site_database):
        stored = {answer.pk: fields(answer) for answer in Answer.objects.all()}
    assert stored == made and len(made) == 6 * 5
    for values in made.values():
        index, position = values["selected"]
        assert values["attempt_id"] == attempts[index].pk
        assert values["question_id"] == questions[position].pk
        assert values["text"] == f"{index}-{position}" and values["score"] == position / 4


def test_a_database_error_is_a_database_error_either_way(two_attempts):
    question, (first, second) = two_attempts
    errors = []
    for insert, attempt in ((ANSWER_SAVED, first), (ORM, second)):
        try:
            with transaction.atomic():
                insert.create(attempt=attempt, question=question, selected=[], score=2.0)
        except DatabaseError as error:
            errors.append(type(error))
    assert errors == [IntegrityError, IntegrityError]

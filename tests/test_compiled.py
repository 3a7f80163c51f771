"""The statements compiled once (quizzes/compiled.py) give what their querysets give, and the
insert writes what create writes, on every database, thread and argument."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Value, When
from django.db.models.signals import post_save
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from quizzes.compiled import CompiledInsert, CompiledQuery, CompiledUpdate
from quizzes.models import Answer, Assignment, Attempt, Question, QuestionSet, hiding_closes_at
from quizzes.services import ANSWER_COUNTED, ANSWER_SAVED, attempt_start
from quizzes.students import ATTEMPT, ATTEMPT_ANSWERS, HIDING_CLOSES_AT
from tests.factories import graded, make_question_set, make_teacher, shipped_content

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def the_same(compiled: Attempt, orm: Attempt):
    assert type(compiled) is Attempt
    assert fields(compiled) == fields(orm)
    assert fields(compiled.question_set) == fields(orm.question_set)
    if orm.assignment is None:
        assert compiled.assignment is None
    else:
        assert fields(compiled.assignment) == fields(orm.assignment)
    assert compiled._state.adding is False and compiled._state.db == "default"


def test_an_attempt_with_its_set_and_assignment_is_the_querysets_in_one_query():
    question_set = make_question_set(questions=3)
    assignment = graded(question_set, make_teacher("t"), opens_at=timezone.now())
    practice = attempt_start(question_set=question_set, student_key="a")
    in_class = attempt_start(question_set=question_set, student_key="b", assignment=assignment)
    Attempt.objects.filter(pk=practice.pk).update(finished_at=timezone.now(), score=2.5)
    orm = Attempt.objects.select_related("question_set", "assignment")
    for attempt in (practice, in_class):
        with CaptureQueriesContext(connection) as queries:
            compiled = ATTEMPT.first(attempt.pk)
            # Nothing more is read: the set and the assignment came with it.
            assert compiled.question_set.title and (compiled.assignment is None) == (
                attempt is practice
            )
        assert len(queries) == 1
        the_same(compiled, orm.get(pk=attempt.pk))
    # Typed values, not the database's text: an aware time, a list of ids, a number.
    finished = ATTEMPT.first(practice.pk)
    assert finished.finished_at.tzinfo is not None
    assert finished.question_ids == practice.question_ids and finished.score == 2.5
    assert ATTEMPT.first(in_class.pk).assignment.opens_at.tzinfo is not None
    # A model instance that saves as any other.
    finished.display_name = "Renamed"
    finished.save(update_fields=["display_name"])
    assert Attempt.objects.get(pk=practice.pk).display_name == "Renamed"


def test_an_attempts_answers_are_the_querysets_and_no_other_attempts():
    question_set = make_question_set(questions=3, kinds=("single", "short", "matching"))
    one, other = (attempt_start(question_set=question_set, student_key=k) for k in "ab")
    questions = list(question_set.questions.order_by("position"))
    for attempt in (one, other):
        for question, selected, text, score in [
            (questions[0], [questions[0].choices.first().pk], "", 1.0),
            (questions[1], [], "Trilateral statement", 0.5),
        ]:
            ANSWER_SAVED.create(
                attempt=attempt, question=question, selected=selected, text=text, score=score
            )
    ANSWER_SAVED.create(attempt=one, question=questions[2], selected=[[1, 2]], score=0.0)

    with CaptureQueriesContext(connection) as queries:
        compiled = ATTEMPT_ANSWERS.all(one.pk)
    assert len(queries) == 1
    orm = {answer.pk: answer for answer in one.answers.all()}
    assert len(compiled) == len(orm) == 3
    for answer in compiled:
        assert type(answer) is Answer and fields(answer) == fields(orm[answer.pk])
        assert answer.answered_at.tzinfo is not None
    # The lists as they were saved, not the database's JSON text.
    assert [[1, 2]] in [answer.selected for answer in compiled]
    assert ATTEMPT_ANSWERS.all(999_999) == []


@pytest.mark.parametrize("pk", [0, -1, 999_999, 2**63, -(2**63) - 1, 10**30])
def test_an_attempt_that_does_not_exist_is_none_whatever_the_number(pk):
    attempt_start(question_set=make_question_set(questions=1), student_key="a")
    assert ATTEMPT.first(pk) is None
    assert ATTEMPT.all(pk) == []


def test_a_huge_attempt_number_in_the_address_is_a_404(client):
    assert client.get(f"/attempts/{10**30}/1/").status_code == 404
    assert client.get(f"/attempts/{2**63}/results/").status_code == 404


def test_the_hiding_time_is_the_querysets_in_every_case():
    teacher = make_teacher("t")
    origin = make_question_set(questions=1)
    copy = make_question_set(questions=1, origin=origin)
    other = make_question_set(questions=1)
    now = timezone.now()

    def both(family, at):
        expected = hiding_closes_at(family, at).first()
        assert HIDING_CLOSES_AT.first(family, at) == expected
        return expected

    assert both(origin.pk, now) is None
    # A graded class on the copy hides the family's answers until it closes, not before it opens.
    later = graded(
        copy, teacher, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(hours=3)
    )
    assert both(origin.pk, now) is None
    assert both(origin.pk, now + timedelta(minutes=61)) == later.closes_at
    latest = graded(origin, teacher, closes_at=now + timedelta(days=2))
    assert both(origin.pk, now) == latest.closes_at
    assert both(origin.pk, now + timedelta(days=3)) is None
    # Another family, a class that shows answers at once, and a closed class hide nothing.
    graded(other, teacher, reveal=Assignment.Reveal.AFTER_EACH)
    graded(other, teacher, closes_at=now - timedelta(minutes=1))
    assert both(other.pk, now) is None
    # Times are compared as times, in any time zone they are given in.
    kyiv = latest.closes_at.astimezone(timezone.get_fixed_timezone(120))
    assert both(origin.pk, kyiv - timedelta(microseconds=1)) == latest.closes_at
    assert both(origin.pk, kyiv) is None


@pytest.mark.django_db(transaction=True)
def test_each_thread_compiles_its_own_and_gets_the_same():
    shipped_content()
    question_set = make_question_set(questions=2)
    attempt = attempt_start(question_set=question_set, student_key="a")
    found = []

    def read():
        from django.db import connections

        try:
            found.append(ATTEMPT.first(attempt.pk).question_set.slug)
        finally:
            connections.close_all()

    ATTEMPT.first(attempt.pk)
    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert found == [question_set.slug]


def test_a_flat_column_and_the_mistakes_a_compiled_query_refuses():
    question_set = make_question_set(questions=1)
    attempt = attempt_start(question_set=question_set, student_key="a")
    keys = CompiledQuery(
        lambda pk: Attempt.objects.filter(pk=pk).values_list("student_key", flat=True), int
    )
    assert keys.first(attempt.pk) == "a"
    with pytest.raises(TypeError):
        keys.first()
    with pytest.raises(TypeError):
        CompiledQuery(lambda title: QuestionSet.objects.filter(title=title), str)
    changed_on_the_way = CompiledQuery(
        lambda now: Attempt.objects.filter(started_at__gte=now - timedelta(hours=1)), datetime
    )
    with pytest.raises(ValueError, match="not a parameter"):
        changed_on_the_way.first(timezone.now())
    ignored = CompiledQuery(lambda pk: QuestionSet.objects.all(), int)
    with pytest.raises(ValueError, match="not a parameter"):
        ignored.first(question_set.pk)
    two_columns = CompiledQuery(lambda pk: QuestionSet.objects.filter(pk=pk).values("slug"), int)
    with pytest.raises(ValueError, match="model instances or one flat column"):
        two_columns.first(question_set.pk)
    prefetching = CompiledQuery(
        lambda pk: QuestionSet.objects.filter(pk=pk).prefetch_related("questions"), int
    )
    with pytest.raises(ValueError, match="does not prefetch"):
        prefetching.first(question_set.pk)


def test_a_datetime_argument_is_adapted_as_the_orm_adapts_it():
    question_set = make_question_set(questions=1)
    QuestionSet.objects.filter(pk=question_set.pk).update(
        updated_at=datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    )
    changed_since = CompiledQuery(
        lambda pk, since: QuestionSet.objects.filter(pk=pk, updated_at__gte=since), int, datetime
    )
    at = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert changed_since.first(question_set.pk, at).pk == question_set.pk
    assert changed_since.first(question_set.pk, at + timedelta(microseconds=1)) is None
    assert model_to_dict(changed_since.first(question_set.pk, at)) == model_to_dict(
        QuestionSet.objects.get(pk=question_set.pk)
    )


def test_a_query_on_translated_fields_is_compiled_for_each_language():
    # A lookup on a translated field reads the active language's column.
    question_set = make_question_set(questions=1, title="English title", title_uk="")
    titled = CompiledQuery(lambda pk: QuestionSet.objects.filter(pk=pk).exclude(title=""), int)
    for language, found in [("en", True), ("uk", False), ("en", True)]:
        with translation.override(language):
            orm = QuestionSet.objects.filter(pk=question_set.pk).exclude(title="").first()
            assert (orm is not None) is found
            assert (titled.first(question_set.pk) is not None) is found


def count_both(compiled: Attempt, orm: Attempt, score: float, completes: int, now) -> int:
    """Counts an answer into ``compiled`` with ANSWER_COUNTED and into ``orm`` with the queryset's
    own UPDATE, then reads both again; returns the compiled statement's row count."""
    changed = ANSWER_COUNTED.run(score, completes, now, compiled.pk)
    Attempt.objects.filter(pk=orm.pk).update(
        score=F("score") + score,
        answered_count=F("answered_count") + 1,
        finished_at=Case(When(answered_count=completes, then=Value(now)), default=F("finished_at")),
    )
    compiled.refresh_from_db()
    orm.refresh_from_db()
    return changed


def test_an_answer_counted_by_the_compiled_update_is_counted_as_the_orm_counts_it():
    question_set = make_question_set(questions=2)
    compiled = attempt_start(question_set=question_set, student_key="a")
    orm = attempt_start(question_set=question_set, student_key="b")
    moments = [timezone.now(), timezone.now() + timedelta(seconds=5)]
    for score, now in zip([0.5, 1.0], moments, strict=True):
        assert count_both(compiled, orm, score, 1, now) == 1
        assert (compiled.score, compiled.answered_count, compiled.finished_at) == (
            orm.score,
            orm.answered_count,
            orm.finished_at,
        )
    # Finished by the last answer, at its time; a missing attempt changes nothing.
    assert compiled.finished_at == moments[1] and compiled.score == 1.5
    assert ANSWER_COUNTED.run(1.0, 1, moments[0], 10**30) == 0
    assert ANSWER_COUNTED.run(1.0, 1, moments[0], 999_999) == 0
    compiled.refresh_from_db()
    assert compiled.score == 1.5 and compiled.finished_at == moments[1]


def test_a_compiled_update_refuses_to_change_rows_through_a_join():
    question_set = make_question_set(questions=1)
    attempt_start(question_set=question_set, student_key="a")
    through_set = CompiledUpdate(
        lambda pk: (Attempt.objects.filter(question_set__origin=pk), {"score": 0.0}), int
    )
    with pytest.raises(ValueError, match="one table"):
        through_set.run(question_set.pk)


def test_an_answer_saved_by_the_compiled_insert_is_the_row_create_would_write():
    question_set = make_question_set(questions=2)
    first, second = Question.objects.filter(question_set=question_set).order_by("pk")
    compiled_attempt = attempt_start(question_set=question_set, student_key="a")
    orm_attempt = attempt_start(question_set=question_set, student_key="b")
    values = {"selected": [3, 1], "text": "  typed <b>", "score": 0.5, "language": "uk"}
    before = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        compiled = ANSWER_SAVED.create(attempt=compiled_attempt, question=first, **values)
    assert len(queries) == 1 and queries[0]["sql"].startswith("INSERT")
    orm = Answer.objects.create(attempt=orm_attempt, question=first, **values)
    assert type(compiled) is Answer and compiled.pk is not None and compiled.pk != orm.pk
    assert compiled._state.adding is False and compiled._state.db == "default"
    # What the object says is what the row holds, and the row is the ORM's but for its keys.
    stored = Answer.objects.get(pk=compiled.pk)
    assert fields(compiled) == fields(stored)
    different = {"id", "attempt_id", "answered_at"}
    assert {k: v for k, v in fields(stored).items() if k not in different} == {
        k: v for k, v in fields(orm).items() if k not in different
    }
    assert stored.selected == [3, 1] and stored.language == "uk"
    assert before <= stored.answered_at <= timezone.now() and stored.answered_at.tzinfo
    # A default is the field's, as with create; the next row gets the next id.
    later = ANSWER_SAVED.create(attempt=compiled_attempt, question=second, selected=[], score=0.0)
    assert later.language == Answer._meta.get_field("language").default
    assert Answer.objects.get(pk=later.pk).text == "" and later.pk > compiled.pk


def test_a_second_compiled_insert_of_an_answer_is_refused_and_rolls_back_its_block():
    question_set = make_question_set(questions=1)
    question = Question.objects.get(question_set=question_set)
    attempt = attempt_start(question_set=question_set, student_key="a")
    ANSWER_SAVED.create(attempt=attempt, question=question, selected=[], score=1.0)
    with pytest.raises(IntegrityError), transaction.atomic():
        ANSWER_SAVED.create(attempt=attempt, question=question, selected=[], score=0.0)
    assert list(Answer.objects.filter(attempt=attempt).values_list("score", flat=True)) == [1.0]
    # Unsaved related objects are refused before any SQL, as save() refuses them.
    with pytest.raises(ValueError, match="unsaved"):
        ANSWER_SAVED.create(
            attempt=Attempt(question_set=question_set), question=question, selected=[], score=0.0
        )


def test_a_compiled_insert_leaves_to_save_what_it_would_write_otherwise():
    question_set = make_question_set(questions=2)
    first, second = Question.objects.filter(question_set=question_set).order_by("pk")
    attempt = attempt_start(question_set=question_set, student_key="a")
    # A receiver listens to questions being saved (quizzes/question_cache.py): it is told.
    updated_at = QuestionSet.objects.get(pk=question_set.pk).updated_at
    copied = {**fields(first), "id": None, "position": 9}
    added = CompiledInsert(Question).create(**copied)
    assert QuestionSet.objects.get(pk=question_set.pk).updated_at > updated_at
    assert Question.objects.get(pk=added.pk).position == 9
    # An expression is the ORM's to write.
    worked_out = ANSWER_SAVED.create(
        attempt=attempt, question=first, selected=[], score=Value(0.25) * 2
    )
    assert Answer.objects.get(pk=worked_out.pk).score == 0.5
    heard = []

    def listener(instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(listener, sender=Answer)
    try:
        told = ANSWER_SAVED.create(attempt=attempt, question=second, selected=[], score=1.0)
    finally:
        post_save.disconnect(listener, sender=Answer)
    assert heard == [(told.pk, True)]


@pytest.mark.parametrize(
    "meta, refusal",
    [("parents", {Attempt: None}), ("order_with_respect_to", Answer._meta.get_field("attempt"))],
)
def test_a_compiled_insert_refuses_a_model_saved_in_more_than_one_statement(
    meta, refusal, monkeypatch
):
    question_set = make_question_set(questions=1)
    attempt = attempt_start(question_set=question_set, student_key="a")
    monkeypatch.setattr(Answer._meta, meta, refusal)
    with pytest.raises(ValueError, match="one table|number rows"):
        CompiledInsert(Answer).create(
            attempt=attempt, question=question_set.questions.get(), selected=[], score=0.0
        )

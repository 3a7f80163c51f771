"""An outsider's attack on the statements compiled once per thread (quizzes/compiled.py): the
attempt read by every student page, whether a class hides a family's answers, and the UPDATE that
counts an answer. Each test compares the site, or the compiled query, with what the ORM gives."""

import threading
import warnings
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from quizzes.compiled import CompiledQuery
from quizzes.models import Answer, Assignment, Attempt, QuestionSet, hiding_closes_at
from quizzes.services import ANSWER_COUNTED, attempt_answer, attempt_start
from quizzes.students import ATTEMPT, HIDING_CLOSES_AT, hidden_until
from tests.factories import (
    Student,
    graded,
    in_threads,
    make_question_set,
    make_teacher,
    shipped_content,
    the_sites_database,
)
from tests.test_compiled import count_both

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
POSTGRES = connection.vendor == "postgresql"
# Shown on a student's page only while a graded class keeps the answer key.
HIDDEN = "hidden while a class is taking this quiz"


def rows() -> tuple:
    """Every attempt and answer as stored: what a refused request must leave as it was."""
    return (
        list(Attempt.objects.order_by("pk").values()),
        list(Answer.objects.order_by("pk").values()),
    )


def attempt_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/attempts/{pk}/1/"),
        ("post", f"/attempts/{pk}/1/"),
        ("get", f"/attempts/{pk}/results/"),
        ("get", f"/attempts/{pk}/live/"),
        ("get", f"/uk/attempts/{pk}/1/"),
        ("post", f"/uk/attempts/{pk}/1/"),
        ("get", f"/uk/attempts/{pk}/results/"),
    ]


# --- Addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize("pk", [0, 999_999_999, 2**31, 2**63 - 1, 2**63, 10**30])
def test_an_attempt_number_that_exists_nowhere_is_a_404_and_changes_nothing(pk):
    owner = Student(Client())
    owner.start(make_question_set(questions=2))
    before = rows()
    for method, url in attempt_urls(pk):
        response = getattr(owner.client, method)(url, {"choice": [1]} if method == "post" else {})
        assert response.status_code == 404, (url, response.status_code)
    assert rows() == before


def test_a_negative_attempt_number_is_not_an_address():
    for url in ("/attempts/-1/1/", "/attempts/-1/results/", "/uk/attempts/-1/1/"):
        assert Client().get(url).status_code == 404


def test_another_browsers_attempt_is_a_403_and_changes_nothing():
    owner, other = Student(Client()), Student(Client())
    attempt = owner.start(make_question_set(questions=2))
    other.start(make_question_set(questions=1))  # the other browser has a key of its own
    owner.answer(attempt, 1, owner.right_answer(attempt, 1))
    before = rows()
    for client in (other.client, Client()):  # with a key, and with none at all
        for method, url in attempt_urls(attempt.pk):
            data = other.right_answer(attempt, 1) if method == "post" else {}
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (url, response.status_code)
    assert rows() == before


@pytest.mark.parametrize("change", ["unpublished", "kept_for_classes"])
def test_an_attempt_whose_set_is_no_longer_open_to_it_is_a_404_and_changes_nothing(change):
    question_set = make_question_set(questions=2)
    student = Student(Client())
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    if change == "unpublished":
        QuestionSet.objects.filter(pk=question_set.pk).update(is_published=False)
    else:
        QuestionSet.objects.filter(pk=question_set.pk).update(audience="classes")
    before = rows()
    for method, url in attempt_urls(attempt.pk):
        data = student.right_answer(attempt, 2) if method == "post" else {}
        response = getattr(student.client, method)(url.replace("/1/", "/2/"), data)
        assert response.status_code == 404, (url, response.status_code)
    assert rows() == before


def test_a_class_attempt_stays_open_when_its_set_is_kept_for_classes():
    # The practice-only 404 must not catch an attempt that has its assignment.
    question_set = make_question_set(questions=2, audience="classes")
    assignment = graded(question_set, make_teacher("t"), reveal=Assignment.Reveal.AFTER_EACH)
    client = Client()
    response = client.post("/join/", {"code": assignment.join_code, "name": "Ana"})
    assert response.status_code == 302
    attempt = Attempt.objects.get(assignment=assignment)
    assert client.get(f"/attempts/{attempt.pk}/1/").status_code == 200
    assert ATTEMPT.first(attempt.pk).assignment.pk == assignment.pk


# --- Language --------------------------------------------------------------------------------


def test_ukrainian_english_ukrainian_in_one_thread_each_page_in_its_language():
    question_set = make_question_set(
        questions=2,
        title="Neutrality basics",
        title_uk="Основи нейтралітету",
        shuffle_choices=False,
    )
    for question in question_set.questions.all():
        for choice in question.choices.all():
            if choice.feedback_en:
                choice.feedback_uk = f"Чому відповідь {choice.position} хибна."
                choice.save()
    student = Student(Client())
    attempt = student.start(question_set)
    # A wrong answer given on the Ukrainian page (choice 2 is wrong, not shuffled).
    response = student.client.post(f"/uk/attempts/{attempt.pk}/1/", {"choice": [2]})
    assert response.status_code == 302
    pages = [
        ("uk", f"/uk/attempts/{attempt.pk}/1/", "Основи нейтралітету", "Чому відповідь 2 хибна."),
        ("en", f"/attempts/{attempt.pk}/1/", "Neutrality basics", "Why choice 2 is wrong."),
        ("uk", f"/uk/attempts/{attempt.pk}/1/", "Основи нейтралітету", "Чому відповідь 2 хибна."),
        ("en", f"/attempts/{attempt.pk}/1/", "Neutrality basics", "Why choice 2 is wrong."),
    ]
    for language, url, title, feedback in pages:
        html = student.client.get(url).content.decode()
        assert f'lang="{language}"' in html
        assert title in html and feedback in html, (url, language)
        other_title = "Neutrality basics" if language == "uk" else "Основи нейтралітету"
        assert other_title not in html, (url, language)
    # Both answered in Ukrainian; the results in each language after the last.
    response = student.client.post(f"/uk/attempts/{attempt.pk}/2/", {"choice": [2]})
    assert response.status_code == 302
    for url, title in [
        (f"/uk/attempts/{attempt.pk}/results/?show=all", "Основи нейтралітету"),
        (f"/attempts/{attempt.pk}/results/?show=all", "Neutrality basics"),
        (f"/uk/attempts/{attempt.pk}/results/?show=all", "Основи нейтралітету"),
    ]:
        html = student.client.get(url).content.decode()
        assert title in html, url
    assert list(Answer.objects.filter(attempt=attempt).values_list("language", flat=True)) == [
        "uk",
        "uk",
    ]


def test_the_compiled_attempt_follows_the_active_language_not_the_compiling_one():
    question_set = make_question_set(questions=1, title="English title", title_uk="Назва")
    attempt = attempt_start(question_set=question_set, student_key="a")
    for language, title in [("uk", "Назва"), ("en", "English title"), ("uk", "Назва")]:
        with translation.override(language):
            assert ATTEMPT.first(attempt.pk).question_set.title == title
    # Read in one language, shown in another: the row holds both.
    with translation.override("uk"):
        read = ATTEMPT.first(attempt.pk)
    assert read.question_set.title == "English title"


# --- Time ------------------------------------------------------------------------------------


def practice_with_one_answer(question_set):
    student = Student(Client())
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    return student, attempt


def shows_key(student, attempt) -> dict[str, bool]:
    """Whether each page that can show the key shows it (and not the notice that hides it)."""
    page = student.page(attempt, 1).content.decode()
    fragment = student.page(attempt, 1, headers=HTMX).content.decode()
    return {
        "page": "Why choice" in page and HIDDEN not in page,
        "fragment": "Why choice" in fragment and HIDDEN not in fragment,
    }


@pytest.mark.parametrize(
    "opens, closes, hides",
    [
        (timedelta(minutes=5), timedelta(hours=1), False),  # opens later
        (None, timedelta(hours=1), True),  # open now
        (-timedelta(hours=1), timedelta(minutes=1), True),  # opened an hour ago
        (-timedelta(hours=1), -timedelta(seconds=1), False),  # closed a second ago
    ],
)
@pytest.mark.parametrize("on", ["same_set", "copy"])
def test_a_graded_class_hides_the_practice_key_exactly_while_it_is_open(opens, closes, hides, on):
    teacher = make_teacher("t")
    origin = make_question_set(questions=2)
    now = timezone.now()
    graded_set = origin if on == "same_set" else make_question_set(questions=2, origin=origin)
    graded(
        graded_set,
        teacher,
        opens_at=None if opens is None else now + opens,
        closes_at=now + closes,
    )
    student, attempt = practice_with_one_answer(origin)
    expected = hiding_closes_at(origin.pk).first()
    assert (expected is not None) is hides
    assert shows_key(student, attempt) == {"page": not hides, "fragment": not hides}
    assert hidden_until(ATTEMPT.first(attempt.pk)) == expected


def test_a_copys_practice_is_hidden_by_a_class_on_its_original_and_on_a_sibling():
    teacher = make_teacher("t")
    origin = make_question_set(questions=2)
    first = make_question_set(questions=2, origin=origin)
    second = make_question_set(questions=2, origin=origin)
    closes = timezone.now() + timedelta(hours=2)
    graded(first, teacher, closes_at=closes)
    for question_set in (origin, second):
        student, attempt = practice_with_one_answer(question_set)
        assert shows_key(student, attempt) == {"page": False, "fragment": False}
        assert hidden_until(ATTEMPT.first(attempt.pk)) == closes


def test_a_close_time_edited_after_the_first_page_is_read_afresh():
    teacher = make_teacher("t")
    question_set = make_question_set(questions=2)
    assignment = graded(question_set, teacher)
    student, attempt = practice_with_one_answer(question_set)
    assert shows_key(student, attempt) == {"page": False, "fragment": False}
    # The teacher closes it now (as the admin's form saves it): the key shows on the next page.
    assignment.closes_at = timezone.now() - timedelta(microseconds=1)
    assignment.save()
    assert shows_key(student, attempt) == {"page": True, "fragment": True}
    # And opens it again for a day.
    assignment.closes_at = timezone.now() + timedelta(days=1)
    assignment.save()
    assert shows_key(student, attempt) == {"page": False, "fragment": False}
    assert hidden_until(ATTEMPT.first(attempt.pk)) == assignment.closes_at


def test_the_hiding_time_at_the_exact_microsecond_of_opening_and_closing():
    teacher = make_teacher("t")
    question_set = make_question_set(questions=1)
    # Whole seconds too: SQLite compares times as text, where ".000000" is left out.
    for opens in (
        datetime(2031, 3, 4, 10, 0, tzinfo=UTC),
        datetime(2031, 3, 4, 10, 0, 0, 500_000, tzinfo=UTC),
    ):
        Assignment.objects.all().delete()
        closes = opens + timedelta(hours=1)
        graded(question_set, teacher, opens_at=opens, closes_at=closes)
        for at, expected in [
            (opens - timedelta(microseconds=1), None),
            (opens, closes),
            (opens + timedelta(microseconds=1), closes),
            (closes - timedelta(microseconds=1), closes),
            (closes, None),
            (closes + timedelta(microseconds=1), None),
        ]:
            assert hiding_closes_at(question_set.pk, at).first() == expected, at
            found = HIDING_CLOSES_AT.first(question_set.pk, at)
            assert found == expected, at
            assert found is None or found.tzinfo is not None


def test_a_results_page_of_a_class_that_reveals_after_closing():
    teacher = make_teacher("t")
    question_set = make_question_set(questions=1, audience="classes")
    assignment = graded(question_set, teacher)
    client = Client()
    assert client.post("/join/", {"code": assignment.join_code, "name": "Ana"}).status_code == 302
    attempt = Attempt.objects.get(assignment=assignment)
    student = Student(client)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert "Why choice" not in results and "out of" not in results
    Assignment.objects.filter(pk=assignment.pk).update(
        opens_at=None, closes_at=timezone.now() - timedelta(seconds=1)
    )
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert "Why choice" in results


# --- Answers ---------------------------------------------------------------------------------


def test_a_second_answer_to_the_same_question_changes_nothing():
    student = Student(Client())
    attempt = student.start(make_question_set(questions=3))
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    before = rows()
    for headers in ({}, HTMX):
        student.answer(attempt, 1, student.right_answer(attempt, 1), headers=headers)
        student.client.post(f"/uk/attempts/{attempt.pk}/1/", student.right_answer(attempt, 1))
    assert rows() == before
    attempt.refresh_from_db()
    assert (attempt.answered_count, attempt.score, attempt.finished_at) == (1, 0.0, None)


@pytest.mark.parametrize(
    "kinds, answers, score",
    [
        (("single",), ["right", "right", "right"], 3.0),
        (("single",), ["wrong", "wrong", "wrong"], 0.0),
        (("short",), [{"answer": "Trilateral"}, "right", "wrong"], 1.5),
        (("numerical",), [{"answer": "1995"}, {"answer": "1993"}, "right"], 2.0),
        (("short", "numerical", "single"), ["right", {"answer": "1995"}, "wrong"], 1.5),
    ],
)
def test_the_last_answer_finishes_the_attempt_with_the_sum_of_its_scores(kinds, answers, score):
    student = Student(Client())
    attempt = student.start(make_question_set(questions=3, kinds=kinds))
    started = timezone.now()
    for number, given in enumerate(answers, start=1):
        if isinstance(given, dict):
            data = given
        elif given == "right":
            data = student.right_answer(attempt, number)
        else:
            data = student.wrong_answer(attempt, number)
        response = student.answer(attempt, number, data)
        assert response.status_code == 302
        attempt.refresh_from_db()
        assert attempt.answered_count == number
        assert (attempt.finished_at is None) is (number < 3)
    assert attempt.score == score and type(attempt.score) is float
    assert attempt.score == sum(
        Answer.objects.filter(attempt=attempt).values_list("score", flat=True)
    )
    assert started <= attempt.finished_at <= timezone.now()
    read = ATTEMPT.first(attempt.pk)
    assert (read.score, read.answered_count, read.finished_at) == (
        score,
        3,
        attempt.finished_at,
    )
    results = student.client.get(f"/attempts/{attempt.pk}/results/")
    assert results.status_code == 200


def test_a_partly_right_select_all_answer_counts_half_a_point():
    student = Student(Client())
    question_set = make_question_set(questions=1, kinds=("multiple",), partial_credit=True)
    attempt = student.start(question_set)
    shown = student.shown(attempt, 1)
    one_right = [next(i for i, c in enumerate(shown, start=1) if c.is_correct)]
    student.answer(attempt, 1, {"choice": one_right})
    attempt.refresh_from_db()
    answer = Answer.objects.get(attempt=attempt)
    assert 0 < answer.score < 1
    assert attempt.score == answer.score and attempt.finished_at is not None


def test_an_attempt_of_a_set_whose_last_question_was_answered_elsewhere_finishes_once():
    # The UPDATE's CASE reads the count before its own +1: the answer that makes the count the
    # total sets finished_at, and no later statement moves it.
    question_set = make_question_set(questions=2)
    attempt = attempt_start(question_set=question_set, student_key="a")
    moment = timezone.now()
    assert ANSWER_COUNTED.run(1.0, 1, moment, attempt.pk) == 1
    assert ANSWER_COUNTED.run(0.5, 1, moment + timedelta(seconds=1), attempt.pk) == 1
    assert ANSWER_COUNTED.run(0.0, 1, moment + timedelta(seconds=2), attempt.pk) == 1
    attempt.refresh_from_db()
    assert attempt.answered_count == 3 and attempt.score == 1.5
    assert attempt.finished_at == moment + timedelta(seconds=1)


# --- Two tabs at once, and threads ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_tabs_answering_the_last_two_questions_at_once_both_count_and_finish_it(
    site_database,
):
    with the_sites_database(site_database):
        question_set = make_question_set(questions=3, kinds=("single",))
        student = Student(Client())
        attempt = student.start(question_set)
        student.answer(attempt, 1, student.right_answer(attempt, 1))
        data = {number: student.right_answer(attempt, number) for number in (2, 3)}
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.cookies = student.client.cookies
    statuses = []

    def tab(number):
        def answer():
            response = tabs[number - 2].post(f"/attempts/{attempt.pk}/{number}/", data[number])
            statuses.append(response.status_code)

        return answer

    assert in_threads(tab(2), tab(3), database=site_database) == []
    assert statuses == [302, 302]
    with the_sites_database(site_database):
        attempt.refresh_from_db()
        assert attempt.answered_count == 3 == Answer.objects.filter(attempt=attempt).count()
        assert attempt.score == 3.0
        assert attempt.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_an_answer_waiting_on_anothers_lock_still_finishes_the_attempt(site_database):
    # One tab's answer holds the attempt's row (or SQLite's write lock) until its transaction
    # ends; the other's UPDATE, waiting meanwhile, must count from the row as the first left it.
    with the_sites_database(site_database):
        question_set = make_question_set(questions=2)
        attempt = attempt_start(question_set=question_set, student_key="a")
        first, second = question_set.questions.order_by("position")
    holding = threading.Event()

    def slow():
        with transaction.atomic():
            attempt_answer(attempt=attempt, question=first, choices=[], selected=[])
            holding.set()
            threading.Event().wait(0.5)

    def fast():
        holding.wait(10)
        attempt_answer(attempt=attempt, question=second, choices=[], selected=[])

    assert in_threads(slow, fast, database=site_database) == []
    with the_sites_database(site_database):
        attempt.refresh_from_db()
        assert attempt.answered_count == 2 and attempt.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_threads_reading_different_attempts_each_get_their_own():
    shipped_content()
    sets = [make_question_set(questions=n, shuffle_questions=True) for n in (2, 3, 4, 5)]
    attempts = [
        attempt_start(question_set=question_set, student_key=f"key-{i}")
        for i, question_set in enumerate(sets)
    ]
    teacher = get_user_model().objects.create_user("t", is_staff=True)
    graded(sets[0], teacher, closes_at=timezone.now() + timedelta(hours=5))
    expected = {
        attempt.pk: (attempt.student_key, attempt.question_ids, attempt.question_set.slug)
        for attempt in attempts
    }
    hides = {attempt.question_set_id: hiding_closes_at(attempt.question_set_id).first()
             for attempt in attempts}  # fmt: skip
    wrong = []

    def reader(offset, language):
        def read():
            with translation.override(language):
                for round in range(40):
                    attempt = attempts[(offset + round) % len(attempts)]
                    found = ATTEMPT.first(attempt.pk)
                    got = (found.student_key, found.question_ids, found.question_set.slug)
                    if found.pk != attempt.pk or got != expected[attempt.pk]:
                        wrong.append((attempt.pk, found.pk, got))
                    family = found.question_set_id
                    if HIDING_CLOSES_AT.first(family, timezone.now()) != hides[family]:
                        wrong.append(("hiding", family))
                    if round == 20:
                        connection.close()  # a connection closed between requests

        return read

    assert in_threads(*(reader(i, ("en", "uk")[i % 2]) for i in range(6))) == []
    assert wrong == []


# --- The compiled queries themselves ----------------------------------------------------------


def test_the_compiled_attempt_has_the_types_the_orm_gives():
    question_set = make_question_set(questions=3, partial_credit=True, shuffle_choices=False)
    assignment = graded(question_set, make_teacher("t"), hide_names=True)
    attempt = attempt_start(question_set=question_set, student_key="a", assignment=assignment)
    ANSWER_COUNTED.run(0.5, 2, timezone.now(), attempt.pk)
    found = ATTEMPT.first(attempt.pk)
    orm = Attempt.objects.select_related("question_set", "assignment").get(pk=attempt.pk)
    for compiled, expected in [
        (found, orm),
        (found.question_set, orm.question_set),
        (found.assignment, orm.assignment),
    ]:
        for field in type(expected)._meta.concrete_fields:
            value, want = getattr(compiled, field.attname), getattr(expected, field.attname)
            assert value == want and type(value) is type(want), field.attname
    assert found.question_set.partial_credit is True and found.question_set.shuffle_choices is False
    assert found.assignment.hide_names is True and found.assignment.attempts_allowed == 1
    assert all(type(pk) is int for pk in found.question_ids)
    assert type(found.score) is float and found.score == 0.5
    assert found.started_at.utcoffset() == timedelta(0)
    assert found.assignment.closes_at.utcoffset() == timedelta(0)


def test_a_time_in_any_zone_finishes_the_attempt_at_that_instant():
    question_set = make_question_set(questions=1)
    attempt = attempt_start(question_set=question_set, student_key="a")
    kyiv = datetime(2031, 3, 4, 12, 0, 0, 123_456, tzinfo=timezone.get_fixed_timezone(120))
    assert ANSWER_COUNTED.run(1.0, 0, kyiv, attempt.pk) == 1
    attempt.refresh_from_db()
    assert attempt.finished_at == kyiv
    assert attempt.finished_at == datetime(2031, 3, 4, 10, 0, 0, 123_456, tzinfo=UTC)


def test_hiding_is_asked_with_none_for_now_as_the_orm_asks_it_or_refused():
    # hiding_closes_at(family, None) means "now"; the compiled query takes no default.
    question_set = make_question_set(questions=1)
    graded(question_set, make_teacher("t"))
    expected = hiding_closes_at(question_set.pk, None).first()
    assert expected is not None
    try:
        found = HIDING_CLOSES_AT.first(question_set.pk, None)
    except TypeError:
        return  # refused: fine
    assert found == expected  # silently "nothing hides": the answer key would show


def test_an_argument_of_the_wrong_type_is_read_as_the_orm_reads_it_or_refused():
    attempt = attempt_start(question_set=make_question_set(questions=1), student_key="a")
    for argument in (str(attempt.pk), float(attempt.pk) + 0.25, True):
        expected = Attempt.objects.filter(pk=argument).first()
        try:
            found = ATTEMPT.first(argument)
        except TypeError:
            continue  # refused: fine
        assert (found and found.pk) == (expected and expected.pk), repr(argument)


@override_settings(TIME_ZONE="Europe/Kyiv")
def test_a_naive_time_is_read_as_the_orm_reads_it_or_refused():
    question_set = make_question_set(questions=1)
    opens = datetime(2031, 3, 4, 10, 0, tzinfo=UTC)
    graded(question_set, make_teacher("t"), opens_at=opens, closes_at=opens + timedelta(hours=3))
    # 11:30 naive is 11:30 in Kyiv for the ORM (09:30 UTC, before it opens), 11:30 UTC raw.
    naive = datetime(2031, 3, 4, 11, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = hiding_closes_at(question_set.pk, naive).first()
        try:
            found = HIDING_CLOSES_AT.first(question_set.pk, naive)
        except (TypeError, ValueError):
            return  # refused: fine
    assert expected is None
    assert found == expected


def test_a_number_a_small_integer_field_cannot_hold_matches_no_row_as_with_the_orm():
    # "Integers out of this range match no row (the ORM's lookups treat them the same way)":
    # the range checked is a bigint's, but the ORM checks the field's.
    attempt = attempt_start(question_set=make_question_set(questions=1), student_key="a")
    answered = CompiledQuery(lambda n: Attempt.objects.filter(answered_count=n), int)
    for number in (40_000, 2**31, -1):
        assert list(Attempt.objects.filter(answered_count=number)) == []
        assert answered.all(number) == []
    # The count's update with a total no small integer holds: counted, not finished, no error.
    assert ANSWER_COUNTED.run(1.0, 40_000, timezone.now(), attempt.pk) == 1
    attempt.refresh_from_db()
    assert attempt.answered_count == 1 and attempt.finished_at is None


def test_a_change_to_an_argument_on_its_way_to_the_sql_is_refused():
    # Compiling twice catches a change that moves the markers; one that leaves positive numbers
    # as they are (abs(), max(n, 0)) cannot be told from none, and quizzes/compiled.py says so.
    attempt = attempt_start(question_set=make_question_set(questions=1), student_key="a")
    for build in (
        lambda n: Attempt.objects.filter(pk=attempt.pk, answered_count=n + 1),
        lambda n: Attempt.objects.filter(pk=attempt.pk, answered_count=n // 2),
    ):
        with pytest.raises(ValueError, match="not a parameter"):
            CompiledQuery(build, int).first(-1)


def test_the_update_counts_a_score_as_the_orm_adds_it():
    question_set = make_question_set(questions=4)
    compiled = attempt_start(question_set=question_set, student_key="a")
    orm = attempt_start(question_set=question_set, student_key="b")
    scores = [0.1, 0.2, 0.0, 1 / 3]
    for number, score in enumerate(scores):
        count_both(compiled, orm, score, 3, timezone.now())
        assert compiled.score == orm.score, number
        assert compiled.answered_count == orm.answered_count == number + 1
    assert compiled.finished_at is not None and orm.finished_at is not None


def test_a_compiled_update_changes_only_its_row_and_the_fields_it_names():
    question_set = make_question_set(questions=2)
    mine = attempt_start(question_set=question_set, student_key="a")
    other = attempt_start(question_set=question_set, student_key="b")
    before = Attempt.objects.values().get(pk=other.pk)
    ANSWER_COUNTED.run(1.0, 1, timezone.now(), mine.pk)
    ANSWER_COUNTED.run(1.0, 1, timezone.now(), mine.pk)
    assert Attempt.objects.values().get(pk=other.pk) == before
    mine_after = Attempt.objects.values().get(pk=mine.pk)
    assert mine_after["question_ids"] == mine.question_ids
    assert mine_after["student_key"] == "a" and mine_after["seed"] == mine.seed


def test_the_markers_never_match_a_real_row():
    # An attempt whose number is a marker (30000) is read as any other.
    question_set = make_question_set(questions=1)
    attempt = attempt_start(question_set=question_set, student_key="a")
    Attempt.objects.filter(pk=attempt.pk).update(answered_count=30_000)
    answered = CompiledQuery(lambda n: Attempt.objects.filter(answered_count=n), int)
    assert [found.pk for found in answered.all(30_000)] == [attempt.pk]
    assert answered.all(31_000) == []
    # A class open since forever hides at a marker's time as at any other.
    assignment = graded(question_set, make_teacher("t"))
    marker_time = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(microseconds=2)
    assert HIDING_CLOSES_AT.first(question_set.pk, marker_time) == assignment.closes_at
    assert hiding_closes_at(question_set.pk, marker_time).first() == assignment.closes_at

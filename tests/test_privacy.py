"""What the site keeps about students, and each way it is deleted: the daily purge, a teacher's
deletion of one class's answers, and a student's erasure of their own practice answers."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from quizzes.models import Answer, Assignment, Attempt, JoinThrottle
from tests.factories import logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


def make_attempt(question_set, *, key, assignment=None, days_old=0, answers=2):
    """An attempt of ``key`` with ``answers`` answers, started ``days_old`` days ago."""
    questions = list(question_set.questions.all())
    attempt = Attempt.objects.create(
        question_set=question_set,
        assignment=assignment,
        student_key=key,
        display_name="Olena" if assignment else "",
        question_ids=[question.pk for question in questions],
        seed=1,
    )
    for question in questions[:answers]:
        Answer.objects.create(attempt=attempt, question=question, selected=[], score=0)
    if days_old:
        started = timezone.now() - timedelta(days=days_old)
        Attempt.objects.filter(pk=attempt.pk).update(started_at=started)
    return attempt


def make_assignment(owner, question_set, *, closed_days_ago=None, title="Class"):
    now = timezone.now()
    closes_at = None if closed_days_ago is None else now - timedelta(days=closed_days_ago)
    return Assignment.objects.create(
        title=title, question_set=question_set, owner=owner, closes_at=closes_at
    )


def surviving(*attempts):
    """Which of these attempts are still in the database, and how many answers each keeps."""
    return {
        attempt.pk: Answer.objects.filter(attempt_id=attempt.pk).count()
        for attempt in attempts
        if Attempt.objects.filter(pk=attempt.pk).exists()
    }


@pytest.fixture
def question_set():
    return make_question_set(questions=3)


# The daily purge


def test_purge_deletes_practice_attempts_once_they_are_older_than_the_retention_period(
    question_set,
):
    kept = make_attempt(question_set, key="student-a", days_old=364)
    gone = make_attempt(question_set, key="student-a", days_old=366)
    other_student = make_attempt(question_set, key="student-b", days_old=10)

    call_command("purge", stdout=StringIO())

    assert surviving(kept, gone, other_student) == {kept.pk: 2, other_student.pk: 2}


def test_purge_deletes_a_class_only_a_retention_period_after_its_assignment_closed(question_set):
    teacher = make_teacher("ms-kovalenko")
    long_closed = make_assignment(teacher, question_set, closed_days_ago=366, title="2024")
    closed_within = make_assignment(teacher, question_set, closed_days_ago=364, title="2025")
    just_closed = make_assignment(teacher, question_set, closed_days_ago=1, title="Last week")
    open_ended = make_assignment(teacher, question_set, title="Never closes")
    gone = make_attempt(question_set, key="a", assignment=long_closed, days_old=400)
    kept = [
        make_attempt(question_set, key="b", assignment=closed_within, days_old=400),
        make_attempt(question_set, key="c", assignment=just_closed, days_old=400),
        make_attempt(question_set, key="d", assignment=open_ended, days_old=400),
    ]

    call_command("purge", stdout=StringIO())

    assert surviving(gone, *kept) == {attempt.pk: 2 for attempt in kept}
    assert Assignment.objects.filter(pk=long_closed.pk).exists()


def test_purge_follows_the_retention_setting(question_set, settings):
    settings.RETENTION_DAYS = 30
    kept = make_attempt(question_set, key="a", days_old=29)
    gone = make_attempt(question_set, key="a", days_old=31)

    call_command("purge", stdout=StringIO())

    assert surviving(kept, gone) == {kept.pk: 2}


def test_purge_deletes_wrong_code_counts_once_their_window_is_over():
    now = timezone.now()
    for key, minutes in [("session:live", 14), ("session:over", 16), ("code:ABCDEFGH", 180)]:
        JoinThrottle.objects.create(
            key=key, failures=10, window_started=now - timedelta(minutes=minutes)
        )

    call_command("purge", stdout=StringIO())

    assert list(JoinThrottle.objects.values_list("key", flat=True)) == ["session:live"]


def test_purge_says_what_it_deleted(question_set):
    teacher = make_teacher("ms-kovalenko")
    closed = make_assignment(teacher, question_set, closed_days_ago=400)
    make_attempt(question_set, key="a", days_old=366, answers=3)
    make_attempt(question_set, key="b", assignment=closed, answers=1)
    JoinThrottle.objects.create(
        key="session:x", failures=1, window_started=timezone.now() - timedelta(hours=1)
    )
    out = StringIO()

    call_command("purge", stdout=out)

    assert out.getvalue().startswith("Deleted (kept for 365 days: before ")
    assert "practice attempts: 1 (answers: 3)" in out.getvalue()
    assert "class attempts, assignment closed: 1 (answers: 1)" in out.getvalue()
    assert "join-limit records: 1" in out.getvalue()


def test_purge_dry_run_counts_and_deletes_nothing(question_set):
    teacher = make_teacher("ms-kovalenko")
    closed = make_assignment(teacher, question_set, closed_days_ago=400)
    make_attempt(question_set, key="a", days_old=366, answers=3)
    make_attempt(question_set, key="b", assignment=closed, answers=1)
    JoinThrottle.objects.create(
        key="session:x", failures=1, window_started=timezone.now() - timedelta(hours=1)
    )
    before = (Attempt.objects.count(), Answer.objects.count(), JoinThrottle.objects.count())
    out = StringIO()

    call_command("purge", "--dry-run", stdout=out)

    assert out.getvalue().startswith("Would delete (kept for 365 days: before ")
    assert "practice attempts: 1 (answers: 3)" in out.getvalue()
    assert "class attempts, assignment closed: 1 (answers: 1)" in out.getvalue()
    assert "join-limit records: 1" in out.getvalue()
    after = (Attempt.objects.count(), Answer.objects.count(), JoinThrottle.objects.count())
    assert after == before


# A teacher deletes one class's answers


@pytest.fixture
def two_teachers(question_set):
    """Two teachers with a class each, a second class of the first, and a practice attempt."""
    mine = make_teacher("ms-kovalenko")
    theirs = make_teacher("mr-smith")
    classes = {
        "mine": make_assignment(mine, question_set, title="Year 10"),
        "my other": make_assignment(mine, question_set, title="Year 11"),
        "theirs": make_assignment(theirs, question_set, title="Year 9"),
    }
    attempts = {
        "mine": [
            make_attempt(question_set, key="a", assignment=classes["mine"], answers=3),
            make_attempt(question_set, key="b", assignment=classes["mine"], answers=1),
        ],
        "my other": [make_attempt(question_set, key="a", assignment=classes["my other"])],
        "theirs": [make_attempt(question_set, key="c", assignment=classes["theirs"])],
        "practice": [make_attempt(question_set, key="a")],
    }
    return mine, theirs, classes, attempts


def delete_data_url(assignment):
    return f"/admin/quizzes/assignment/{assignment.pk}/delete-data/"


def test_teacher_sees_what_deleting_a_class_removes_before_it_goes(two_teachers):
    mine, _, classes, _ = two_teachers

    response = logged_in(mine).get(delete_data_url(classes["mine"]))

    assert response.status_code == 200
    assert "This deletes 2 attempts and 4 answers" in response.text
    assert 'method="post"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert Attempt.objects.filter(assignment=classes["mine"]).count() == 2


def test_teacher_deletes_every_answer_of_their_class_and_nothing_else(two_teachers):
    mine, _, classes, attempts = two_teachers
    others = attempts["my other"] + attempts["theirs"] + attempts["practice"]

    response = logged_in(mine).post(delete_data_url(classes["mine"]), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/assignment/{classes['mine'].pk}/results/")
    assert "Deleted 2 attempts and 4 answers of “Year 10”." in response.text
    assert surviving(*attempts["mine"], *others) == {attempt.pk: 2 for attempt in others}
    assert Assignment.objects.filter(pk=classes["mine"].pk).exists()


def test_teacher_cannot_delete_another_teachers_class(two_teachers):
    mine, _, classes, attempts = two_teachers
    client = logged_in(mine)

    assert client.get(delete_data_url(classes["theirs"])).status_code == 404
    assert client.post(delete_data_url(classes["theirs"])).status_code == 404
    assert surviving(*attempts["theirs"]) == {attempts["theirs"][0].pk: 2}


def test_deleting_a_class_needs_a_signed_in_teacher_and_a_csrf_token(two_teachers):
    mine, _, classes, attempts = two_teachers
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(mine)

    anonymous = Client().post(delete_data_url(classes["mine"]))
    without_token = strict.post(delete_data_url(classes["mine"]))

    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert without_token.status_code == 403
    assert Attempt.objects.filter(assignment=classes["mine"]).count() == 2


def test_class_pages_link_to_deleting_its_answers(two_teachers):
    mine, _, classes, _ = two_teachers
    client = logged_in(mine)
    url = delete_data_url(classes["mine"])

    change = client.get(f"/admin/quizzes/assignment/{classes['mine'].pk}/change/")
    results = client.get(f"/admin/quizzes/assignment/{classes['mine'].pk}/results/")

    assert f'href="{url}"' in change.text
    assert f'href="{url}"' in results.text


# A student erases their own practice answers


ERASE = "/privacy/erase/"


def test_student_erases_their_practice_answers_and_keeps_their_class_answers(
    client, student, question_set
):
    mine = student.start(question_set)
    student.answer(mine, 1, student.right_answer(mine, 1))
    key = mine.student_key
    older = make_attempt(question_set, key=key, days_old=3)
    class_ = make_assignment(make_teacher("ms-kovalenko"), question_set)
    in_class = make_attempt(question_set, key=key, assignment=class_)
    another_browser = make_attempt(question_set, key="someone-else")

    response = client.post(ERASE, follow=True)

    assert response.redirect_chain == [("/privacy/", 302)]
    assert "Erased 2 practice attempts and 3 answers from this browser." in response.text
    assert surviving(mine, older, in_class, another_browser) == {
        in_class.pk: 2,
        another_browser.pk: 2,
    }


def test_erasing_in_a_browser_without_answers_changes_nothing(client, question_set):
    make_attempt(question_set, key="someone-else")

    response = client.post(ERASE, follow=True)

    assert "This browser had no practice answers to erase." in response.text
    assert Attempt.objects.filter(student_key="someone-else").count() == 1


def test_erasing_needs_a_post_with_a_csrf_token(student, question_set):
    attempt = student.start(question_set)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = student.client.cookies

    assert strict.get(ERASE).status_code == 405
    assert strict.post(ERASE).status_code == 403
    assert Attempt.objects.filter(pk=attempt.pk).exists()


def test_quiz_list_offers_erasing_once_the_browser_has_answered(client, student, question_set):
    assert ERASE not in client.get("/quizzes/").text

    student.start(question_set)

    page = client.get("/quizzes/").text
    assert f'action="{ERASE}"' in page
    assert "Erase my practice answers in this browser" in page


# The page that says what the site keeps


def test_privacy_page_says_what_is_kept_and_for_how_long(client, settings):
    settings.RETENTION_DAYS = 200

    response = client.get("/privacy/")

    assert response.status_code == 200
    for words in [
        "A random key in this browser's session cookie",
        "expires 30 days after it was set",
        "The name you type when you join a class",
        "No IP address in the site's database",
        "10 wrong codes within 15 minutes",
        "Practice attempts (outside a class) are deleted 200 days after they were started.",
        "deleted 200 days after its assignment closes",
        "This browser has no practice attempts.",
    ]:
        assert words in response.text


def test_privacy_page_counts_this_browsers_attempts(client, student, question_set):
    attempt = student.start(question_set)
    teacher = make_teacher("ms-kovalenko")
    make_attempt(
        question_set,
        key=attempt.student_key,
        assignment=make_assignment(teacher, question_set),
    )

    text = client.get("/privacy/").text

    assert "This browser has 1 practice attempt." in text
    assert "This browser has 1 attempt in a class." in text


def test_every_page_and_the_join_page_link_to_the_privacy_page(client):
    home = client.get("/").text
    join = client.get("/join/").text

    assert 'href="/privacy/">What this site keeps</a>' in home
    assert 'href="/privacy/">What this site keeps, and for how long</a>' in join
    assert "https://creativecommons.org/licenses/by/4.0/" in home
    assert "“Neutrality, explained, CC BY 4.0”" in home

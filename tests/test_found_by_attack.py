"""What an outsider's attack on the student's question, answer, results and live pages found.

Each test is a request a student (or anyone with a browser) can send. The ones marked xfail are
holes still open: they pass once the hole is closed, and then the mark must go (strict).
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from quizzes.interchange.sets import question_set_duplicate
from quizzes.models import Answer, Assignment, QuestionSet
from tests.factories import (
    Student,
    logged_in,
    make_question_set,
    make_teacher,
    shipped_content,
)
from tests.test_audience import SECRETS, assign, join

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def teacher():
    return make_teacher("ms_kovalenko")


def secrets_in(html: str) -> list[str]:
    return [secret for secret in SECRETS if secret in html]


def live_class(question_set, owner, **fields):
    """A teacher-paced class that shows answers after each question, with question 1 open."""
    return assign(
        question_set,
        owner,
        reveal=Assignment.Reveal.AFTER_EACH,
        pace=Assignment.Pace.TEACHER,
        current_question=1,
        **fields,
    )


def test_an_answer_sent_with_htmx_in_a_live_class_carries_no_answer_key(client, teacher):
    # The browser follows HX-Redirect to the waiting page, but the body came first: read with the
    # browser's network panel, it told the student the right answer and the explanation before
    # the teacher showed them to the class.
    paced = live_class(make_question_set(questions=2, owner=teacher), teacher)
    student = Student(client)
    attempt = join(client, paced)

    response = student.answer(attempt, 1, student.wrong_answer(attempt, 1), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/attempts/{attempt.pk}/live/"
    html = response.content.decode()
    assert not secrets_in(html), secrets_in(html)
    assert "Answer saved." in html
    assert "Your teacher will show the answer to everyone when the class has answered." in html
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_the_results_page_waits_for_a_live_class_to_end(client, teacher):
    # Once a student had answered the last question, /attempts/N/results/ showed every answer key,
    # the last question's before the teacher had shown it, and any question the teacher skipped.
    question_set = make_question_set(questions=2, owner=teacher)
    paced = live_class(question_set, teacher)
    student = Student(client)
    attempt = join(client, paced)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    Assignment.objects.filter(pk=paced.pk).update(current_question=2)
    student.answer(attempt, 2, student.wrong_answer(attempt, 2))

    for url in (f"/attempts/{attempt.pk}/results/", f"/uk/attempts/{attempt.pk}/results/"):
        response = client.get(url + "?show=all")
        assert response.status_code == 302
        assert response["Location"].endswith(f"/attempts/{attempt.pk}/live/")
        waiting = client.get(response["Location"]).content.decode()
        assert not secrets_in(waiting), secrets_in(waiting)

    # The teacher ends the class: the results, with the answers, are the student's to read.
    Assignment.objects.filter(pk=paced.pk).update(phase=Assignment.Phase.FINISHED)
    assert client.get(f"/attempts/{attempt.pk}/live/")["Location"] == (
        f"/attempts/{attempt.pk}/results/"
    )
    results = client.get(f"/attempts/{attempt.pk}/results/")
    assert results.status_code == 200
    assert "The correct answer:" in results.content.decode()
    assert "0 out of 2" in results.content.decode()


def test_a_live_class_reopened_after_the_teacher_ended_it_leads_to_the_results(client, teacher):
    # The teacher ends the class (it closes), then gives it a later closing time in the admin:
    # the results page sent the student to their unanswered question 2, which sent them to the
    # live page, which sent them back to the results, round and round.
    paced = live_class(make_question_set(questions=2, owner=teacher), teacher)
    student = Student(client)
    attempt = join(client, paced)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    ended = logged_in(teacher).post(
        f"/teach/classes/{paced.pk}/move/", {"action": "finish", "question": 1}
    )
    assert ended.status_code == 302
    paced.refresh_from_db()
    paced.closes_at = timezone.now() + timedelta(hours=1)
    paced.save()

    for url in (f"/attempts/{attempt.pk}/results/", f"/attempts/{attempt.pk}/2/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1:] in ([], [(f"/attempts/{attempt.pk}/results/", 302)])
        assert "Your score: 0 out of 2" in response.content.decode()


def test_an_assignment_opened_closed_and_reopened_while_pages_are_cached(client, teacher):
    # The question cache serves results pages now; whether the answers are hidden is asked anew
    # on every request, in both languages, whichever page the student opens.
    question_set = make_question_set(
        questions=3, owner=teacher, audience=QuestionSet.Audience.PRACTICE
    )
    student = Student(client)
    attempt = student.start(question_set)
    for number in range(1, 4):
        student.answer(attempt, number, student.wrong_answer(attempt, number))
    urls = [
        f"{language}/attempts/{attempt.pk}/{path}"
        for language in ("", "/uk")
        for path in ("1/", "3/", "results/", "results/?show=all")
    ]

    def pages():
        for url in urls:
            for headers in ({}, HTMX):
                response = client.get(url, headers=headers)
                assert response.status_code == 200, url
                yield url, response.content.decode()

    assert all("Not quite." in html for url, html in pages() if not url.startswith("/uk"))

    test = assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE)
    assert [(url, secrets_in(html)) for url, html in pages() if secrets_in(html)] == []

    test.closes_at = timezone.now() - timedelta(seconds=1)
    test.save()
    assert "0 out of 3" in client.get(f"/attempts/{attempt.pk}/results/").content.decode()

    test.closes_at = timezone.now() + timedelta(hours=1)
    test.save()
    assert [(url, secrets_in(html)) for url, html in pages() if secrets_in(html)] == []


@pytest.mark.parametrize("attempt_id", ["0", "2147483648", "9223372036854775808", "1" + "0" * 30])
def test_a_huge_or_zero_attempt_id_is_not_found_on_every_student_page(client, attempt_id):
    for path in ("1/", "results/", "live/", "live/status/"):
        assert client.get(f"/attempts/{attempt_id}/{path}").status_code == 404, path
    assert client.post(f"/attempts/{attempt_id}/1/", {"choice": "1"}).status_code == 404


def test_a_huge_or_zero_question_number_is_not_found(client, teacher):
    question_set = make_question_set(
        questions=2, owner=teacher, audience=QuestionSet.Audience.PRACTICE
    )
    student = Student(client)
    attempt = student.start(question_set)
    for number in ("0", "3", "2147483648", "1" + "0" * 30):
        assert student.page(attempt, number).status_code == 404
        assert student.answer(attempt, number, {"choice": "1"}, headers=HTMX).status_code == 404
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_a_graded_copy_hides_its_sibling_after_the_original_is_deleted(client, teacher):
    original = make_question_set(questions=2, owner=teacher)
    graded = question_set_duplicate(question_set=original, owner=teacher)
    homework = question_set_duplicate(question_set=original, owner=teacher)
    QuestionSet.objects.filter(pk__in=[graded.pk, homework.pk]).update(is_published=True)
    deleted = logged_in(teacher).post(
        f"/admin/quizzes/questionset/{original.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not QuestionSet.objects.filter(pk=original.pk).exists()
    assign(graded, teacher, reveal=Assignment.Reveal.AFTER_CLOSE, title="10A, graded")
    open_book = assign(homework, teacher, reveal=Assignment.Reveal.AFTER_EACH, title="10B")
    student = Student(client)
    attempt = join(client, open_book)

    page = student.answer(attempt, 1, student.wrong_answer(attempt, 1), follow=True)

    assert not secrets_in(page.content.decode())


def test_choices_reordered_while_a_student_reads_refuse_the_answer_and_show_them_again(teacher):
    question_set = make_question_set(
        questions=1, owner=teacher, audience=QuestionSet.Audience.PRACTICE
    )
    student = Student(Client())
    attempt = student.start(question_set)
    assert student.page(attempt, 1).status_code == 200
    picked = student.right_answer(attempt, 1)  # "Choice 1", the right one, shown first
    question = question_set.questions.get()
    first, second = question.choices.get(position=1), question.choices.get(position=2)
    page = student.client.get(f"/attempts/{attempt.pk}/1/").text
    layout = re.search(r'name="layout" value="([0-9a-f]+)"', page)[1]
    first.position, second.position = 5, 1  # the teacher moves "Choice 2" to the top
    first.save()
    second.save()

    refused = student.answer(attempt, 1, {**picked, "layout": layout})

    # Refused, with the question shown again as it is now and nothing picked, never read in the
    # new order; an answer to the new page is recorded as picked.
    assert refused.status_code == 422
    assert "was changed while you were reading it" in refused.text
    assert " checked>" not in refused.text
    assert not Answer.objects.filter(attempt=attempt).exists()
    again = re.search(r'name="layout" value="([0-9a-f]+)"', refused.text)[1]
    assert again != layout
    student.answer(attempt, 1, {**student.right_answer(attempt, 1), "layout": again})
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.selected, answer.score) == ([first.pk], 1)


def answer_after_a_delete(monkeypatch, remove, headers):
    """A student's answer to question 1 of a practice set, whose save first deletes what ``remove``
    picks from its arguments, as a teacher (or the daily clean-up) could between the page loading
    the attempt and the answer's INSERT. Returns the response and the attempt."""
    from quizzes import views

    shipped_content()
    question_set = make_question_set(questions=2, audience=QuestionSet.Audience.PRACTICE)
    student = Student(Client())
    attempt = student.start(question_set)
    answer = student.right_answer(attempt, 1)
    save = views.attempt_answer

    def save_after_the_delete(**kwargs):
        row = remove(kwargs)  # deleted by another process: this one's object keeps its id
        type(row).objects.filter(pk=row.pk).delete()
        return save(**kwargs)

    monkeypatch.setattr(views, "attempt_answer", save_after_the_delete)
    return student.answer(attempt, 1, answer, headers=headers), attempt


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_an_answer_to_an_attempt_deleted_meanwhile_is_not_found_and_saves_nothing(
    monkeypatch, headers
):
    response, _ = answer_after_a_delete(monkeypatch, lambda saving: saving["attempt"], headers)

    assert response.status_code == 404
    assert "This quiz is not available." in response.text
    assert not Answer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_answer_to_a_question_deleted_meanwhile_says_it_was_removed(monkeypatch):
    response, attempt = answer_after_a_delete(monkeypatch, lambda saving: saving["question"], HTMX)

    assert response.status_code == 410
    assert "removed from the quiz" in response.text
    assert not Answer.objects.exists()
    attempt.refresh_from_db()
    assert (attempt.answered_count, attempt.score) == (0, 0)

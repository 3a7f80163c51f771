"""A student's path: the quiz list in reading order with this browser's progress, the join
confirmation with a name that can be corrected, feedback that reads as feedback, and a meta
description on every page."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from explainer.models import Section
from quizzes.models import Assignment, Attempt, QuestionSet
from tests.factories import Student, make_question_set

pytestmark = pytest.mark.django_db


def card_titles(body: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', body)]


def card_of(body: str, title: str) -> str:
    return body.split(f">{title}</a></h2>", 1)[1].split("</li>", 1)[0]


def move_to_section(question_set, number):
    question_set.questions.update(section=Section.objects.get(number=number))


def test_the_quiz_list_follows_the_explainer_not_the_alphabet(client):
    last = Section.objects.order_by("-number").first().number
    early = make_question_set(title="Zebra quiz on part one", questions=2)
    late = make_question_set(title="Aardvark quiz on the last part", questions=2)
    move_to_section(early, 1)
    move_to_section(late, last)
    titles = card_titles(client.get("/quizzes/").content.decode())
    assert titles.index("Zebra quiz on part one") < titles.index("Aardvark quiz on the last part")
    # The shipped sets too: each by the first section its questions test.
    by_first_section = sorted(
        QuestionSet.objects.for_practice(),
        key=lambda s: (min(q.section.number for q in s.questions.all()), s.title),
    )
    assert titles == [s.title for s in by_first_section]


def test_each_quiz_says_its_length_in_questions_and_minutes(client):
    make_question_set(title="Seven questions", questions=7)
    body = client.get("/quizzes/").content.decode()
    assert "7 questions · about 7 minutes" in card_of(body, "Seven questions")


def test_the_list_shows_in_progress_and_done_for_this_browser_only(student):
    unfinished = make_question_set(title="Half done", questions=4)
    finished = make_question_set(title="All done", questions=3)
    attempt = student.start(unfinished)
    for number in (1, 2):
        student.answer(attempt, number, student.right_answer(attempt, number))
    attempt = student.start(finished)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    for number in (2, 3):
        student.answer(attempt, number, student.right_answer(attempt, number))

    body = student.client.get("/quizzes/").content.decode()
    assert "<strong>In progress:</strong> 2 of 4 answered." in card_of(body, "Half done")
    assert "<strong>Done: 2 of 3</strong>" in card_of(body, "All done")

    other = Client().get("/quizzes/").content.decode()
    assert "In progress" not in other and "Done" not in other


def test_the_list_hides_a_score_while_a_class_keeps_the_answers_hidden(student):
    question_set = make_question_set(title="Graded elsewhere", questions=2)
    attempt = student.start(question_set)
    for number in (1, 2):
        student.answer(attempt, number, student.right_answer(attempt, number))
    Assignment.objects.create(
        title="10B",
        question_set=question_set,
        owner=get_user_model().objects.create_user("teacher"),
        closes_at=timezone.now() + timedelta(hours=1),
        reveal=Assignment.Reveal.AFTER_CLOSE,
    )
    card = card_of(student.client.get("/quizzes/").content.decode(), "Graded elsewhere")
    assert "<strong>Done</strong>" in card
    assert "2 of 2" not in card


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/quizzes/").status_code == 200
    return len(queries)


def test_the_list_reads_this_browsers_attempts_in_one_query(student):
    sets = [make_question_set(questions=2) for _ in range(2)]
    student.start(sets[0])
    few = list_queries(student.client)
    sets += [make_question_set(questions=2) for _ in range(4)]
    for question_set in sets:
        attempt = student.start(question_set)
        student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert list_queries(student.client) == few


# Joining: the class, the set and the name, and a correction before the first answer.


@pytest.fixture
def assignment():
    return Assignment.objects.create(
        title="Year 10 history, set B",
        question_set=make_question_set(title="Joined set", questions=3),
        owner=get_user_model().objects.create_user("teacher"),
    )


def join(client, assignment, name="Ana Typo"):
    response = client.post("/join/", {"code": assignment.join_code, "name": name}, follow=True)
    assert response.status_code == 200
    return response, Attempt.objects.get(assignment=assignment, display_name=name)


def test_after_joining_the_student_sees_the_class_the_set_and_their_name(client, assignment):
    response, _ = join(client, assignment)
    body = response.content.decode()
    assert "You joined “Year 10 history, set B”" in body
    assert "the quiz “Joined set”" in body
    assert "under the name <strong>Ana Typo</strong>" in body
    assert 'name="display_name"' in body


def test_the_student_corrects_their_name_before_the_first_question(client, assignment):
    _, attempt = join(client, assignment)
    url = f"/attempts/{attempt.pk}/1/"
    response = client.post(url, {"display_name": "  Ana   Lopez "})
    assert response.status_code == 302 and response["Location"] == url
    attempt.refresh_from_db()
    assert attempt.display_name == "Ana Lopez"
    body = client.get(url).content.decode()
    assert "under the name <strong>Ana Lopez</strong>" in body
    assert "Saved: your teacher will see the name “Ana Lopez”." in body


def test_an_empty_name_is_refused_and_changes_nothing(client, assignment):
    _, attempt = join(client, assignment)
    response = client.post(f"/attempts/{attempt.pk}/1/", {"display_name": "   "})
    assert response.status_code == 422
    assert "Give the name your teacher should see." in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.display_name == "Ana Typo"
    assert attempt.answered_count == 0 and not attempt.answers.exists()


def test_another_browser_cannot_rename_a_students_attempt(client, assignment):
    _, attempt = join(client, assignment)
    intruder = Client()
    join(intruder, assignment, name="Someone else")
    response = intruder.post(f"/attempts/{attempt.pk}/1/", {"display_name": "Renamed"})
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.display_name == "Ana Typo"


def test_the_name_is_fixed_once_the_first_answer_is_in(client, assignment):
    _, attempt = join(client, assignment)
    student = Student(client)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert "Change your name" not in student.page(attempt, 2).content.decode()
    response = client.post(f"/attempts/{attempt.pk}/2/", {"display_name": "Late fix"})
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.display_name == "Ana Typo"
    assert attempt.answers.count() == 1


def test_a_practice_attempt_has_no_name_to_change(student):
    attempt = student.start(make_question_set(questions=2))
    assert "Change your name" not in student.page(attempt, 1).content.decode()
    response = student.client.post(f"/attempts/{attempt.pk}/1/", {"display_name": "Ana"})
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.display_name == "" and attempt.answered_count == 0


# The question and its feedback.


def test_focus_starts_on_the_question_and_the_answer_area_is_no_live_region(student):
    attempt = student.start(make_question_set(questions=2))
    body = student.page(attempt, 1).content.decode()
    assert re.search(r'<fieldset class="question" tabindex="-1" autofocus', body)
    assert "aria-live" not in body.split('id="answer-area"', 1)[0].rsplit("<div", 1)[1]
    assert "aria-live" not in body.split('id="answer-area"', 1)[1]


def test_feedback_gives_the_verdict_and_explanation_first_and_folds_the_choice_notes(student):
    attempt = student.start(make_question_set(questions=1, kinds=("multiple",)))
    shown = student.shown(attempt, 1)
    wrong = [i for i, c in enumerate(shown, start=1) if not c.is_correct]
    body = student.answer(attempt, 1, {"choice": wrong}, follow=True).content.decode()
    feedback = body.split('<section class="feedback', 1)[1].split("</section>", 1)[0]
    order = [feedback.index(s) for s in ("Not quite.", "Explanation 1", "Your answer:")]
    assert order == sorted(order)
    notes = feedback.split('<details class="choice-notes">', 1)[1].split("</details>", 1)[0]
    assert "Why 2 of your choices are not right" in notes
    for choice in shown:
        if not choice.is_correct:
            assert choice.feedback in notes


def test_ordering_feedback_marks_each_item_in_place_or_not(student):
    attempt = student.start(make_question_set(questions=1, kinds=("ordering",)))
    shown = student.shown(attempt, 1)
    # Swap the first two items, keep the others in their places.
    positions = {c.pk: c.correct_position for c in shown}
    first, second = sorted(shown, key=lambda c: c.correct_position)[:2]
    positions[first.pk], positions[second.pk] = 2, 1
    data = {f"position-{i}": positions[c.pk] for i, c in enumerate(shown, start=1)}
    body = student.answer(attempt, 1, data, follow=True).content.decode()
    given = body.split("Your answer:", 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", given)
    assert len(items) == len(shown)
    assert "belongs at 2" in items[0] and "belongs at 1" in items[1]
    assert all("right place" in item for item in items[2:])


# A meta description on every page, from its content.


def description(body: str) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', body)
    assert len(found) == 1, found
    return html.unescape(found[0])


def test_every_page_has_a_meta_description_from_its_content(student):
    question_set = make_question_set(questions=1)
    section = Section.objects.order_by("number").first()
    attempt = student.start(question_set)
    question_page = student.page(attempt, 1).content.decode()
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    pages = {
        "/": "permanently neutral",
        section.get_absolute_url(): section.summary,
        "/glossary/": "The words",
        "/timeline/": "timeline",
        "/sources/": "Every source",
        "/quizzes/": "Quizzes",
        question_set.get_absolute_url(): question_set.description,
        "/join/": "Join your class",
        f"/attempts/{attempt.pk}/results/": question_set.title,
        "/privacy/": "What this site keeps",
        "/no-such-page/": "nothing at this address",
    }
    for path, expected in pages.items():
        assert expected in description(student.client.get(path).content.decode()), path
    assert question_set.title in description(question_page)


def test_every_page_masks_its_csrf_token_afresh_so_compression_leaks_nothing():
    """docs/deploy.md compresses pages at the proxy: safe because the token never repeats."""
    client = Client(enforce_csrf_checks=True)
    pattern = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    first = re.search(pattern, client.get("/join/").content.decode()).group(1)
    second = re.search(pattern, client.get("/join/").content.decode()).group(1)
    assert first != second
    assert (
        client.post("/join/", {"csrfmiddlewaretoken": first, "code": "", "name": ""}).status_code
        == 422
    )

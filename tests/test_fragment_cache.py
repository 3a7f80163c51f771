"""Parts of pages rendered once per process and reused: each shows only what its key names.

The header and footer are kept per language; the feedback on an answer and a results page's
review item per question version, answer and language; a question page not answered yet whole,
per question version, order of choices, number, class and language, with its CSRF token and
addresses filled in for each request (config/settings.py, CACHES; quizzes/rendered.py). Each test
first fills the cache the way one student would, then checks that another request, which must
see something else, does.
"""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from quizzes import rendered
from quizzes.models import Attempt, Choice, QuestionSet
from tests.factories import (
    Student,
    graded,
    logged_in,
    make_question,
    make_question_set,
    make_teacher,
)

pytestmark = pytest.mark.django_db

KEY_SHOWN = ("The correct answer:", "The correct answers:")


def new_student():
    return Student(Client())


def two_students(question_set):
    """Two browsers, each with an attempt of the set: (student, attempt) twice."""
    students = new_student(), new_student()
    return [(student, student.start(question_set)) for student in students]


def feedback(student, attempt, number, data, prefix=""):
    """The htmx fragment an answer gets back; ``prefix`` "/uk" for the Ukrainian page."""
    response = student.client.post(
        f"{prefix}/attempts/{attempt.pk}/{number}/", data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200, response.content
    return response.text


def section(page):
    """The feedback's own section, without the link onwards."""
    return page[page.index('<section class="feedback') : page.index("</section>")]


def test_a_wrong_answer_is_not_shown_the_feedback_cached_for_a_right_one():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)

    right = feedback(first, one, 1, first.right_answer(one, 1))
    wrong = feedback(second, two, 1, second.wrong_answer(two, 1))

    assert "Right." in right and "Not quite." not in right
    assert "Not quite." in wrong and "Right." not in wrong
    assert "Why “Choice 2” is not right" in wrong


def test_the_same_answer_shows_the_same_feedback_to_the_next_student():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)

    shown_first = feedback(first, one, 1, first.wrong_answer(one, 1))
    shown_second = feedback(second, two, 1, second.wrong_answer(two, 1))

    assert "Why “Choice 2” is not right" in section(shown_first)
    assert section(shown_first) == section(shown_second)
    # The link onwards is each student's own.
    assert two.get_absolute_url() in shown_second and one.get_absolute_url() not in shown_second


def test_an_edited_explanation_shows_at_once_though_the_old_one_was_cached():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    assert "Explanation 1" in feedback(first, one, 1, first.wrong_answer(one, 1))

    question = question_set.questions.get()
    question.explanation = "A corrected explanation"
    question.save()
    choice = Choice.objects.get(question=question, position=2)
    choice.feedback = "A corrected note on choice 2"
    choice.save()

    shown = feedback(second, two, 1, second.wrong_answer(two, 1))
    assert "A corrected explanation" in shown and "Explanation 1" not in shown
    assert "A corrected note on choice 2" in shown


def test_feedback_cached_in_english_is_not_shown_on_the_ukrainian_page():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    question = question_set.questions.get()
    question.explanation_uk = "Пояснення українською"
    question.save()
    (first, one), (second, two) = two_students(question_set)
    english = feedback(first, one, 1, first.right_answer(one, 1))

    ukrainian = feedback(second, two, 1, second.right_answer(two, 1), prefix="/uk")

    assert "Explanation 1" in english and "Right." in english
    assert "Пояснення українською" in ukrainian and "Explanation 1" not in ukrainian
    assert "Правильно." in ukrainian


def test_answers_hidden_by_a_graded_class_are_never_taken_from_the_cache():
    # A practice answer fills the cache with the revealed feedback; then a teacher opens a graded
    # assignment of the same set, and the next student to give the same answer sees no key.
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    revealed = feedback(first, one, 1, first.wrong_answer(one, 1))
    assert any(marker in revealed for marker in KEY_SHOWN)

    graded(question_set, make_teacher("ms_bondar"))
    hidden = feedback(second, two, 1, second.wrong_answer(two, 1))
    results = second.client.get(two.get_absolute_url() + "?show=all").text

    for page in (hidden, results):
        assert "The correct answers are hidden while a class is taking this quiz" in page
        assert not any(marker in page for marker in KEY_SHOWN)
        assert "Explanation 1" not in page


def answered(question_set, second_right):
    """Two students' finished attempts: the first right on every question, the second right on the
    numbers in ``second_right`` and wrong on the rest."""
    (first, one), (second, two) = two_students(question_set)
    for number in range(1, one.total + 1):
        first.answer(one, number, first.right_answer(one, number))
        answer = second.right_answer if number in second_right else second.wrong_answer
        second.answer(two, number, answer(two, number))
    return (first, one), (second, two)


def test_each_review_item_shows_its_own_question_and_answer():
    question_set = make_question_set(questions=3, shuffle_choices=False)
    (first, one), (second, two) = answered(question_set, second_right={2})
    assert first.client.get(one.get_absolute_url() + "?show=all").status_code == 200

    page = second.client.get(two.get_absolute_url() + "?show=all").text

    items = page.split("<details>")[1:]
    assert len(items) == 3
    for number, item in enumerate(items, start=1):
        prompt = question_set.questions.get(position=number).prompt
        assert f"Question {number}" in item and prompt in item
        assert ("Right." in item) == (number == 2)


def test_a_results_page_takes_the_review_items_others_rendered_and_no_more():
    # The first student's results render every item; a second student who gave the same answers
    # gets them from the cache, in one look-up, and the one different answer is rendered for them.
    question_set = make_question_set(questions=3, shuffle_choices=False)
    (first, one), (second, two) = answered(question_set, second_right={1, 2})
    first_page = first.client.get(one.get_absolute_url() + "?show=all")
    assert [t.name for t in first_page.templates].count("quizzes/_review_item.html") == 3

    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        page = second.client.get(two.get_absolute_url() + "?show=all")

    assert get_many.call_count == 1
    assert [t.name for t in page.templates].count("quizzes/_review_item.html") == 1
    items = page.text.split("<details>")[1:]
    assert [("Right." in item, "Not quite." in item) for item in items] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    ukrainian = second.client.get("/uk" + two.get_absolute_url() + "?show=all")
    assert [t.name for t in ukrainian.templates].count("quizzes/_review_item.html") == 3
    assert "Question 1" not in ukrainian.text


def test_the_language_switcher_leads_to_the_page_it_is_on_though_the_header_is_cached(client):
    pages = ["/quizzes/", "/glossary/", "/timeline/"]
    for path in pages:
        page = client.get(path).text
        assert f'name="next" value="/uk{path}"' in page
        assert page.count('name="csrfmiddlewaretoken"') == 1
    ukrainian = client.get("/uk/glossary/").text
    assert 'name="next" value="/glossary/"' in ukrainian
    assert 'href="/uk/quizzes/">Тести</a>' in ukrainian
    assert 'href="/quizzes/">Quizzes</a>' not in ukrainian


def test_the_header_in_each_language_links_to_pages_in_that_language(client):
    english = client.get("/").text
    ukrainian = client.get("/uk/").text

    assert 'href="/timeline/"' in english and 'href="/uk/timeline/"' not in english
    assert 'href="/uk/timeline/"' in ukrainian
    assert QuestionSet.objects.exists()


def fields(page):
    """The question's fieldset: its prompt and choices."""
    return page[page.index('<fieldset class="question"') : page.index("</fieldset>")]


def test_a_question_in_another_order_is_not_shown_the_fields_cached_for_the_first():
    question_set = make_question_set(questions=1, shuffle_choices=True)
    pages = {}
    for _ in range(12):
        student = new_student()
        attempt = student.start(question_set)
        page = student.page(attempt, 1).text
        order = tuple(choice.pk for choice in student.shown(attempt, 1))
        # Each student sees the choices in the order their attempt shows them.
        labels = [choice.label for choice in student.shown(attempt, 1)]
        shown = fields(page)
        assert [shown.index(f"<span>{label}</span>") for label in labels] == sorted(
            shown.index(f"<span>{label}</span>") for label in labels
        )
        pages.setdefault(order, set()).add(shown)
    # Several orders were drawn, and one order always gets the same fields.
    assert len(pages) > 1 and all(len(shown) == 1 for shown in pages.values())


def test_the_fields_show_an_edit_the_other_language_and_a_refused_answer_at_once():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    assert "<span>Choice 2</span>" in fields(first.page(one, 1).text)

    choice = Choice.objects.get(question__question_set=question_set, position=2)
    choice.text, choice.text_uk = "An edited choice", "Змінений варіант"
    choice.save()
    assert "<span>An edited choice</span>" in fields(second.page(two, 1).text)
    assert "Змінений варіант" in fields(second.client.get(f"/uk/attempts/{two.pk}/1/").text)
    assert "<span>An edited choice</span>" in fields(second.page(two, 1).text)

    # An answer refused (nothing chosen) shows its reason, not the fields cached without it.
    refused = second.client.post(f"/attempts/{two.pk}/1/", {"layout": "x"})
    assert refused.status_code == 422
    assert 'class="form-error"' in fields(refused.text)
    assert 'class="form-error"' not in fields(second.page(two, 1).text)


TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]+)')


def without_tokens(page):
    """A page with its CSRF tokens blanked: each render masks the token afresh."""
    return TOKEN.sub(r"\1", page)


def kept_whole(student, path):
    """The page at ``path`` as the cache gives it, checked against the same page rendered afresh."""
    response = student.client.get(path)
    assert response.status_code == 200
    assert response.templates == [], "rendered, not taken whole from the cache"
    cache.clear()
    fresh = student.client.get(path)
    assert [t.name for t in fresh.templates][0] == "quizzes/question.html"
    assert without_tokens(response.text) == without_tokens(fresh.text)
    return response.text


def join_class(assignment, name):
    student = new_student()
    student.client.post("/join/", {"code": assignment.join_code, "name": name})
    return student, Attempt.objects.get(assignment=assignment, display_name=name)


@pytest.mark.parametrize("prefix", ["", "/uk"])
def test_a_question_page_kept_whole_is_the_page_the_next_student_would_get_rendered(prefix):
    question_set = make_question_set(questions=2, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    assert first.client.get(f"{prefix}/attempts/{one.pk}/2/").status_code == 200

    page = kept_whole(second, f"{prefix}/attempts/{two.pk}/2/?from=list&x=<b>")

    # The student's own addresses, escaped as the template escapes them; none of the first's.
    assert f'action="{prefix}/attempts/{two.pk}/2/"' in page
    other = "" if prefix else "/uk"
    assert f'name="next" value="{other}/attempts/{two.pk}/2/?from=list&amp;x=%3Cb%3E"' in page
    assert f"/attempts/{one.pk}/" not in page


def test_a_class_page_kept_whole_shows_the_class_and_not_another_students_name():
    question_set = make_question_set(questions=2, shuffle_choices=False)
    assignment = graded(question_set, make_teacher("teacher"), title="Year 10, first class")
    students = [join_class(assignment, name) for name in ("Alina", "Bohdan")]
    for student, attempt in students:
        # Before their first answer each student sees their own name, to correct it: not kept.
        first_page = student.page(attempt, 1)
        assert first_page.templates and attempt.display_name in first_page.text
        student.answer(attempt, 1, student.right_answer(attempt, 1))
    (first, one), (second, two) = students
    first.page(one, 2)

    page = kept_whole(second, f"/attempts/{two.pk}/2/")
    assert "Year 10, first class" in page
    assert "Alina" not in page and "Bohdan" not in page

    assignment.title = "Year 10, renamed"
    assignment.save()
    assert "Year 10, renamed" in second.page(two, 2).text


def test_a_staff_preview_and_a_students_page_of_the_same_question_each_say_what_they_are():
    teacher = make_teacher("previewing")
    question_set = make_question_set(questions=1, shuffle_choices=False, owner=teacher)
    (first, one), (second, two) = two_students(question_set)
    staff = logged_in(teacher)
    assert "Preview." not in first.page(one, 1).text

    preview = staff.get(f"/preview/{question_set.pk}/1/").text

    assert "<strong>Preview.</strong>" in preview and f"/attempts/{one.pk}/" not in preview
    assert "Preview." not in second.page(two, 1).text


def test_an_edited_prompt_shows_at_once_on_a_page_kept_whole():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    first.page(one, 1)
    question = question_set.questions.get()
    question.prompt, question.prompt_uk = "An edited prompt", "Змінене запитання"
    question.save()

    assert "An edited prompt" in second.page(two, 1).text
    assert "Змінене запитання" in second.client.get(f"/uk/attempts/{two.pk}/1/").text
    assert "An edited prompt" in first.page(one, 1).text


def test_a_page_kept_whole_gives_each_request_a_token_its_answer_is_taken_with():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    first.page(one, 1)
    # A browser that has no CSRF cookie yet, and a server that checks every token.
    second.client.cookies.pop("csrftoken", None)
    second.client.handler.enforce_csrf_checks = True

    response = second.page(two, 1)
    again = second.page(two, 1)

    assert response.templates == [] and "csrftoken" in response.cookies
    tokens = {match[1] for match in TOKEN.findall(response.text)}
    assert len(tokens) == 1 and tokens != {match[1] for match in TOKEN.findall(again.text)}
    refused = second.answer(two, 1, second.right_answer(two, 1))
    assert refused.status_code == 403
    data = {**second.right_answer(two, 1), "csrfmiddlewaretoken": tokens.pop()}
    assert second.answer(two, 1, data).status_code == 302
    assert two.answers.count() == 1


def answer_kept_whole(student, attempt, number, data):
    """The fragment an answer gets back as the cache gives it, checked against the same fragment
    rendered afresh (sending the answer again changes nothing, and shows the first one)."""
    path = f"/attempts/{attempt.pk}/{number}/"
    response = student.client.post(path, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.templates == [], "rendered, not taken whole from the cache"
    cache.clear()
    fresh = student.client.post(path, data, headers={"HX-Request": "true"})
    assert "quizzes/_feedback.html" in [t.name for t in fresh.templates]
    assert response.text == fresh.text
    return response.text


def test_an_answer_kept_whole_leads_each_student_on_to_their_own_next_page():
    question_set = make_question_set(questions=2, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    shown = []
    for number in (1, 2):
        feedback(first, one, number, first.wrong_answer(one, number))
        shown.append(answer_kept_whole(second, two, number, second.wrong_answer(two, number)))
    middle, last = shown

    assert "Not quite." in middle and f'href="/attempts/{two.pk}/2/"' in middle
    assert "See your results" in last and f'href="{two.get_absolute_url()}"' in last
    assert f"/attempts/{one.pk}/" not in middle + last
    assert two.answers.count() == 2


def test_an_answer_kept_whole_knows_how_many_questions_each_attempt_has():
    # An attempt started before a question was added ends a question earlier than one started
    # after, under the same version of the set.
    question_set = make_question_set(questions=2, shuffle_choices=False)
    early = new_student()
    before = early.start(question_set)
    make_question(question_set, position=3)
    late = new_student()
    after = late.start(question_set)
    assert (before.total, after.total) == (2, 3)

    ended = feedback(early, before, 2, early.right_answer(before, 2))
    going_on = feedback(late, after, 2, late.right_answer(after, 2))

    assert "See your results" in ended and "Next question" not in ended
    assert "Next question" in going_on and f'href="/attempts/{after.pk}/3/"' in going_on


def test_every_cache_tag_keeps_its_fragment_as_long_as_the_rendered_pages():
    # A literal in the tags: a variable would be missing where Django renders a page without the
    # context processors (its CSRF failure page, which extends base.html).
    templates = Path(settings.BASE_DIR, "templates")
    tags = [
        tag
        for template in templates.rglob("*.html")
        for tag in re.findall(r"{% cache (\S+) ", template.read_text())
    ]
    assert len(tags) >= 4 and set(tags) == {str(rendered.SECONDS)}

"""An outsider's attack on four page changes: the language switcher that reverses the route the
request matched (config/language.py), the question's fields rendered once per order
(quizzes/_answer_fields.html), the feedback worked out lazily and cached (quizzes/_feedback.html,
quizzes/results.html), and static addresses looked up once per storage (config/storage.py).
"""

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import set_script_prefix, translate_url
from django.utils import timezone, translation

from config.language import this_address
from explainer.models import Section, TimelineEvent
from quizzes.models import Assignment, Choice, Question
from tests.factories import (
    Student,
    graded,
    logged_in,
    make_question_set,
    make_teacher,
)

pytestmark = pytest.mark.django_db

KEY_SHOWN = (
    "The correct answer:",
    "The correct answers:",
    "Accepted answer",
    "The correct order",
    "The correct pairs",
)


def new_student(**kwargs):
    return Student(Client(**kwargs))


def page_language(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def switcher_next(page: str) -> str:
    found = re.findall(r'name="next" value="([^"]*)"', page)
    assert len(found) == 1, found
    return html.unescape(found[0])


def expected_next(response) -> str:
    """What Django's translate_url gives for the address this response answered, resolved in the
    language the page is shown in, into the other language."""
    language = page_language(response.text)
    other = "uk" if language == "en" else "en"
    with translation.override(language):
        return translate_url(this_address(response.wsgi_request), other)


def assert_switcher_is_translate_url(response):
    assert "<html" in response.text, (response.status_code, response.text[:200])
    assert switcher_next(response.text) == expected_next(response), (
        response.wsgi_request.get_full_path(),
        response.status_code,
    )


def fields(page):
    return page[page.index('<fieldset class="question"') : page.index("</fieldset>")]


def htmx(student, attempt, number, data, prefix=""):
    response = student.client.post(
        f"{prefix}/attempts/{attempt.pk}/{number}/", data, headers={"HX-Request": "true"}
    )
    return response


def join(assignment, name="Oksana"):
    pupil = new_student()
    joined = pupil.client.post("/join/", {"code": assignment.join_code, "name": name})
    assert joined.status_code == 302, joined
    return pupil, assignment.attempts.order_by("-pk").first()


# --- The switcher: every page kind, both languages, odd addresses --------------------------------


def both(path):
    return [path, "/uk" + path]


PUBLIC_PATHS = [
    *both("/"),
    *both("/explainer/{section}/"),
    *both("/explainer/{section}/?from=search#x"),
    *both("/glossary/?q=neutrality&q=%D0%BD%D0%B5%D0%B9"),
    *both("/timeline/?year=2022&x=%3Cb%3E&amp=1"),
    *both("/sources/"),
    *both("/quizzes/"),
    *both("/quizzes/{slug}/"),
    *both("/quizzes/no-such-quiz/"),  # resolves, then the view's 404
    *both("/join/"),
    *both("/join/?code=ABCD2345"),
    *both("/privacy/"),
    *both("/no-such-page/"),  # resolves to nothing
    *both("/no-such-page/?next=//evil.example/"),
    "//evil.example/",
    "//quizzes/",
    "/uk//quizzes/",
    "/%2F%2Fevil.example/",
    "/quizzes/%D0%BA%D0%B2%D1%96%D0%B7/",
    "/uk/quizzes/%D0%BA%D0%B2%D1%96%D0%B7/",
    "/quizzes/%FF%FE/",
    "/explainer/a%20b/",
    "/en/quizzes/",
    "/uk/uk/quizzes/",
    "/attempts/999999/1/",  # resolves; no such attempt: 404
    "/uk/attempts/0/results/",
    "/attempts/00001/results/",
    "/preview/1/1/",  # staff only: the admin's login redirect, or a page
    "/teach/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_the_switcher_on_any_public_page_is_djangos_translate_url(path):
    question_set = make_question_set(questions=1)
    section = Section.objects.order_by("number").first()
    address = path.format(section=section.slug, slug=question_set.slug)
    response = Client().get(address)
    if response.status_code in (301, 302):
        return  # a redirect has no switcher
    assert_switcher_is_translate_url(response)


def test_the_switcher_on_a_students_pages_in_both_languages_and_every_state():
    teacher = make_teacher("ms_switch")
    question_set = make_question_set(questions=2, kinds=("single", "short"))
    student = new_student()
    attempt = student.start(question_set)
    pages = []
    for prefix in ("", "/uk"):
        pages.append(student.client.get(f"{prefix}/attempts/{attempt.pk}/1/?utm=x"))
        # A refused answer (nothing chosen): 422, rendered after a POST.
        pages.append(student.client.post(f"{prefix}/attempts/{attempt.pk}/1/", {"layout": "x"}))
        # Someone else's attempt: 403 after the route resolved.
        pages.append(Client().get(f"{prefix}/attempts/{attempt.pk}/1/"))
        # No such question in the attempt: 404 after the route resolved.
        pages.append(student.client.get(f"{prefix}/attempts/{attempt.pk}/9/"))
    for number in (1, 2):
        student.answer(attempt, number, student.right_answer(attempt, number))
    for prefix in ("", "/uk"):
        pages.append(student.client.get(f"{prefix}/attempts/{attempt.pk}/results/?show=all"))
        pages.append(student.client.get(f"{prefix}/attempts/{attempt.pk}/2/"))
    assignment = graded(question_set, teacher, pace=Assignment.Pace.TEACHER)
    pupil, class_attempt = join(assignment)
    for prefix in ("", "/uk"):
        pages.append(pupil.client.get(f"{prefix}/attempts/{class_attempt.pk}/live/"))
    staff = logged_in(teacher)
    for prefix in ("", "/uk"):
        pages.append(staff.get(f"{prefix}/teach/"))
        pages.append(staff.get(f"{prefix}/teach/classes/{assignment.pk}/"))
        pages.append(staff.get(f"{prefix}/teach/classes/{assignment.pk}/summary/"))
        pages.append(staff.get(f"{prefix}/teach/sets/{question_set.pk}/run/"))
        pages.append(staff.get(f"{prefix}/preview/{question_set.pk}/1/"))
        pages.append(staff.get(f"{prefix}/preview/{question_set.pk}/7/"))  # 404 in the view
        pages.append(logged_in(make_teacher(f"other{prefix[1:]}")).get(
            f"{prefix}/teach/classes/{assignment.pk}/"
        ))  # fmt: skip
    checked = 0
    for response in pages:
        if "<html" in response.text:  # not a redirect, a 405 or a fragment
            assert_switcher_is_translate_url(response)
            checked += 1
    assert checked >= 20


def test_a_post_to_an_english_address_by_a_reader_who_prefers_ukrainian_switches_like_django():
    """The language middleware neither redirects a POST nor shows it in Ukrainian: the page is
    English and its switcher leads to the Ukrainian address."""
    question_set = make_question_set(questions=1)
    student = new_student()
    attempt = student.start(question_set)
    student.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    refused = student.client.post(f"/attempts/{attempt.pk}/1/", {"layout": "x"})
    assert refused.status_code == 422 and page_language(refused.text) == "en"
    assert switcher_next(refused.text) == f"/uk/attempts/{attempt.pk}/1/"
    assert_switcher_is_translate_url(refused)
    # An unknown English address, shown in Ukrainian for that reader, stays itself.
    unknown = student.client.get("/no-such-page/?a=1")
    assert page_language(unknown.text) == "uk"
    assert switcher_next(unknown.text) == "/no-such-page/?a=1"


def test_a_csrf_failure_and_a_bad_request_page_switch_like_django():
    strict = Client(enforce_csrf_checks=True)
    for path in ("/join/", "/uk/join/", "/language/", "/uk/privacy/erase/"):
        refused = strict.post(path, {"code": "X"})
        assert refused.status_code == 403, path
        assert_switcher_is_translate_url(refused)
    # More fields than Django reads: a 400 raised while the view reads the POST.
    question_set = make_question_set(questions=1)
    student = new_student()
    attempt = student.start(question_set)
    for prefix in ("", "/uk"):
        flood = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)}
        response = student.client.post(f"{prefix}/attempts/{attempt.pk}/1/?x=1", flood)
        assert response.status_code == 400
        if "<html" in response.text:
            assert_switcher_is_translate_url(response)


def test_under_a_script_name_the_switcher_links_to_the_other_language_under_it():
    """Served under a path prefix (SCRIPT_NAME /site, as a proxy's sub-path sets it), the switcher
    reverses the route matched on PATH_INFO: the Ukrainian page under the same prefix. (Django's
    translate_url resolves the full path "/site/quizzes/", finds no route and would link to the
    English page again.)"""
    set_script_prefix("/site/")  # what WSGIHandler does before each request
    try:
        response = Client().get("/quizzes/?x=1", SCRIPT_NAME="/site")
        assert response.status_code == 200
        assert response.wsgi_request.get_full_path() == "/site/quizzes/?x=1"
        assert switcher_next(response.text) == "/site/uk/quizzes/?x=1"
    finally:
        set_script_prefix("/")


# --- The fields cache ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["single", "multiple", "matching", "ordering", "true_false"])
def test_one_order_always_sees_the_same_fields_and_another_never_sees_them(kind):
    question_set = make_question_set(questions=1, kinds=(kind,), shuffle_choices=True)
    by_order = {}
    for _ in range(10):
        student = new_student()
        attempt = student.start(question_set)
        shown = fields(student.page(attempt, 1).text)
        order = tuple(choice.pk for choice in student.shown(attempt, 1))
        labels = [choice.label for choice in student.shown(attempt, 1)]
        positions = [shown.index(f">{html.escape(label)}</") for label in labels]
        assert positions == sorted(positions), (order, shown)
        by_order.setdefault(order, set()).add(shown)
    assert all(len(seen) == 1 for seen in by_order.values())
    if kind != "true_false":
        assert len(by_order) > 1


def test_the_fields_never_name_a_choice_or_whether_it_is_right():
    question_set = make_question_set(
        questions=4, kinds=("single", "multiple", "matching", "ordering")
    )
    student = new_student()
    attempt = student.start(question_set)
    ids = {str(pk) for pk in Choice.objects.filter(question__question_set=question_set).values_list(
        "pk", flat=True
    )}  # fmt: skip
    for number in range(1, 5):
        for _ in range(2):  # rendered, then from the cache
            for prefix in ("", "/uk"):
                shown = fields(student.client.get(f"{prefix}/attempts/{attempt.pk}/{number}/").text)
                assert "correct" not in shown.lower() and "is_right" not in shown
                values = set(re.findall(r'value="([^"]*)"', shown))
                positions = {str(i) for i in range(0, 9)} | {""}
                assert values <= positions, values
                assert not (set(re.findall(r"\d+", shown)) & (ids - positions))


@pytest.mark.parametrize(
    "edit",
    [
        "prompt",
        "prompt_uk",
        "choice_text",
        "choice_text_uk",
        "choice_added",
        "choice_removed",
        "kind_multiple",
        "shuffle_off",
    ],
)
def test_an_edit_of_what_the_fields_show_shows_at_once(edit):
    question_set = make_question_set(questions=1, shuffle_choices=False)
    question = Question.objects.get(question_set=question_set)
    first = new_student()
    one = first.start(question_set)
    for prefix in ("", "/uk"):
        before = fields(first.client.get(f"{prefix}/attempts/{one.pk}/1/").text)
        assert "Choice 4" in before

    choice = question.choices.get(position=4)
    expect = {"en": [], "uk": []}
    if edit == "prompt":
        question.prompt = "An *edited* prompt"
        question.save()
        expect["en"] = ["An <em>edited</em> prompt"]
    elif edit == "prompt_uk":
        question.prompt_uk = "Змінене питання"
        question.save()
        expect["uk"] = ["Змінене питання"]
    elif edit == "choice_text":
        choice.text = "Choice four, edited"
        choice.save()
        expect["en"] = expect["uk"] = ["Choice four, edited"]
    elif edit == "choice_text_uk":
        choice.text_uk = "Четвертий варіант"
        choice.save()
        expect["uk"] = ["Четвертий варіант"]
    elif edit == "choice_added":
        Choice.objects.create(question=question, position=5, text="A fifth choice")
        expect["en"] = expect["uk"] = ["A fifth choice", 'value="5"']
    elif edit == "choice_removed":
        choice.delete()
    elif edit == "kind_multiple":
        question.kind = "multiple"
        question.save()
        expect["en"] = expect["uk"] = ['type="checkbox"']
    elif edit == "shuffle_off":
        question_set.shuffle_choices = True
        question_set.save()

    second = new_student()
    two = second.start(question_set)
    for prefix, language in (("", "en"), ("/uk", "uk")):
        for student, attempt in ((first, one), (second, two)):
            shown = fields(student.client.get(f"{prefix}/attempts/{attempt.pk}/1/").text)
            for text in expect[language]:
                assert text in shown, (edit, language, shown)
            if edit == "choice_removed":
                assert "Choice 4" not in shown and 'value="4"' not in shown
            labels = [c.label for c in student.shown(attempt, 1)]
            if language == "en":
                positions = [shown.index(f"<span>{html.escape(label)}</span>") for label in labels]
                assert positions == sorted(positions)


def test_an_edited_timeline_event_shows_at_once_in_an_ordering_questions_fields():
    question_set = make_question_set(questions=1, kinds=("ordering",), shuffle_choices=False)
    student = new_student()
    attempt = student.start(question_set)
    event = Question.objects.get(question_set=question_set).choices.get(position=1).event
    assert html.escape(event.title) in fields(student.page(attempt, 1).text)
    event = TimelineEvent.objects.get(pk=event.pk)
    event.title, event.title_uk = "A renamed event", "Перейменована подія"
    event.save()
    assert "A renamed event" in fields(student.page(attempt, 1).text)
    assert "Перейменована подія" in fields(student.client.get(f"/uk/attempts/{attempt.pk}/1/").text)


@pytest.mark.parametrize(
    "kind", ["single", "multiple", "matching", "ordering", "short", "numerical"]
)
def test_a_refused_answer_neither_fills_nor_reads_the_fields_cache(kind):
    question_set = make_question_set(questions=1, kinds=(kind,), shuffle_choices=False)
    first = new_student()
    one = first.start(question_set)
    layout = re.search(r'name="layout" value="([^"]*)"', first.page(one, 1).text)
    layout = layout.group(1) if layout else ""
    clean = fields(first.page(one, 1).text)
    assert " checked" not in clean and " selected" not in clean and "form-error" not in clean
    assert "autofocus" in clean

    # Refusals of every sort, each an answer the student gave with something picked or typed.
    right = first.right_answer(one, 1)
    if kind in ("short", "numerical"):
        refusals = [{"answer": ""}, {"answer": "12abc<b>" if kind == "numerical" else "x" * 300}]
    else:
        refusals = [
            {"layout": layout},  # nothing chosen
            {**right, "layout": "0" * 16},  # a layout the question no longer has
        ]
    if kind in ("matching", "ordering"):
        partial = dict(right)
        partial.pop(next(iter(partial)))  # one select left empty
        refusals.append({**partial, "layout": layout})
    if kind == "ordering":
        refusals.append({**dict.fromkeys(right, "1"), "layout": layout})  # one place for all
    if kind == "single":
        refusals.append({"choice": ["1", "2"], "layout": layout})  # two for one
    for data in refusals:
        for send in (first.answer, lambda a, n, d: htmx(first, a, n, d)):
            refused = send(one, 1, data)
            assert refused.status_code == 422, (data, refused.status_code)
            assert 'class="form-error"' in fields(refused.text)
        second = new_student()
        two = second.start(question_set)
        for student, attempt in ((second, two), (first, one)):
            for prefix in ("", "/uk"):
                shown = fields(student.client.get(f"{prefix}/attempts/{attempt.pk}/1/").text)
                assert "form-error" not in shown and 'aria-describedby="answer-error' not in shown
                assert " checked" not in shown and " selected" not in shown, (data, shown)
                assert "12abc" not in shown and "xxxx" not in shown
                assert "autofocus" in shown
    # The first student's refused answer is still theirs to give, and counts once.
    assert first.answer(one, 1, {**right, "layout": layout}).status_code == 302


def test_a_refused_answer_with_something_chosen_keeps_it_chosen_on_its_own_page():
    question_set = make_question_set(questions=1, kinds=("matching",), shuffle_choices=False)
    student = new_student()
    attempt = student.start(question_set)
    page = student.page(attempt, 1).text  # fills the cache, nothing selected
    layout = re.search(r'name="layout" value="([^"]*)"', page).group(1)
    refused = student.answer(attempt, 1, {"match-1": "2", "layout": layout})
    assert refused.status_code == 422
    assert '<option value="2" selected>' in fields(refused.text)


def test_a_student_correcting_their_name_gets_the_name_focused_not_the_question():
    teacher = make_teacher("ms_names")
    question_set = make_question_set(questions=1, shuffle_choices=False)
    assignment = graded(question_set, teacher)
    first, one = join(assignment, "Ivan")
    second, two = join(assignment, "Olena")
    page = first.page(one, 1).text
    assert 'fieldset class="question" tabindex="-1" autofocus' in page
    assert "Change your name" in page

    refused = first.answer(one, 1, {"display_name": ""})
    assert refused.status_code == 422
    assert 'fieldset class="question" tabindex="-1" autofocus' not in refused.text
    assert refused.text.count("autofocus") == 1 and 'aria-invalid="true" autofocus' in refused.text
    # The next page of each student has the question focused again, from the cache.
    for student, attempt in ((first, one), (second, two)):
        again = student.page(attempt, 1).text
        assert 'fieldset class="question" tabindex="-1" autofocus' in again
        assert again.count("autofocus") == 1
    # The name form's error does not reach the other student, nor the fields.
    assert "form-error" not in second.page(two, 1).text

    # After an answer the name can no longer change: refused with a 403, nothing cached.
    first.answer(one, 1, first.right_answer(one, 1))
    late = first.answer(one, 1, {"display_name": "Ivan P."})
    assert late.status_code == 403
    assert_switcher_is_translate_url(late)
    assert 'fieldset class="question" tabindex="-1" autofocus' in second.page(two, 1).text


def test_the_staff_preview_and_a_student_see_the_same_fields_for_the_same_order():
    teacher = make_teacher("ms_preview_fields")
    question_set = make_question_set(questions=1, shuffle_choices=False, owner=teacher)
    staff = logged_in(teacher)
    preview = fields(staff.get(f"/preview/{question_set.pk}/1/").text)
    student = new_student()
    attempt = student.start(question_set)
    assert fields(student.page(attempt, 1).text) == preview
    # A refused preview answer fills nothing either.
    refused = staff.post(f"/preview/{question_set.pk}/1/", {"choice": "2", "layout": "0" * 16})
    assert refused.status_code == 422
    assert " checked" not in fields(student.page(attempt, 1).text)
    # An edit shows in the preview at once.
    question = Question.objects.get(question_set=question_set)
    question.prompt = "Previewed prompt, edited"
    question.save()
    assert "Previewed prompt, edited" in staff.get(f"/preview/{question_set.pk}/1/").text


def test_a_ukrainian_page_after_an_english_one_and_back_marks_only_english_text():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    question = Question.objects.get(question_set=question_set)
    question.prompt_uk = "Питання українською"
    question.save()
    choice = question.choices.get(position=1)
    choice.text_uk = "Перший"
    choice.save()
    student = new_student()
    attempt = student.start(question_set)
    english = fields(student.page(attempt, 1).text)
    ukrainian = fields(student.client.get(f"/uk/attempts/{attempt.pk}/1/").text)
    again = fields(student.page(attempt, 1).text)
    assert english == again and 'lang="en"' not in english
    assert "Питання українською" in ukrainian and "Перший" in ukrainian
    assert '<legend lang="en"' not in ukrainian
    # Choices 2-4 are English on the Ukrainian page, and say so.
    assert ukrainian.count('<span lang="en">Choice') == 3


@pytest.mark.parametrize("kind", ["short", "numerical"])
def test_a_typed_question_caches_an_empty_box_and_shows_each_student_their_own(kind):
    question_set = make_question_set(questions=1, kinds=(kind,))
    first, second = new_student(), new_student()
    one, two = first.start(question_set), second.start(question_set)
    empty = fields(first.page(one, 1).text)
    assert "value=" not in empty.split('class="typed-answer"', 1)[1]
    refused = first.answer(one, 1, {"answer": "<i>mine</i>" if kind == "short" else "19x4"})
    if kind == "numerical":
        assert refused.status_code == 422 and 'value="19x4"' in fields(refused.text)
    shown = fields(second.page(two, 1).text)
    assert shown == empty
    hint = "a decimal comma" if kind == "numerical" else "Capitals and punctuation"
    assert hint in shown and ('inputmode="decimal"' in shown) == (kind == "numerical")


# --- The feedback ------------------------------------------------------------------------------


def review_items(page):
    return page[page.index('<ol class="review">') : page.index("</ol>\n</div>")]


@pytest.mark.parametrize("kind", ["single", "multiple", "matching", "ordering", "short"])
def test_the_question_pages_feedback_and_the_results_review_agree_in_either_order(kind):
    question_set = make_question_set(questions=1, kinds=(kind,), shuffle_choices=False)
    for results_first in (False, True, False):
        student = new_student()
        attempt = student.start(question_set)
        answered = htmx(student, attempt, 1, student.wrong_answer(attempt, 1))
        assert answered.status_code == 200
        for prefix in ("", "/uk"):
            address = f"{prefix}/attempts/{attempt.pk}/"
            if results_first:
                results = student.client.get(address + "results/?show=all").text
                page = student.client.get(address + "1/").text
            else:
                page = student.client.get(address + "1/").text
                results = student.client.get(address + "results/?show=all").text
            review = review_items(results)
            on_page = page[page.index('<section class="feedback') : page.index("</section>")]
            assert 'tabindex="-1" autofocus' in on_page
            assert "autofocus" not in review and 'tabindex="-1"' not in review
            # The same feedback, but for the focus the question page gives it.
            assert on_page.replace(' tabindex="-1" autofocus', "") in review
            if not prefix:
                assert "Not quite." in review
                assert any(m in review for m in KEY_SHOWN)


def test_a_typed_answers_note_is_the_one_it_matched_and_no_other():
    question_set = make_question_set(questions=1, kinds=("short",))
    for text, note in (
        ("Trilateral agreement", True),
        ("trilateral statement", False),
        ("Treaty of Versailles", False),
        ("TRILATERAL AGREEMENT!", True),
    ):
        student = new_student()
        attempt = student.start(question_set)
        shown = htmx(student, attempt, 1, {"answer": text}).text
        assert ("Which trilateral document?" in student.page(attempt, 1).text) == note
        assert ("Which trilateral document?" in shown) == note, (text, shown)
        results = student.client.get(attempt.get_absolute_url() + "?show=all").text
        assert ("Which trilateral document?" in results) == note
        ukrainian = student.client.get(f"/uk{attempt.get_absolute_url()}?show=all").text
        assert ("Which trilateral document?" in ukrainian) == note


def test_a_graded_class_never_shows_the_key_cached_by_practice_on_any_page_until_it_closes():
    teacher = make_teacher("mr_graded")
    question_set = make_question_set(questions=2, kinds=("single", "short"), shuffle_choices=False)
    practice = new_student()
    p = practice.start(question_set)
    for number in (1, 2):
        htmx(practice, p, number, practice.wrong_answer(p, number))
    practice.client.get(p.get_absolute_url() + "?show=all")
    practice.client.get(f"/uk{p.get_absolute_url()}?show=all")

    assignment = graded(question_set, teacher)
    pupil, attempt = join(assignment)
    for number in (1, 2):
        shown = htmx(pupil, attempt, number, pupil.wrong_answer(attempt, number)).text
        assert "Answer saved." in shown and not any(m in shown for m in KEY_SHOWN)
        page = pupil.page(attempt, number).text
        assert "Explanation" not in page and not any(m in page for m in KEY_SHOWN)
        assert "Not quite." not in page and "Which trilateral" not in page
    for prefix in ("", "/uk"):
        results = pupil.client.get(f"{prefix}{attempt.get_absolute_url()}?show=all").text
        assert not any(m in results for m in KEY_SHOWN) and "Explanation 1" not in results
        # Practice of the same set is also hidden while the class runs, cached or not.
        again = practice.client.get(f"{prefix}{p.get_absolute_url()}?show=all").text
        assert "Explanation 1" not in again and "Explanation 2" not in again

    Assignment.objects.filter(pk=assignment.pk).update(closes_at=timezone.now() - timedelta(1))
    for prefix in ("", "/uk"):
        results = pupil.client.get(f"{prefix}{attempt.get_absolute_url()}?show=all").text
        assert "Explanation 1" in results and "Explanation 2" in results
        assert results.count("<details>") == 2
        # Closed, the question page shows the feedback too, and takes no answer.
        page = pupil.page(attempt, 1).text
        assert "Explanation 1" in page
    practice_page = practice.client.get(p.get_absolute_url() + "?show=all").text
    assert "Explanation 1" in practice_page


def test_a_review_item_is_numbered_by_its_own_attempt_though_cached_by_another():
    question_set = make_question_set(questions=3, shuffle_choices=False, shuffle_questions=True)
    seen = {}
    for _ in range(6):
        student = new_student()
        attempt = student.start(question_set)
        for number in range(1, 4):
            student.answer(attempt, number, student.wrong_answer(attempt, number))
        results = student.client.get(attempt.get_absolute_url() + "?show=all").text
        for number, question_id in enumerate(attempt.question_ids, start=1):
            prompt = Question.objects.get(pk=question_id).prompt
            item = results.split(f"Question {number}</span>", 1)[1].split("</details>", 1)[0]
            assert html.escape(prompt) in item, (number, prompt)
        seen[tuple(attempt.question_ids)] = True
    assert len(seen) > 1


# --- Static addresses ----------------------------------------------------------------------------


def hashed_refs(page):
    return set(re.findall(r'(?:href|src)="(/[^"]*/(?:css|js)/[^"]+)"', page))


def test_pages_link_the_hashed_files_and_a_second_storage_its_own(tmp_path, settings):
    question_set = make_question_set(questions=1)
    settings.STATIC_ROOT = tmp_path / "one"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    student = new_student()
    attempt = student.start(question_set)
    first = hashed_refs(student.page(attempt, 1).text) | hashed_refs(Client().get("/").text)
    assert first and all(re.search(r"\.[0-9a-f]{12}\.(css|js)$", ref) for ref in first), first
    assert any("/static/css/site." in ref for ref in first)
    assert any("/static/js/answer-retry." in ref for ref in first)
    for ref in first:
        assert (tmp_path / "one" / ref.removeprefix("/static/")).exists(), ref

    # Another storage: other root, other address; it gives its own addresses, not the first's.
    settings.STATIC_ROOT = tmp_path / "two"
    settings.STATIC_URL = "/assets/"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    cache.clear()  # as a server restarted with new settings starts with an empty cache
    second = hashed_refs(student.page(attempt, 1).text)
    assert second and all(ref.startswith("/assets/") for ref in second), second
    assert staticfiles_storage.url("css/site.css").startswith("/assets/css/site.")


def test_a_storage_with_a_changed_manifest_gives_the_new_hash(tmp_path, settings):
    """A collectstatic after a file changed writes a new manifest; a storage made afterwards
    (a restarted server) links the new file, not the address the class remembered."""
    from config.storage import StaticFilesStorage

    source = tmp_path / "src"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: black }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "root"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    old = StaticFilesStorage().url("css/site.css")
    (source / "css" / "site.css").write_text("body { color: navy }")
    call_command("collectstatic", "--noinput", verbosity=0)
    new = StaticFilesStorage().url("css/site.css")
    assert old != new and new.startswith("/static/css/site.")


def test_an_unknown_static_file_is_refused_every_time_not_remembered(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    for _ in range(2):
        with pytest.raises(ValueError):
            staticfiles_storage.url("css/no-such-file.css")

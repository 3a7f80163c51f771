"""An outsider's attack on the page fragments rendered once per process (templates/base.html,
quizzes/_feedback.html, quizzes/_review_item.html): each test first fills the cache the way one
browser would, then checks that another request, which must see something else, does.
"""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.interchange.sets import question_set_duplicate
from quizzes.models import Assignment, Choice, Question
from tests.factories import (
    Student,
    graded,
    logged_in,
    make_question,
    make_question_set,
    make_teacher,
)
from tests.test_fragment_cache import feedback, section, two_students

pytestmark = pytest.mark.django_db

KEY_SHOWN = ("The correct answer:", "The correct answers:", "Accepted answer", "The correct order")


def new_student(**kwargs):
    return Student(Client(**kwargs))


# --- Typed answers: someone else's text, keys that might collide, escaping -----------------------

ODD_TEXTS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "Trilateral', 1.0, 'x",
    "a:b:c::",
    "Трилатеральна заява ✓ 🇺🇦",
    "e\u0301",  # e + combining accent
    "\u00e9",  # é precomposed
    "x" * 200,
    "{% csrf_token %} {{ answer.text }}",
    "&lt;b&gt;",
]


@pytest.mark.parametrize("kind", ["short", "numerical"])
def test_each_student_sees_only_their_own_typed_text_escaped(kind):
    question_set = make_question_set(questions=1, kinds=(kind,), shuffle_choices=False)
    texts = ODD_TEXTS if kind == "short" else ["1900", "1900.0", "1993", "1995", " 1900 ", "1994.0"]
    students = [new_student() for _ in texts]
    attempts = [s.start(question_set) for s in students]
    # Each text twice, by two students, so the second is served from the cache.
    for student, attempt, text in zip(students, attempts, texts, strict=True):
        shown = section(feedback(student, attempt, 1, {"answer": text}))
        stored = attempt.answers.get().text
        assert f'<p class="typed-given">{html.escape(stored)} ' in shown
        assert "<script>" not in shown and "<img" not in shown
        others = [t for t in texts if t != text and html.escape(t) not in html.escape(stored)]
        for other in others:
            stored_other = html.escape(other.strip())
            if stored_other and stored_other not in html.escape(stored):
                assert f'class="typed-given">{stored_other} ' not in shown
    for text in texts:
        again = new_student()
        attempt = again.start(question_set)
        shown = section(feedback(again, attempt, 1, {"answer": text}))
        assert f'<p class="typed-given">{html.escape(attempt.answers.get().text)} ' in shown


def test_typed_text_shown_on_the_results_page_is_the_students_own():
    question_set = make_question_set(questions=2, kinds=("short",), shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    for number in (1, 2):
        first.answer(one, number, {"answer": "<b>Mine</b>"})
        second.answer(two, number, {"answer": "<b>Mine</b> "})
    page_one = first.client.get(one.get_absolute_url() + "?show=all").text
    page_two = second.client.get(two.get_absolute_url() + "?show=all").text
    stored_two = two.answers.first().text
    assert page_one.count("&lt;b&gt;Mine&lt;/b&gt; <span") == 2
    assert page_two.count(f"{html.escape(stored_two)} <span") == 2
    assert "<b>Mine</b>" not in page_one and "<b>Mine</b>" not in page_two


# --- Answer keys: graded classes, copies, live classes ------------------------------------------


def assert_no_key(page, explanation="Explanation 1"):
    assert not any(marker in page for marker in KEY_SHOWN), page
    assert explanation not in page
    assert "Right." not in page and "Not quite." not in page


def test_cached_review_items_of_a_set_are_hidden_when_a_copy_of_it_is_graded():
    teacher = make_teacher("ms_kovalenko")
    question_set = make_question_set(questions=2, shuffle_choices=False)
    (first, one), (second, two) = two_students(question_set)
    for number in (1, 2):
        first.answer(one, number, first.wrong_answer(one, number))
        second.answer(two, number, second.wrong_answer(two, number))
    cached = first.client.get(one.get_absolute_url() + "?show=all").text
    assert any(marker in cached for marker in KEY_SHOWN)
    feedback(first, one, 1, {})  # a repeated POST shows the revealed feedback too

    copy = question_set_duplicate(question_set=question_set, owner=teacher)
    copy.is_published = True
    copy.save()
    graded(copy, teacher)

    for url in (two.get_absolute_url() + "?show=all", two.get_absolute_url()):
        page = second.client.get(url).text
        assert_no_key(page)
        assert "The correct answers are hidden while a class is taking this quiz" in page
    again = second.page(two, 1).text
    assert_no_key(again)
    assert_no_key(feedback(second, two, 1, second.wrong_answer(two, 1)))


def test_a_class_student_sees_no_key_until_close_then_the_key_once_closed():
    teacher = make_teacher("mr_shevchenko")
    question_set = make_question_set(questions=1, shuffle_choices=False)
    practice = new_student()
    p = practice.start(question_set)
    assert any(m in feedback(practice, p, 1, practice.wrong_answer(p, 1)) for m in KEY_SHOWN)

    assignment = graded(question_set, teacher)
    pupil = new_student()
    joined = pupil.client.post("/join/", {"code": assignment.join_code, "name": "Oksana"})
    assert joined.status_code == 302
    attempt = assignment.attempts.get()
    hidden = feedback(pupil, attempt, 1, pupil.wrong_answer(attempt, 1))
    assert_no_key(hidden)
    assert "Your teacher will show the correct answers after the assignment closes" in hidden
    results = pupil.client.get(attempt.get_absolute_url() + "?show=all").text
    assert_no_key(results)

    Assignment.objects.filter(pk=assignment.pk).update(closes_at=timezone.now() - timedelta(1))
    results = pupil.client.get(attempt.get_absolute_url() + "?show=all").text
    assert any(marker in results for marker in KEY_SHOWN)
    assert "Explanation 1" in results and "Not quite." in results


def test_a_live_class_waiting_page_shows_no_key_cached_by_practice():
    teacher = make_teacher("ms_paced")
    question_set = make_question_set(questions=2, shuffle_choices=False)
    practice = new_student()
    p = practice.start(question_set)
    feedback(practice, p, 1, practice.wrong_answer(p, 1))
    practice.client.get(p.get_absolute_url())
    assignment = Assignment.objects.create(
        title="10B", question_set=question_set, owner=teacher, pace=Assignment.Pace.TEACHER
    )
    pupil = new_student()
    pupil.client.post("/join/", {"code": assignment.join_code, "name": "Ana"})
    attempt = assignment.attempts.get()
    teacher_client = logged_in(teacher)
    teacher_client.post(f"/teach/classes/{assignment.pk}/move/", {"action": "next", "question": 0})
    pupil.answer(attempt, 1, pupil.wrong_answer(attempt, 1))
    waiting = pupil.client.get(f"/attempts/{attempt.pk}/live/").text
    assert "Answer saved." in waiting
    assert_no_key(waiting)
    assert_no_key(feedback(pupil, attempt, 1, {}))

    teacher_client.post(
        f"/teach/classes/{assignment.pk}/move/", {"action": "reveal", "question": 1}
    )
    revealed = pupil.client.get(f"/attempts/{attempt.pk}/live/").text
    assert "Not quite." in revealed and "Explanation 1" in revealed


def test_a_staff_preview_fills_no_fragment_a_class_student_then_sees():
    teacher = make_teacher("ms_preview")
    question_set = make_question_set(questions=1, shuffle_choices=False, owner=teacher)
    staff = logged_in(teacher)
    preview = staff.post(
        f"/preview/{question_set.pk}/1/",
        {"choice": [2]},  # choices in authored order: 2 is wrong
        headers={"HX-Request": "true"},
    )
    assert preview.status_code == 200
    assert any(marker in preview.text for marker in KEY_SHOWN)
    assignment = graded(question_set, teacher)
    pupil = new_student()
    pupil.client.post("/join/", {"code": assignment.join_code, "name": "Petro"})
    attempt = assignment.attempts.get()
    assert_no_key(feedback(pupil, attempt, 1, pupil.wrong_answer(attempt, 1)))


# --- Staleness: every edit shows at once ---------------------------------------------------------


def warm(question_set, kind_answer="wrong"):
    """One student answers everything and opens the results: every fragment is cached."""
    student = new_student()
    attempt = student.start(question_set)
    for number in range(1, attempt.total + 1):
        answer = getattr(student, f"{kind_answer}_answer")(attempt, number)
        feedback(student, attempt, number, answer)
    student.client.get(attempt.get_absolute_url() + "?show=all")
    return student, attempt


def fresh_pages(question_set, kind_answer="wrong", prefix=""):
    student = new_student()
    attempt = student.start(question_set)
    shown = []
    for number in range(1, attempt.total + 1):
        answer = getattr(student, f"{kind_answer}_answer")(attempt, number)
        shown.append(feedback(student, attempt, number, answer, prefix=prefix))
    shown.append(student.client.get(f"{prefix}{attempt.get_absolute_url()}?show=all").text)
    return shown


@pytest.mark.parametrize(
    "edit, expected",
    [
        ("source", "Edited Publisher"),
        ("section", "Edited section title"),
        ("term", "edited-term-name"),
        ("event", "Edited event title"),
        ("choice_event", "Edited ordering event"),
        ("choice_feedback", "Edited note on a wrong choice"),
        ("explanation", "Edited explanation"),
    ],
)
def test_an_edit_of_anything_the_feedback_shows_shows_at_once(edit, expected):
    kinds = ("ordering",) if edit == "choice_event" else ("single",)
    question_set = make_question_set(questions=1, kinds=kinds, shuffle_choices=False)
    question = question_set.questions.get()
    term = Term.objects.order_by("pk").first()
    event = TimelineEvent.objects.order_by("pk").last()
    question.term, question.event = term, event
    question.save()
    warm(question_set)
    question = Question.objects.get(pk=question.pk)
    if edit == "source":
        source = question.source
        source.publisher = expected
        source.save()
    elif edit == "section":
        item = question.section
        item.title = expected
        item.save()
    elif edit == "term":
        term.name = expected
        term.save()
    elif edit == "event":
        event.title = expected
        event.save()
    elif edit == "choice_event":
        choice_event = question.choices.order_by("position").first().event
        choice_event.title = expected
        choice_event.save()
    elif edit == "choice_feedback":
        choice = question.choices.get(position=2)
        choice.feedback = expected
        choice.save()
    else:
        question.explanation = expected
        question.save()
    for page in fresh_pages(question_set):
        assert expected in page


def test_a_new_prompt_and_a_new_right_choice_show_on_the_results_page_at_once():
    question_set = make_question_set(questions=2, shuffle_choices=False)
    warm(question_set)
    question = question_set.questions.get(position=2)
    question.prompt = "A reworded prompt"
    question.save()
    # The key changes: choice 2 becomes the right one.
    one = Choice.objects.get(question=question, position=1)
    one.is_correct = False
    one.feedback = "No longer right."
    one.save()
    two = Choice.objects.get(question=question, position=2)
    two.is_correct = True
    two.feedback = ""
    two.save()
    student = new_student()
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    student.answer(attempt, 2, {"choice": [2]})
    page = student.client.get(attempt.get_absolute_url() + "?show=all").text
    items = page.split("<details>")[1:]
    assert "A reworded prompt" in items[1] and "Prompt 2" not in items[1]
    assert "Right." in items[1]


def test_a_ukrainian_translation_added_later_shows_at_once_on_the_ukrainian_pages():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    # Warm both languages.
    warm(question_set)
    fresh_pages(question_set, prefix="/uk")
    question = question_set.questions.get()
    question.explanation_uk = "Нове пояснення"
    question.prompt_uk = "Нове питання"
    question.save()
    choice = question.choices.get(position=2)
    choice.feedback_uk = "Нова примітка"
    choice.save()
    pages = fresh_pages(question_set, prefix="/uk")
    for page in pages:
        assert "Нове пояснення" in page and "Explanation 1" not in page
    assert "Нове питання" in pages[-1]
    for page in fresh_pages(question_set):
        assert "Explanation 1" in page and "Нове пояснення" not in page


def test_an_edit_through_the_admin_shows_at_once():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    warm(question_set)
    admin = get_user_model().objects.create_superuser("root", password="a long admin password 1")
    browser = logged_in(admin)
    source = Source.objects.order_by("pk").first()
    form = browser.get(f"/admin/explainer/source/{source.pk}/change/")
    assert form.status_code == 200
    section = Section.objects.order_by("number").first()
    page = browser.get(f"/admin/explainer/section/{section.pk}/change/")
    assert page.status_code == 200
    # Save the section through its admin form, with a new title.
    data = dict(
        re.findall(
            r'<input type="(?:text|number|hidden|url|date)" name="([^"]+)" value="([^"]*)"',
            page.text,
        )
    )
    for name, value in re.findall(
        r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page.text, re.S
    ):
        data[name] = html.unescape(value)
    data["title_en"] = "Section title edited in the admin"
    data["sources"] = [str(pk) for pk in section.sources.values_list("pk", flat=True)]
    saved = browser.post(f"/admin/explainer/section/{section.pk}/change/", data)
    assert saved.status_code == 302, saved.text[:2000]
    for shown in fresh_pages(question_set):
        assert "Section title edited in the admin" in shown


def test_a_question_moved_to_another_set_leaves_the_old_sets_results():
    question_set = make_question_set(questions=2, shuffle_choices=False)
    other = make_question_set(questions=1, shuffle_choices=False)
    student, attempt = warm(question_set)
    question = question_set.questions.get(position=2)
    question.question_set = other
    question.position = 2
    question.save()
    page = student.client.get(attempt.get_absolute_url() + "?show=all").text
    assert "Prompt 2" not in page
    # The moved question in its new set, edited there, shows its new text.
    question.explanation = "Explained in its new set"
    question.save()
    shown = fresh_pages(other)
    assert "Explained in its new set" in shown[1] and "Explained in its new set" in shown[-1]


def test_a_new_question_in_the_set_numbers_the_review_items_by_the_attempt():
    question_set = make_question_set(questions=2, shuffle_choices=False)
    warm(question_set, "right")
    make_question(question_set, position=3)
    student = new_student()
    attempt = student.start(question_set)
    for number in (1, 2, 3):
        student.answer(attempt, number, student.right_answer(attempt, number))
    page = student.client.get(attempt.get_absolute_url() + "?show=all").text
    items = page.split("<details>")[1:]
    assert len(items) == 3
    for number, item in enumerate(items, start=1):
        assert f"Question {number}" in item
        assert f"Prompt {number} " in item


# --- Header and footer: language, switcher, CSRF -------------------------------------------------


def switcher_next(page):
    found = re.findall(r'name="next" value="([^"]*)"', page)
    assert len(found) == 1, found
    return html.unescape(found[0])


@pytest.mark.parametrize(
    "path, other",
    [
        ("/", "/uk/"),
        ("/uk/", "/"),
        ("/quizzes/", "/uk/quizzes/"),
        ("/uk/glossary/", "/glossary/"),
        ("/timeline/?x=1&y=%3Cb%3E", "/uk/timeline/?x=1&y=%3Cb%3E"),
        # An unknown address has no page in the other language: Django's translate_url leaves it
        # as it is (so before these changes too); it must still be this page's own address.
        ("/no-such-page/", "/no-such-page/"),
        ("/uk/no-such-page/", "/uk/no-such-page/"),
        ("/privacy/", "/uk/privacy/"),
    ],
)
def test_the_switcher_leads_to_this_page_in_the_other_language_after_other_pages(path, other):
    client = Client()
    for warmup in ("/", "/uk/", "/glossary/", "/uk/timeline/"):
        client.get(warmup)
    page = client.get(path, follow=False)
    assert switcher_next(page.text) == other
    ukrainian = path.startswith("/uk/")
    assert ('href="/uk/quizzes/"' in page.text) == ukrainian
    assert ('href="/quizzes/"' in page.text) != ukrainian
    assert ('lang="uk"' in page.text.split("<body", 1)[0]) == ukrainian


def test_the_switcher_on_a_students_question_and_results_pages():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    student = new_student()
    attempt = student.start(question_set)
    page = student.page(attempt, 1).text
    assert switcher_next(page) == f"/uk/attempts/{attempt.pk}/1/"
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    results = student.client.get(f"/uk{attempt.get_absolute_url()}?show=all").text
    assert switcher_next(results) == f"{attempt.get_absolute_url()}?show=all"
    assert "Правильно." in results


def test_each_browser_gets_its_own_working_csrf_token_with_the_cached_header():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    def token(client, path):
        page = client.get(path).text
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert len(found) == 1
        return found[0]

    one, two = token(first, "/quizzes/"), token(second, "/quizzes/")
    assert one != two
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # Each browser's own token works.
    for client, value in ((first, one), (second, two)):
        response = client.post(
            "/language/", {"csrfmiddlewaretoken": value, "language": "uk", "next": "/uk/quizzes/"}
        )
        assert response.status_code == 302 and response["Location"] == "/uk/quizzes/"
    # The other's is refused.
    third = Client(enforce_csrf_checks=True)
    token(third, "/glossary/")
    refused = third.post("/language/", {"csrfmiddlewaretoken": one, "language": "uk"})
    assert refused.status_code == 403


def test_a_csrf_failure_page_in_ukrainian_has_the_ukrainian_header():
    browser = Client(enforce_csrf_checks=True)
    browser.get("/glossary/")
    refused = browser.post("/uk/quizzes/nothing/start/", {})
    assert refused.status_code == 403
    assert 'href="/uk/quizzes/"' in refused.text
    english = Client(enforce_csrf_checks=True).post("/quizzes/nothing/start/", {})
    assert english.status_code == 403
    assert 'href="/quizzes/"' in english.text and 'href="/uk/quizzes/"' not in english.text


def test_the_footer_follows_the_page_language():
    english = Client().get("/").text
    ukrainian = Client().get("/uk/").text
    assert 'href="/sources/"' in english.split("<footer")[1]
    assert 'href="/uk/sources/"' in ukrainian.split("<footer")[1]
    assert 'href="/uk/sources/"' not in Client().get("/glossary/").text.split("<footer")[1]


# --- More kinds of answer: same score, different answer --------------------------------------


@pytest.mark.parametrize("kind", ["matching", "ordering", "multiple"])
def test_two_different_answers_with_the_same_score_each_show_their_own(kind):
    question_set = make_question_set(questions=1, kinds=(kind,), shuffle_choices=False)
    question = question_set.questions.get()
    choices = list(question.choices.order_by("position"))
    if kind == "matching":
        from quizzes.scoring import matching_options

        options = [o.match for o in matching_options(choices)]
        hague = options.index("Hague Convention") + 1
        vienna = options.index("Congress of Vienna") + 1
        answers = [
            {"match-1": hague, "match-2": hague, "match-3": vienna},
            {"match-1": vienna, "match-2": hague, "match-3": hague},
        ]
    elif kind == "ordering":
        # Ordering items are shown shuffled by each attempt: two different wrong orders of the
        # events, reversed and with the first two swapped, given as positions of the shown rows.
        reversed_order = {1: 4, 2: 3, 3: 2, 4: 1}
        first_two_swapped = {1: 2, 2: 1, 3: 3, 4: 4}
        answers = [reversed_order, first_two_swapped]
    else:  # choices 1 and 3 are right: one right and one wrong each, scored alike
        answers = [{"choice": [1, 2]}, {"choice": [3, 4]}]
    pages = []
    for data in answers:
        student = new_student()
        attempt = student.start(question_set)
        if kind == "ordering":
            shown = student.shown(attempt, 1)
            data = {
                f"position-{row}": data[choice.correct_position]
                for row, choice in enumerate(shown, start=1)
            }
        pages.append(section(feedback(student, attempt, 1, data)))
        answer = attempt.answers.get()
        pages[-1] = (pages[-1], answer)
    (first, a1), (second, a2) = pages
    assert a1.score == a2.score and a1.selected != a2.selected
    assert first != second
    if kind == "multiple":
        assert "Choice 2" in first and "Choice 4" not in first
        assert "Choice 4" in second and "Choice 2" not in second.split("answer-heading")[1]


def test_a_deleted_glossary_term_is_no_longer_linked_from_the_feedback():
    question_set = make_question_set(questions=1, shuffle_choices=False)
    question = question_set.questions.get()
    term = Term.objects.create(slug="attack-term", name="Attack term")
    question.term = term
    question.save()
    student, attempt = warm(question_set)
    assert (
        "glossary: Attack term" in student.client.get(attempt.get_absolute_url() + "?show=all").text
    )
    term.delete()
    for page in fresh_pages(question_set):
        assert "Attack term" not in page


def test_a_choice_moved_to_another_question_leaves_the_old_questions_feedback():
    # Choice's receiver touched only the set of the question the choice moved to, not the one it
    # left, so the old set kept its updated_at: its cached questions and the feedback cached for
    # them still named the moved choice as the right answer. Not possible in the admin (choices
    # are edited inline under their question), only by a model save in a shell or a script.
    question_set = make_question_set(questions=1, shuffle_choices=False)
    other = make_question_set(questions=1, shuffle_choices=False)
    warm(question_set)  # a wrong answer (choice 2): the feedback names choice 1 as the right one
    choice = Choice.objects.get(question__question_set=question_set, position=1)
    choice.question = other.questions.get()
    choice.position = 5
    choice.text = "A right choice that moved away"
    choice.save()
    student = new_student()
    attempt = student.start(question_set)
    shown = feedback(student, attempt, 1, {"choice": [1]})  # choice 2, now shown first
    assert attempt.answers.get().selected == [
        Choice.objects.get(question__question_set=question_set, position=2).pk
    ]
    assert "Choice 1" not in shown and "A right choice that moved away" not in shown


def test_a_teachers_edit_of_a_choice_note_in_the_admin_shows_at_once():
    from tests.test_authoring import question_form

    teacher = make_teacher("ms_editor")
    question_set = make_question_set(questions=0, owner=teacher, shuffle_choices=False)
    browser = logged_in(teacher)
    choices = [{"text": "A", "is_correct": "on"}, {"text": "B", "feedback": "Old note on B."}]
    added = browser.post(
        "/admin/quizzes/question/add/", question_form(question_set, "single", choices)
    )
    assert added.status_code == 302
    question = question_set.questions.get()
    student = new_student()
    attempt = student.start(question_set)
    assert "Old note on B." in feedback(student, attempt, 1, {"choice": [2]})
    student.client.get(attempt.get_absolute_url() + "?show=all")

    data = question_form(
        question_set,
        "single",
        [{"text": "A", "is_correct": "on"}, {"text": "B", "feedback": "New note on B."}],
        **{"choices-INITIAL_FORMS": 2, "explanation_en": "New explanation.", "prompt_en": "New?"},
    )
    for i, choice in enumerate(question.choices.order_by("position")):
        data[f"choices-{i}-id"] = choice.pk
        data[f"choices-{i}-question"] = question.pk
    edited = browser.post(f"/admin/quizzes/question/{question.pk}/change/", data)
    assert edited.status_code == 302, edited.text[:3000]

    other = new_student()
    two = other.start(question_set)
    shown = feedback(other, two, 1, {"choice": [2]})
    assert "New note on B." in shown and "Old note on B." not in shown
    assert "New explanation." in shown
    results = other.client.get(two.get_absolute_url() + "?show=all").text
    assert "New note on B." in results and "New?" in results and "Which?" not in results

"""Who can take a set (open practice or classes only), and a graded assignment's answers kept from
every student while it is open: practice, other assignments of the same set, results, htmx."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from quizzes.models import Answer, Assignment, Attempt, QuestionSet
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db
PRACTICE, CLASSES = QuestionSet.Audience.PRACTICE, QuestionSet.Audience.CLASSES
# What a page shows only with the answer key: the verdict, the key, the explanation, the score.
SECRETS = (
    "The correct answer:",
    "The correct answers:",
    "The correct order:",
    "Not quite",
    "Right.",
    "Explanation 1",
    "Why choice",
    "out of",
)


@pytest.fixture
def teacher():
    return make_teacher("ms_bondar")


def assign(question_set, owner, *, reveal, closes_in=timedelta(hours=1), **fields):
    return Assignment.objects.create(
        title=fields.pop("title", "Year 10, test"),
        question_set=question_set,
        owner=owner,
        closes_at=timezone.now() + closes_in,
        reveal=reveal,
        **fields,
    )


def join(client, assignment, name="Ana"):
    response = client.post("/join/", {"code": assignment.join_code, "name": name})
    assert response.status_code == 302, response
    return Attempt.objects.get(assignment=assignment, display_name=name)


def answer_all_wrongly(student, attempt):
    """Answers every question wrongly; returns the page, fragment and results a student sees."""
    page = student.answer(attempt, 1, student.wrong_answer(attempt, 1), follow=True)
    fragment = student.answer(
        attempt, 2, student.wrong_answer(attempt, 2), headers={"HX-Request": "true"}
    )
    for number in range(3, attempt.total + 1):
        student.answer(attempt, number, student.wrong_answer(attempt, number))
    results = student.client.get(f"/attempts/{attempt.pk}/results/")
    assert page.status_code == fragment.status_code == results.status_code == 200
    return page.content.decode(), fragment.content.decode(), results.content.decode()


def test_practice_shows_no_answer_key_while_a_graded_assignment_of_the_set_is_open(client, teacher):
    question_set = make_question_set(questions=3, owner=teacher, audience=PRACTICE)
    test = assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE)
    student = Student(client)
    attempt = student.start(question_set)

    page, fragment, results = answer_all_wrongly(student, attempt)

    for html in (page, fragment, results):
        assert not [secret for secret in SECRETS if secret in html], html
    assert "Answer saved." in page and "Answer saved." in fragment
    when = timezone.localtime(test.closes_at).strftime("%-d %B %Y, %H:%M")
    assert f"hidden while a class is taking this quiz, until {when}" in page
    assert f"hidden while a class is taking this quiz, until {when}" in results
    # The answers were recorded all the same.
    assert Answer.objects.filter(attempt=attempt).count() == 3


def test_an_assignment_showing_answers_withholds_them_while_another_hides_them(client, teacher):
    question_set = make_question_set(questions=3, owner=teacher, audience=CLASSES)
    assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE, title="10A, graded")
    homework = assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_EACH, title="10B")
    student = Student(client)
    attempt = join(client, homework)

    page, fragment, results = answer_all_wrongly(student, attempt)

    for html in (page, fragment, results):
        assert not [secret for secret in SECRETS if secret in html], html
    assert "hidden while a class is taking this quiz" in page


def test_a_closed_assignments_results_wait_for_another_still_open(client, teacher):
    question_set = make_question_set(questions=3, owner=teacher, audience=CLASSES)
    early = assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE, title="10A")
    assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE, closes_in=timedelta(days=2))
    student = Student(client)
    attempt = join(client, early)
    answer_all_wrongly(student, attempt)

    Assignment.objects.filter(pk=early.pk).update(closes_at=timezone.now())
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()

    assert not [secret for secret in SECRETS if secret in results]
    assert "hidden while a class is taking this quiz" in results


def test_the_answer_key_shows_once_the_graded_assignment_closes(client, teacher):
    question_set = make_question_set(questions=3, owner=teacher, audience=PRACTICE)
    test = assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE)
    student = Student(client)
    attempt = student.start(question_set)
    answer_all_wrongly(student, attempt)

    Assignment.objects.filter(pk=test.pk).update(closes_at=timezone.now())

    page = student.page(attempt, 1).content.decode()
    fragment = student.page(attempt, 1, headers={"HX-Request": "true"}).content.decode()
    results = client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    for html in (page, fragment, results):
        assert "The correct answer:" in html and "Not quite." in html
    assert "0 out of 3" in results


def test_assignments_not_yet_open_or_showing_answers_keep_nothing_from_practice(client, teacher):
    question_set = make_question_set(questions=3, owner=teacher, audience=PRACTICE)
    later = timezone.now() + timedelta(days=1)
    assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_CLOSE, opens_at=later,
           closes_in=timedelta(days=2))  # fmt: skip
    assign(question_set, teacher, reveal=Assignment.Reveal.AFTER_EACH, title="Homework")
    student = Student(client)
    attempt = student.start(question_set)
    page, fragment, results = answer_all_wrongly(student, attempt)
    for html in (page, fragment, results):
        assert "The correct answer:" in html


def test_classes_only_sets_are_not_listed_and_their_pages_are_404(client, teacher):
    practice = make_question_set(questions=2, owner=teacher, audience=PRACTICE, title="Open one")
    graded = make_question_set(questions=2, owner=teacher, audience=CLASSES, title="Graded one")
    listing = client.get("/quizzes/").content.decode()
    assert "Open one" in listing and "Graded one" not in listing
    assert client.get(f"/quizzes/{graded.slug}/").status_code == 404
    assert client.post(f"/quizzes/{graded.slug}/start/").status_code == 404
    assert client.get(f"/quizzes/{practice.slug}/").status_code == 200
    assert not Attempt.objects.filter(question_set=graded).exists()
    # Through an assignment's code, the same set works.
    attempt = join(client, assign(graded, teacher, reveal=Assignment.Reveal.AFTER_EACH))
    assert client.get(f"/attempts/{attempt.pk}/1/").status_code == 200


def test_practice_started_before_a_set_became_classes_only_ends(client, teacher):
    question_set = make_question_set(questions=2, owner=teacher, audience=PRACTICE)
    student = Student(client)
    attempt = student.start(question_set)
    QuestionSet.objects.filter(pk=question_set.pk).update(audience=CLASSES)
    assert student.page(attempt, 1).status_code == 404
    assert student.answer(attempt, 1, student.right_answer(attempt, 1)).status_code == 404
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_the_sets_that_ship_with_the_site_are_open_practice(client):
    shipped = QuestionSet.objects.filter(owner=None)
    assert shipped.exists()
    assert set(shipped.values_list("audience", flat=True)) == {PRACTICE}
    listing = client.get("/quizzes/").content.decode()
    assert all(question_set.title in listing for question_set in shipped)


def add_form_data(**fields):
    return {
        "title_en": "Unit test",
        "slug": "unit-test",
        "topic_en": "t",
        "description_en": "d",
        "shuffle_choices": "on",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        **fields,
    }


def test_a_teachers_new_set_is_for_classes_only_unless_they_choose_practice(teacher):
    client = logged_in(teacher)
    form = client.get("/admin/quizzes/questionset/add/").content.decode()
    assert "Who can take it" in form
    assert 'value="classes" id="id_audience_1" checked>' in form
    assert 'value="practice" id="id_audience_0">' in form
    assert client.post("/admin/quizzes/questionset/add/", add_form_data()).status_code == 302
    assert QuestionSet.objects.get(slug="unit-test").audience == CLASSES
    chosen = add_form_data(slug="for-anyone", audience="practice")
    assert client.post("/admin/quizzes/questionset/add/", chosen).status_code == 302
    assert QuestionSet.objects.get(slug="for-anyone").audience == PRACTICE


def test_a_set_keeps_its_audience_when_edited_and_refuses_an_unknown_one(teacher):
    client = logged_in(teacher)
    question_set = make_question_set(questions=1, owner=teacher, audience=PRACTICE, published=False)
    url = f"/admin/quizzes/questionset/{question_set.pk}/change/"
    data = add_form_data(slug=question_set.slug, **{"questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1", "questions-0-id": question_set.questions.get().pk,
        "questions-0-question_set": question_set.pk})  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert QuestionSet.objects.get(pk=question_set.pk).audience == PRACTICE
    assert client.post(url, {**data, "audience": "everyone"}).status_code == 200
    assert QuestionSet.objects.get(pk=question_set.pk).audience == PRACTICE


def test_a_duplicated_shared_set_is_for_the_teachers_classes_only(teacher):
    shared = QuestionSet.objects.get(slug="the-timeline")
    response = logged_in(teacher).post(
        "/admin/quizzes/questionset/",
        {"action": "duplicate", "_selected_action": [shared.pk]},
    )
    assert response.status_code == 302
    copy = QuestionSet.objects.get(owner=teacher)
    assert (copy.audience, copy.is_published) == (CLASSES, False)


def test_the_migration_keeps_shared_sets_open_and_makes_teachers_sets_classes_only(teacher):
    shared = make_question_set(questions=1, audience=PRACTICE)
    own = make_question_set(questions=1, owner=teacher, audience=PRACTICE)
    migration = importlib.import_module("quizzes.migrations.0007_questionset_audience")
    migration.teachers_sets_for_classes(apps, None)
    assert QuestionSet.objects.get(pk=shared.pk).audience == PRACTICE
    assert QuestionSet.objects.get(pk=own.pk).audience == CLASSES


# A graded assignment of a shared set, whose answers are in the public repository.


def test_assigning_a_shared_set_with_hidden_answers_offers_a_private_copy(teacher):
    client = logged_in(teacher)
    shared = QuestionSet.objects.get(slug="the-timeline")
    response = client.post(
        "/admin/quizzes/assignment/add/",
        {
            "title": "Year 11 test",
            "question_set": shared.pk,
            "closes_at_0": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "closes_at_1": "12:00",
            "attempts_allowed": 1,
            "reveal": "after_close",
        },
        follow=True,
    )
    assert "are public" in response.content.decode()
    assignment = Assignment.objects.get(title="Year 11 test")
    page = client.get(f"/admin/quizzes/assignment/{assignment.pk}/change/").content.decode()
    assert "Its answers are public" in page
    assert f'action="/admin/quizzes/assignment/{assignment.pk}/private-copy/"' in page

    response = client.post(f"/admin/quizzes/assignment/{assignment.pk}/private-copy/")

    assert response.status_code == 302
    assignment.refresh_from_db()
    copy = assignment.question_set
    assert copy != shared
    assert (copy.owner, copy.is_published, copy.audience) == (teacher, True, CLASSES)
    assert copy.questions.count() == shared.questions.count()
    assert QuestionSet.objects.get(pk=shared.pk).owner is None
    page = client.get(f"/admin/quizzes/assignment/{assignment.pk}/change/").content.decode()
    assert "Its answers are public" not in page
    # A student with the code now takes the private copy, which is not on the quiz list.
    assert join(Client(), assignment).question_set == copy
    assert copy.title not in Client().get("/quizzes/").content.decode()


def test_the_private_copy_button_changes_nothing_it_should_not(teacher):
    shared = QuestionSet.objects.get(slug="the-timeline")
    assignment = assign(shared, teacher, reveal=Assignment.Reveal.AFTER_CLOSE)
    url = f"/admin/quizzes/assignment/{assignment.pk}/private-copy/"
    sets_before = QuestionSet.objects.count()
    # Another teacher's assignment does not exist for this one; a GET changes nothing.
    assert logged_in(make_teacher("mr_other")).post(url).status_code == 404
    assert logged_in(teacher).get(url).status_code == 405
    # Once students have started, the assignment keeps its set, and its page says so.
    join(Client(), assignment)
    page = logged_in(teacher).get(f"/admin/quizzes/assignment/{assignment.pk}/change/")
    assert "Students have already started" in page.content.decode()
    assert url not in page.content.decode()
    response = logged_in(teacher).post(url)
    assert response.status_code == 409
    assert "Students have already started" in response.content.decode()
    assert QuestionSet.objects.count() == sets_before
    assert Assignment.objects.get(pk=assignment.pk).question_set == shared


# The admin's "view on site" links tell only about objects the user may view in the admin.


def view_on_site(client, obj, object_id=None):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{object_id or obj.pk}/")


def test_view_on_site_answers_only_for_objects_the_teacher_may_view(teacher):
    other = make_teacher("mr_other")
    draft = make_question_set(questions=1, owner=other, published=False, slug="secret-exam")
    attempt = Student(Client()).start(make_question_set(questions=1, owner=other))
    intruder, owner = logged_in(teacher), logged_in(other)

    for obj in (draft, attempt):
        refused = view_on_site(intruder, obj)
        assert refused.status_code == 404
        assert "secret-exam" not in refused.content.decode()
        # The same answer for an id that does not exist.
        assert view_on_site(intruder, obj, object_id=999999).status_code == 404
    assert view_on_site(owner, draft)["Location"].endswith("/quizzes/secret-exam/")
    # Teachers read attempts through their assignments' results, not the attempts' admin pages.
    assert view_on_site(owner, attempt).status_code == 404
    admin = logged_in(get_user_model().objects.create_superuser("head", password="x"))
    assert view_on_site(admin, attempt)["Location"].endswith(f"/attempts/{attempt.pk}/results/")
    # Shared sets are for every teacher to read.
    shared = QuestionSet.objects.get(slug="the-timeline")
    assert view_on_site(intruder, shared)["Location"].endswith("/quizzes/the-timeline/")


def test_view_on_site_refuses_strangers_and_nonsense(client, teacher):
    draft = make_question_set(questions=1, owner=teacher, published=False)
    response = view_on_site(client, draft)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    staff = logged_in(teacher)
    assert view_on_site(staff, draft, object_id="not-a-number").status_code == 404
    assert staff.get(f"/admin/r/999999/{draft.pk}/").status_code == 404
    # A model without an admin, such as the join-code limit, is never shown.
    assert view_on_site(staff, ContentType.objects.first()).status_code == 404

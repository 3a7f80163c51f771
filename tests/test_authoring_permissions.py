"""The permission ladder for every authoring page and action: anonymous, teacher, other teacher,
superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from quizzes.models import Attempt, QuestionSet
from tests.factories import logged_in, make_question_set

pytestmark = pytest.mark.django_db
PASSWORD = "a long teacher password 91"


def make_teacher(username, monkeypatch):
    """A teacher as whoever runs the server makes one: with the create_teacher command."""
    monkeypatch.setenv("DJANGO_TEACHER_PASSWORD", PASSWORD)
    call_command("create_teacher", username, "--noinput", verbosity=0)
    return get_user_model().objects.get(username=username)


@pytest.fixture
def people(monkeypatch):
    teacher = make_teacher("teacher", monkeypatch)
    other = make_teacher("other", monkeypatch)
    admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    own = make_question_set(questions=2, owner=teacher, published=False, title="Mine")
    others = make_question_set(questions=2, owner=other, published=False, title="Theirs")
    shared = QuestionSet.objects.get(slug="the-proposals")
    return {
        "anonymous": Client(),
        "teacher": logged_in(teacher),
        "other": logged_in(other),
        "admin": logged_in(admin),
        "own": own,
        "others": others,
        "shared": shared,
        "users": {"teacher": teacher, "other": other, "admin": admin},
    }


def status(client, url):
    return client.get(url).status_code


def test_teachers_are_staff_but_not_superusers_and_hold_no_user_permissions(people):
    teacher = people["users"]["teacher"]
    assert teacher.is_staff and not teacher.is_superuser
    assert teacher.groups.filter(name="Teachers").exists()
    assert not any(p.startswith("auth.") for p in teacher.get_all_permissions())
    assert teacher.has_perm("quizzes.change_questionset")


def test_create_teacher_refuses_without_a_password(monkeypatch):
    monkeypatch.delenv("DJANGO_TEACHER_PASSWORD", raising=False)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DJANGO_TEACHER_PASSWORD"):
        call_command("create_teacher", "nopass", "--noinput")
    assert not get_user_model().objects.filter(username="nopass").exists()


def test_create_teacher_prompts_for_a_password(monkeypatch):
    answers = iter(["short", "short", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_teacher", "asked", verbosity=0)
    assert get_user_model().objects.get(username="asked").check_password(PASSWORD)


def test_anonymous_visitors_are_sent_to_the_login_page(people):
    client = people["anonymous"]
    for url in [
        "/admin/quizzes/questionset/",
        "/admin/quizzes/questionset/add/",
        f"/admin/quizzes/questionset/{people['own'].pk}/change/",
        "/admin/quizzes/questionset/import/",
        "/admin/quizzes/question/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    preview = client.get(f"/preview/{people['own'].pk}/1/")
    assert preview.status_code == 302 and "/admin/login/" in preview["Location"]


def test_the_set_list_shows_own_and_shared_sets_only(people):
    body = people["teacher"].get("/admin/quizzes/questionset/").content.decode()
    assert "Mine" in body and "The proposals" in body and "Theirs" not in body
    everything = people["admin"].get("/admin/quizzes/questionset/").content.decode()
    assert "Mine" in everything and "Theirs" in everything


@pytest.mark.parametrize(
    ("who", "own", "shared", "others"),
    [
        ("teacher", "edit", "view", "hidden"),
        ("other", "hidden", "view", "edit"),
        ("admin", "edit", "edit", "edit"),
    ],
)
def test_change_pages_follow_ownership(people, who, own, shared, others):
    client = people[who]
    for name, expected in [("own", own), ("shared", shared), ("others", others)]:
        question_set = people[name]
        response = client.get(f"/admin/quizzes/questionset/{question_set.pk}/change/")
        if expected == "hidden":
            assert response.status_code == 302, name  # "doesn't exist" back to the list
            continue
        body = response.content.decode()
        assert response.status_code == 200
        assert ('name="title_en"' in body) == (expected == "edit"), (who, name)
        question = question_set.questions.first()
        question_page = client.get(f"/admin/quizzes/question/{question.pk}/change/")
        assert ('name="prompt_en"' in question_page.content.decode()) == (expected == "edit")


def test_a_teacher_cannot_change_or_delete_a_set_that_is_not_theirs(people):
    for question_set in (people["shared"], people["others"]):
        before = QuestionSet.objects.get(pk=question_set.pk).title
        response = people["teacher"].post(
            f"/admin/quizzes/questionset/{question_set.pk}/change/",
            {
                "title_en": "Hijacked",
                "slug": question_set.slug,
                "topic_en": "x",
                "description_en": "x",
            },
        )
        assert response.status_code in (302, 403)
        assert QuestionSet.objects.get(pk=question_set.pk).title == before
        people["teacher"].post(
            f"/admin/quizzes/questionset/{question_set.pk}/delete/", {"post": "yes"}
        )
        assert QuestionSet.objects.filter(pk=question_set.pk).exists()


def test_a_teacher_cannot_file_a_question_under_another_teachers_set(people):
    question = people["own"].questions.first()
    response = people["teacher"].get(f"/admin/quizzes/question/{question.pk}/change/")
    options = response.context["adminform"].form.fields["question_set"].queryset
    assert list(options) == [people["own"]]


def test_a_new_set_belongs_to_the_teacher_who_made_it(people):
    response = people["teacher"].post(
        "/admin/quizzes/questionset/add/",
        {
            "title_en": "New set",
            "slug": "new-set",
            "topic_en": "t",
            "description_en": "d",
            "shuffle_choices": "on",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert QuestionSet.objects.get(slug="new-set").owner == people["users"]["teacher"]


@pytest.mark.parametrize("who", ["teacher", "other", "admin"])
def test_preview_follows_visibility_and_never_creates_an_attempt(people, who):
    client = people[who]
    for name in ("own", "shared", "others"):
        question_set = people[name]
        visible = who == "admin" or name == "shared" or (who == "teacher") == (name == "own")
        response = client.get(f"/preview/{question_set.pk}/1/")
        assert response.status_code == (200 if visible else 404), (who, name)
    question_set = people["shared"] if who != "admin" else people["own"]
    client.post(f"/preview/{question_set.pk}/1/", {"choice": "1"})
    assert not Attempt.objects.exists()


def run_action(client, action, question_sets):
    return client.post(
        "/admin/quizzes/questionset/",
        {"action": action, "_selected_action": [s.pk for s in question_sets]},
    )


def test_duplicate_is_open_to_visible_sets_and_makes_a_private_draft(people):
    run_action(people["teacher"], "duplicate", [people["shared"]])
    copy = QuestionSet.objects.get(title="The proposals (copy)")
    assert copy.owner == people["users"]["teacher"] and not copy.is_published
    run_action(people["teacher"], "duplicate", [people["others"]])
    assert not QuestionSet.objects.filter(title="Theirs (copy)").exists()
    run_action(people["anonymous"], "duplicate", [people["shared"]])
    assert QuestionSet.objects.filter(title="The proposals (copy)").count() == 1


def test_exports_only_reach_sets_the_user_may_see(people):
    response = run_action(people["teacher"], "export_as_json", [people["own"]])
    assert response["Content-Disposition"].startswith("attachment")
    assert b"Prompt 1" in response.content
    refused = run_action(people["teacher"], "export_as_json", [people["others"]])
    assert b"Prompt 1" not in refused.content and refused.status_code == 302
    gift = run_action(people["other"], "export_as_gift", [people["others"]])
    assert b"Prompt 1" in gift.content
    assert run_action(people["anonymous"], "export_as_gift", [people["own"]]).status_code == 302


def test_import_page_is_for_teachers_and_superusers(people):
    assert status(people["teacher"], "/admin/quizzes/questionset/import/") == 200
    assert status(people["admin"], "/admin/quizzes/questionset/import/") == 200


def test_teachers_cannot_reach_user_or_group_admin(people):
    for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/quizzes/attempt/"]:
        assert status(people["teacher"], url) == 403, url
    assert status(people["admin"], "/admin/auth/user/") == 200

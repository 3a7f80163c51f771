"""What a teacher reads in Ukrainian: the class pages under /uk/teach/, the admin's question sets,
questions and assignments (the admin follows the language cookie), the import page and its
problems, results and confirmation pages, with none of the English they showed before; and the
catalogue that holds it, complete."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from quizzes.models import Assignment, QuestionSet
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "uk" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def teacher():
    return make_teacher("vchytelka")


@pytest.fixture
def ukrainian(teacher) -> Client:
    """The teacher, signed in, who chose Ukrainian with the switcher."""
    client = logged_in(teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    return client


@pytest.fixture
def own_set(teacher):
    return make_question_set(questions=3, owner=teacher, audience=QuestionSet.Audience.CLASSES)


def make_class(own_set, teacher, **fields):
    return Assignment.objects.create(
        title="Історія, 10-Б", question_set=own_set, owner=teacher, **fields
    )


def join(assignment, name):
    student = Student(Client())
    student.client.post("/join/", {"code": assignment.join_code, "name": name})
    return student, assignment.attempts.get(display_name=name)


def page(client, url, status=200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    return response.content.decode()


def assert_none_of(text: str, english: list[str]):
    shown = [phrase for phrase in english if phrase in text]
    assert not shown, f"still in English: {shown}"


def test_the_teach_home_is_in_ukrainian(ukrainian, own_set, teacher):
    make_class(own_set, teacher, pace=Assignment.Pace.TEACHER)
    text = page(ukrainian, "/uk/teach/")
    assert '<html lang="uk"' in text
    for phrase in ["Провести заняття", "Ваші заняття", "Провести з класом", "3 питання",
                   "У темпі вчителя", "лише для ваших класів", "Тривалість",
                   "1 година"]:  # fmt: skip
        assert phrase in text, phrase
    assert_none_of(
        text,
        ["Run with a class", "Run a class", "Your classes", "Teacher-paced", "3 questions",
         "for your classes only", "Open for", "1 hour", "Show correct answers", "Pace"],
    )  # fmt: skip


def test_the_class_screen_and_its_live_part_are_in_ukrainian(ukrainian, own_set, teacher):
    assignment = make_class(own_set, teacher, pace=Assignment.Pace.TEACHER)
    join(assignment, "Оксана")
    join(assignment, "Богдан")
    base = f"/uk/teach/classes/{assignment.pk}"
    screen = page(ukrainian, f"{base}/")
    for phrase in ["Приєднуйтеся на", "Скануйте, щоб приєднатися", "Відкрити питання 1",
                   "Завершити заняття", "Приховати імена", "Приєдналися 2 учні",
                   "Коли всі приєднаються, відкрийте перше питання."]:  # fmt: skip
        assert phrase in screen, phrase
    assert_none_of(
        screen,
        ["Join at", "Scan to join", "Open question", "End the class", "Hide names",
         "students joined", "Full results in the admin", "updates by itself"],
    )  # fmt: skip

    moved = ukrainian.post(f"{base}/move/", {"action": "next", "question": 0})
    assert moved.status_code == 302 and moved["Location"] == f"{base}/"
    live = page(ukrainian, f"{base}/live/")
    assert "Питання 1 з 3" in live and "Відповіли <strong>0 з 2</strong>" in live
    assert_none_of(live, ["Question 1 of 3", "</strong> answered", "students joined"])

    again = ukrainian.post(f"{base}/move/", {"action": "next", "question": 0})
    assert again.status_code == 409
    assert "Заняття вже перейшло далі" in again.content.decode()
    assert "already moved on" not in again.content.decode()


def test_a_self_paced_class_shows_its_progress_and_summary_in_ukrainian(
    ukrainian, own_set, teacher
):
    assignment = make_class(own_set, teacher)
    student, attempt = join(assignment, "Оксана")
    student.client.post(attempt.question_url(1), student.right_answer(attempt, 1))
    base = f"/uk/teach/classes/{assignment.pk}"
    live = page(ukrainian, f"{base}/live/")
    assert "Відповіді на цей момент" in live and "Правильних на цей момент" in live
    assert "1 з 1" in live and "Приєднався 1 учень" in live
    assert_none_of(live, ["Answers so far", "Right so far", "1 of 1", "student joined"])

    ukrainian.post(f"{base}/move/", {"action": "finish", "question": 0})
    summary = page(ukrainian, f"{base}/summary/")
    for phrase in ["Що класові далося найважче", "Узяв участь 1 учень;",
                   "0 відповіли на всі питання.", "Назад до екрана заняття"]:  # fmt: skip
        assert phrase in summary, phrase
    assert_none_of(
        summary,
        ["What the class found hardest", "took part", "answered every question",
         "Back to the class screen", "Sections to reread"],
    )  # fmt: skip


def test_the_admin_pages_of_sets_questions_and_assignments_are_in_ukrainian(
    ukrainian, own_set, teacher
):
    assignment = make_class(own_set, teacher)
    question = own_set.questions.first()
    index = page(ukrainian, "/admin/")
    for phrase in ["Тести", "Пояснення", "Набори питань", "Завдання", "Події хронології"]:
        assert phrase in index, phrase
    assert_none_of(index, [">Quizzes<", ">Explainer<", "Question sets", "Timeline events"])
    sets = page(ukrainian, "/admin/quizzes/questionset/")
    for phrase in ["Імпортувати набір", "Скопіювати як мою чернетку", "Експортувати в JSON",
                   "хто може проходити"]:  # fmt: skip
        assert phrase in sets, phrase
    assert_none_of(sets, ["Import a set", "Duplicate as my draft", "Export as", "who can take it"])

    set_form = page(ukrainian, f"/admin/quizzes/questionset/{own_set.pk}/change/")
    for phrase in ["Переглянути як учень", "Додати питання", "Перевірка формулювань питань",
                   "Учні бачать лише опубліковані набори.", "перемішувати варіанти"]:  # fmt: skip
        assert phrase.lower() in set_form.lower(), phrase
    assert_none_of(
        set_form,
        ["Preview as a student", "Add a question", "Question-writing checks",
         "Only published sets are shown", "Shuffle choices"],
    )  # fmt: skip

    questions = page(ukrainian, "/admin/quizzes/question/")
    assert "Одна правильна відповідь" in questions
    assert_none_of(questions, ["Single choice", "question set"])
    question_form = page(ukrainian, f"/admin/quizzes/question/{question.pk}/change/")
    for phrase in ["Показується після відповіді. Markdown.", "коментар", "частковий бал"]:
        assert phrase.lower() in question_form.lower(), phrase
    assert_none_of(question_form, ["Shown after answering", "Part credit", "Feedback"])

    assignments = page(ukrainian, "/admin/quizzes/assignment/")
    assert "код приєднання" in assignments.lower() and "Результати" in assignments
    assert_none_of(assignments, ["Join code", ">Results<"])
    change = page(ukrainian, f"/admin/quizzes/assignment/{assignment.pk}/change/")
    for phrase in ["Відкрити екран заняття для проєктора", "Видалити всі відповіді учнів…",
                   "Лише після закриття завдання", "Порожньо — відкрите одразу."]:  # fmt: skip
        assert phrase in change, phrase
    assert_none_of(
        change,
        ["Open the class screen", "Delete all students", "Only after the assignment closes",
         "Empty: open now."],
    )  # fmt: skip


def test_results_and_the_confirmation_before_deleting_answers_are_in_ukrainian(
    ukrainian, own_set, teacher
):
    assignment = make_class(own_set, teacher)
    for name in ("Оксана", "Богдан"):
        student, attempt = join(assignment, name)
        student.client.post(attempt.question_url(1), student.right_answer(attempt, 1))
    base = f"/admin/quizzes/assignment/{assignment.pk}"
    results = page(ukrainian, f"{base}/results/")
    for phrase in ["За розділами пояснень", "Легкість", "Розрізнювальна здатність",
                   "27% найкращих завершених спроб", "2 учні.", "не завершено"]:  # fmt: skip
        assert phrase in results, phrase
    assert "27%%" not in results
    assert_none_of(
        results,
        ["By explainer section", "Facility", "Discrimination", "not finished", "2 students",
         "Download:"],
    )  # fmt: skip
    # The CSV files keep their English headers, for the spreadsheets and scripts that read them.
    csv_header = ukrainian.get(f"{base}/results/students.csv").content.decode().splitlines()[0]
    assert csv_header.startswith("name,score,out of,started,finished")

    confirm = page(ukrainian, f"{base}/delete-data/")
    assert "Так, видалити 2 спроби" in confirm and "Буде видалено 2 спроби" in confirm
    assert_none_of(confirm, ["Yes, delete", "This deletes", "cannot be undone"])
    deleted = ukrainian.post(f"{base}/delete-data/", follow=True)
    assert "Видалено спроб: 2, відповідей: 2" in deleted.content.decode()
    assert "Deleted 2 attempts" not in deleted.content.decode()


def test_djangos_own_action_confirmation_names_the_questions_in_ukrainian(ukrainian, own_set):
    chosen = list(own_set.questions.values_list("pk", flat=True)[:2])
    response = ukrainian.post(
        "/admin/quizzes/question/", {"action": "delete_selected", "_selected_action": chosen}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Так, я впевнений" in text
    assert "Видалити кілька об'єктів" in text or "Ви впевнені" in text
    assert_none_of(text, ["Yes, I’m sure", "Are you sure"])


def test_the_import_page_and_a_gift_file_with_a_mistake_are_in_ukrainian(ukrainian):
    url = "/admin/quizzes/questionset/import/"
    form = page(ukrainian, url)
    for phrase in ["Завантажити файл", "Перевірити файл", "Лише для GIFT: назва нового набору."]:
        assert phrase in form, phrase
    assert_none_of(form, ["Upload a file", "Check the file", "GIFT only"])

    gift = "::Q1:: Who guarantees? {\n=Five states\n~Nobody\n}\n\n::Q2:: No answers here {\n}\n"
    response = ukrainian.post(
        url,
        {
            "file": SimpleUploadedFile("set.gift", gift.encode()),
            "title": "З GIFT",
            "source": "the-page-2022-03-29",
            "section": "guarantors",
        },
    )
    text = response.content.decode()
    assert "Нічого не імпортовано" in text
    # The line number stays, so the teacher can find the mistake in the file.
    assert "Рядок 6: Питання 2 є питанням-есе (порожні { }), яке не можна імпортувати." in text
    assert_none_of(text, ["Nothing was imported", "Line 6", "essay question", "Upload another"])


def test_question_writing_warnings_are_ukrainian_in_the_admin_and_english_from_check_sets(
    ukrainian, teacher, capsys
):
    question_set = make_question_set(questions=2, owner=teacher, shuffle_choices=False)
    form = page(ukrainian, f"/admin/quizzes/questionset/{question_set.pk}/change/")
    assert "«Перемішувати варіанти» вимкнено" in form
    assert "is off" not in form

    with translation.override("uk"):
        call_command("check_sets", question_set.slug, "--warn-only")
    assert "“Shuffle choices” is off" in capsys.readouterr().out


def test_the_english_pages_stay_english(teacher, own_set):
    client = logged_in(teacher)
    text = page(client, "/teach/")
    assert "Run with a class" in text and "Провести з класом" not in text
    admin = page(client, "/admin/quizzes/questionset/")
    assert "Duplicate as my draft" in admin and "Скопіювати" not in admin


def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy():
    text = CATALOGUE.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]  # the first is the header, with its empty msgid
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.MULTILINE)
    ]
    assert not untranslated, untranslated[:3]


def test_the_sign_in_lockout_page_is_in_ukrainian(teacher):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    for _ in range(10):
        locked = client.post("/admin/login/?next=/admin/", {"username": teacher.username,
                                                             "password": "guess"})  # fmt: skip
    text = locked.content.decode()
    assert locked.status_code == 429
    assert "Вхід заблоковано на 15 хвилин" in text
    assert "було введено 10 неправильних паролів поспіль" in text
    assert_none_of(text, ["Sign-in locked", "wrong passwords", "Try again in"])


def test_why_a_class_cannot_be_joined_is_said_in_ukrainian(own_set, teacher):
    assignment = make_class(own_set, teacher)
    assignment.question_set.is_published = False
    assignment.question_set.save()
    unknown = Client().post("/uk/join/", {"code": "ZZZZ-ZZZZ", "name": "Оксана"})
    assert "Жоден клас не має такого коду" in unknown.content.decode()
    assert "No class uses that code" not in unknown.content.decode()
    not_ready = Client().post("/uk/join/", {"code": assignment.join_code, "name": "Оксана"})
    assert not_ready.status_code == 403
    assert "Завдання «Історія, 10-Б» ще не готове" in not_ready.content.decode()
    assert "is not ready yet" not in not_ready.content.decode()

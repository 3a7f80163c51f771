"""The site in English and Ukrainian: the same pages at /… and /uk/…, the switcher, the first
visit's language, the question pages' integrity and cost in both, the English fallback of a
teacher's untranslated set, one set of results across both languages, and the content's
Ukrainian twins in the fixtures, the loader and the JSON export."""

import csv
import io
import itertools
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.locale import LocaleMiddleware
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

from config.language import LanguageMiddleware, address_in, preferred_elsewhere, this_address
from explainer.loading import load_explainer
from explainer.models import Section, Source, Term
from quizzes.classroom.analysis import assignment_results
from quizzes.interchange.fixtures import load_quizzes
from quizzes.interchange.sets import question_set_save
from quizzes.interchange.upload import export_json, read_json
from quizzes.models import Answer, Assignment, Choice, QuestionSet
from tests.factories import Student, logged_in, make_question_set, make_teacher
from tests.test_quiz_integrity import answer_area, normalised_rows

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LANG = re.compile(r'<html lang="([^"]+)">')
SWITCH = re.compile(r'<form class="language-switch".*?</form>', re.S)
NOTE = "Ця частина ще не перекладена: показано англійський текст."


def ukrainian(url: str) -> str:
    return "/uk" + url


def student_urls(client) -> list[str]:
    """Every kind of page a student reads, at its English address."""
    student = Student(client)
    question_set = QuestionSet.objects.for_practice().order_by("title").first()
    attempt = student.start(question_set)
    for number in range(1, attempt.total + 1):
        student.answer(attempt, number, student.right_answer(attempt, number))
    return [
        "/",
        *(section.get_absolute_url() for section in Section.objects.order_by("number")),
        "/glossary/",
        "/timeline/",
        "/sources/",
        "/quizzes/",
        f"/quizzes/{question_set.slug}/",
        attempt.question_url(1),
        attempt.get_absolute_url(),
        "/join/",
        "/privacy/",
    ]


def test_every_student_page_answers_200_in_both_languages_with_its_lang(client):
    for url in student_urls(client):
        english = client.get(url)
        assert english.status_code == 200, url
        assert LANG.search(english.text).group(1) == "en", url
        assert english["Content-Language"] == "en"
        other = client.get(ukrainian(url))
        assert other.status_code == 200, ukrainian(url)
        assert LANG.search(other.text).group(1) == "uk", ukrainian(url)
        assert other["Content-Language"] == "uk"


def test_the_switcher_on_every_page_opens_the_same_page_in_the_other_language(client):
    for url in student_urls(client):
        for here, there, code, name in (
            (url, ukrainian(url), "uk", "Українська"),
            (ukrainian(url), url, "en", "English"),
        ):
            switch = SWITCH.search(client.get(here).text).group(0)
            assert 'action="/language/"' in switch and 'method="post"' in switch
            assert f'name="next" value="{there}"' in switch, (here, switch)
            assert f'name="language" value="{code}" lang="{code}">{name}</button>' in switch
            assert "csrfmiddlewaretoken" in switch


def test_switching_is_a_post_remembered_in_the_cookie(client):
    switched = client.post("/language/", {"language": "uk", "next": "/uk/glossary/"})
    assert (switched.status_code, switched["Location"]) == (302, "/uk/glossary/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    # Remembered: an English address opens in Ukrainian, for a link or a bookmark.
    remembered = client.get("/timeline/?from=bookmark")
    assert (remembered.status_code, remembered["Location"]) == (302, "/uk/timeline/?from=bookmark")
    back = client.post("/language/", {"language": "en", "next": "/glossary/"})
    assert back["Location"] == "/glossary/"
    assert client.get("/timeline/").status_code == 200


def test_the_switcher_refuses_a_get_and_a_post_without_csrf():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/language/", {"language": "uk", "next": "/uk/"}).status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in strict.cookies
    strict.get("/language/?language=uk&next=/uk/")
    assert settings.LANGUAGE_COOKIE_NAME not in strict.cookies


def test_a_first_visit_preferring_ukrainian_lands_on_uk(client):
    response = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.8"})
    assert (response.status_code, response["Location"]) == (302, "/uk/")
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,uk;q=0.5"})
    assert english.status_code == 200
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in english["Vary"].split(",")}
    # A chosen language beats the browser's: the cookie says English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", headers={"Accept-Language": "uk"}).status_code == 200


def test_a_ukrainian_link_opens_in_ukrainian_whatever_the_cookie_says(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/uk/glossary/", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and LANG.search(response.text).group(1) == "uk"


def test_the_admin_and_healthz_have_no_language_prefix_and_the_admin_follows_the_cookie():
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/uk/healthz").status_code == 404
    assert Client().get("/uk/admin/").status_code == 404
    admin = logged_in(make_teacher("mova"))
    assert 'lang="en"' in admin.get("/admin/").text
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = admin.get("/admin/")
    assert page.status_code == 200 and 'lang="uk"' in page.text


def test_the_ukrainian_question_page_holds_no_answer_key_before_answering(student):
    question_set = QuestionSet.objects.for_practice().order_by("title").first()
    attempt = student.start(question_set)
    for number in range(1, attempt.total + 1):
        html = student.client.get(ukrainian(attempt.question_url(number))).text
        with translation.override("uk"):  # the choices' labels as the Ukrainian page shows them
            shown = student.shown(attempt, number)
            rows = normalised_rows(html, shown)
        assert len(set(rows)) == 1, (number, rows)
        area = answer_area(html)
        question = shown[0].question
        for text in (question.explanation_en, question.explanation_uk):
            assert not text or text[:40] not in area
        for choice in shown:
            for text in (choice.feedback_en, choice.feedback_uk):
                assert not text or text[:40] not in area


def test_a_second_answer_in_ukrainian_changes_nothing(student):
    attempt = student.start(make_question_set(questions=2))
    url = ukrainian(attempt.question_url(1))
    first = student.client.post(url, student.wrong_answer(attempt, 1))
    assert (first.status_code, first["Location"]) == (302, url)
    again = student.client.post(url, student.right_answer(attempt, 1))
    assert again.status_code == 302
    assert list(Answer.objects.filter(attempt=attempt).values_list("score", "language")) == [
        (0.0, "uk")
    ]
    attempt.refresh_from_db()
    assert (attempt.score, attempt.answered_count) == (0, 1)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_question_page_costs_the_same_queries_in_both_languages(student):
    question_set = QuestionSet.objects.for_practice().order_by("title").first()
    attempt = student.start(question_set)
    from quizzes.question_cache import questions

    counts = {}
    for language, url in (
        ("en", attempt.question_url(2)),
        ("uk", ukrainian(attempt.question_url(2))),
    ):
        questions.clear()
        counts[language] = queries(student.client, url)
    assert counts["uk"] == counts["en"], counts
    # And a set without any Ukrainian text costs no more: no query per translated field.
    plain = student.start(make_question_set(questions=3, kinds=("multiple",)))
    questions.clear()
    assert queries(student.client, ukrainian(plain.question_url(2))) == counts["en"]


def test_a_teachers_untranslated_question_shows_in_english_with_a_note(student):
    attempt = student.start(make_question_set(questions=1))
    page = student.client.get(ukrainian(attempt.question_url(1))).text
    assert "Prompt 1 (single)" in page and "Choice 1" in page
    assert NOTE in page
    assert NOTE not in student.client.get(attempt.question_url(1)).text


def test_english_shown_on_a_ukrainian_page_is_marked_as_english_for_screen_readers(student):
    question_set = make_question_set(questions=1, kinds=("multiple",))
    question = question_set.questions.get()
    question.prompt_uk = "Питання 1"
    question.save()
    first = question.choices.get(position=1)
    first.text_uk = "Відповідь 1"
    first.save()
    attempt = student.start(question_set)
    url = ukrainian(attempt.question_url(1))
    page = student.client.get(url).text
    assert re.search(r"<legend>Питання 1</legend>", page)
    assert re.search(r"<span>Відповідь 1</span>", page)
    assert re.search(r'<span lang="en">Choice 2</span>', page)
    fragment = student.client.post(
        url, student.wrong_answer(attempt, 1), headers={"HX-Request": "true"}
    )
    assert re.search(r'<div class="explanation" lang="en"><p>Explanation 1', fragment.text)
    english = student.client.get(attempt.question_url(1)).text
    assert 'lang="en">' not in english.split("<html", 1)[1].split(">", 1)[1]


def test_a_translated_question_has_no_note(student):
    question_set = make_question_set(questions=1)
    question = question_set.questions.get()
    question.prompt_uk, question.explanation_uk = "Питання 1", "Пояснення 1"
    question.save()
    for choice in question.choices.all():
        choice.text_uk = f"Відповідь {choice.position}"
        choice.feedback_uk = "Ні." if choice.feedback_en else ""
        choice.save()
    attempt = student.start(question_set)
    page = student.client.get(ukrainian(attempt.question_url(1))).text
    assert "Питання 1" in page and "Відповідь 2" in page and "Prompt 1" not in page
    assert NOTE not in page


def test_the_note_comes_with_the_english_explanation_in_the_fragment_that_shows_it(student):
    """Prompt and choices translated, explanation and feedback not: no note before the answer
    (nothing English is shown), and the htmx feedback that shows the English explanation says so."""
    question_set = make_question_set(questions=1)
    question = question_set.questions.get()
    question.prompt_uk = "Питання 1"
    question.save()
    for choice in question.choices.all():
        choice.text_uk = f"Відповідь {choice.position}"
        choice.save()
    attempt = student.start(question_set)
    url = ukrainian(attempt.question_url(1))
    before = student.client.get(url).text
    assert "Питання 1" in before and NOTE not in before
    fragment = student.client.post(
        url, student.wrong_answer(attempt, 1), headers={"HX-Request": "true"}
    )
    assert "Explanation 1" in fragment.text and NOTE in fragment.text


def test_one_answer_in_each_language_counts_together_with_the_languages_shown():
    teacher = make_teacher("dvi-movy")
    question_set = make_question_set(questions=2, owner=teacher)
    assignment = Assignment.objects.create(title="10B", question_set=question_set, owner=teacher)
    for name, prefix in (("Ana", ""), ("Bohdan", "/uk")):
        student = Student(Client())
        joined = student.client.post(
            f"{prefix}/join/", {"code": assignment.join_code, "name": name}
        )
        assert joined.status_code == 302
        attempt = assignment.attempts.get(display_name=name)
        url = prefix + attempt.question_url(1)
        assert student.client.post(url, student.right_answer(attempt, 1)).status_code == 302

    assert sorted(Answer.objects.values_list("language", flat=True)) == ["en", "uk"]
    results = assignment_results(assignment)
    first = results.questions[0]
    assert (first.answered, first.facility) == (2, 1.0)
    assert [(row.answered, row.correct) for row in results.sections] == [(2, 2)]
    assert results.languages == {"en": 1, "uk": 1}

    admin = logged_in(teacher)
    base = f"/admin/quizzes/assignment/{assignment.pk}/results"
    page = admin.get(f"{base}/").text
    assert "English 1, Ukrainian 1." in page
    rows = list(csv.reader(io.StringIO(admin.get(f"{base}/students.csv").content.decode())))
    header, *students = rows
    assert header[6:8] == ["answers in English", "answers in Ukrainian"]
    assert {row[0]: row[6:8] for row in students} == {"Ana": ["1", "0"], "Bohdan": ["0", "1"]}
    questions = list(csv.reader(io.StringIO(admin.get(f"{base}/questions.csv").content.decode())))
    assert questions[1][4:6] == ["2", "1.0"]


def test_a_json_export_carries_the_ukrainian_and_round_trips_identically():
    question_set = make_question_set(questions=2, kinds=("single", "ordering"))
    question_set.title_uk, question_set.topic_uk = "Набір", "Тема"
    question_set.save()
    question = question_set.questions.get(position=1)
    question.prompt_uk = "Питання?"
    question.save()
    choice = question.choices.get(position=2)
    choice.text_uk, choice.feedback_uk = "Відповідь 2", "Тому що."
    choice.save()

    with translation.override("uk"):  # the export is the same whatever the admin's language
        exported = export_json([question_set])
    data = json.loads(exported)["question_sets"][0]
    assert (data["title"], data["title_uk"]) == (question_set.title_en, "Набір")
    assert "description_uk" not in data  # an untranslated text has no Ukrainian key
    assert data["questions"][0]["prompt_uk"] == "Питання?"
    assert data["questions"][0]["choices"][1]["text_uk"] == "Відповідь 2"
    assert data["questions"][0]["choices"][1]["feedback_uk"] == "Тому що."

    upload = read_json(exported)
    assert not upload.problems
    copy = question_set_save(upload.sets[0])
    again = json.loads(export_json([copy]))["question_sets"][0]
    assert again == data
    assert copy.questions.get(position=1).prompt_uk == "Питання?"


def test_an_overlong_ukrainian_text_in_an_import_is_a_named_problem():
    question_set = make_question_set(questions=1)
    data = json.loads(export_json([question_set]))
    data["question_sets"][0]["questions"][0]["choices"][0]["text_uk"] = "я" * 501
    problems = [str(p) for p in read_json(json.dumps(data)).problems]
    assert problems == [
        f"Set 1 ({question_set.title}): Question 1: the text of choice 1 in Ukrainian is "
        "longer than 500 characters (it has 501)."
    ]


def test_load_content_puts_each_fixture_text_and_its_ukrainian_twin_in_their_columns(tmp_path):
    directory = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, directory)
    sources = directory / "explainer" / "sources.toml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + '\n[[sources]]\nkey = "new-source"\npublisher = "Publisher"\ntitle = "A title"\n'
        'title_uk = "Назва"\npublished = "2022"\n',
        encoding="utf-8",
    )
    (directory / "quizzes" / "a-new-set.toml").write_text(
        'slug = "a-new-set"\ntitle = "A new set"\ntitle_uk = "Новий набір"\n'
        'topic = "Topic"\ndescription = "One line."\n'
        "[[questions]]\n"
        'kind = "true_false"\nprompt = "Is it?"\nprompt_uk = "Чи так?"\n'
        'explanation = "Because."\nsource = "new-source"\n'
        f'section = "{Section.objects.first().slug}"\n'
        '[[questions.choices]]\ntext = "True"\ntext_uk = "Правда"\ncorrect = true\n'
        '[[questions.choices]]\ntext = "False"\ntext_uk = "Неправда"\n'
        'feedback = "No."\nfeedback_uk = "Ні."\n',
        encoding="utf-8",
    )
    for path in (directory / "quizzes").glob("*.toml"):
        if path.name != "a-new-set.toml":
            path.unlink()

    assert load_explainer(directory / "explainer")["sources"] == 1
    assert load_quizzes(directory / "quizzes")["question sets"] == 1

    source = Source.objects.get(key="new-source")
    assert (source.title_en, source.title_uk) == ("A title", "Назва")
    question_set = QuestionSet.objects.get(slug="a-new-set")
    assert (question_set.title_en, question_set.title_uk, question_set.topic_uk) == (
        "A new set",
        "Новий набір",
        None,
    )
    question = question_set.questions.get()
    assert (question.prompt_en, question.prompt_uk, question.explanation_uk) == (
        "Is it?",
        "Чи так?",
        None,
    )
    assert list(question.choices.values_list("text_en", "text_uk", "feedback_uk")) == [
        ("True", "Правда", None),
        ("False", "Неправда", "Ні."),
    ]
    with translation.override("uk"):
        assert question.explanation == "Because."  # English where there is no Ukrainian


# The fields that the translators' contract gives a Ukrainian twin, by fixture file and list.
CONTRACT = {
    "explainer/sections.toml": {"sections": ["title", "summary", "body"]},
    "explainer/terms.toml": {"terms": ["name", "aliases", "definition"]},
    "explainer/timeline.toml": {"events": ["title", "description"]},
    "explainer/sources.toml": {"sources": ["title"]},
    "explainer/neutral_states.toml": {"states": ["country", "basis", "since", "today"]},
    "explainer/proposals.toml": {"points": ["title", "body"]},
    "explainer/guarantors.toml": {"guarantors": ["name"]},
    "explainer/claims.toml": {"claims": ["question", "speaker", "paraphrase"]},
}


def untranslated_fields() -> list[str]:
    """Every shipped text the contract lists whose `_uk` twin is missing or empty."""
    missing = []

    def check(where, entry, fields):
        for field in fields:
            if entry.get(field) and not entry.get(f"{field}_uk"):
                missing.append(f"{where}: {field}_uk")

    for name, lists in CONTRACT.items():
        data = tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"))
        for list_name, fields in lists.items():
            for entry in data[list_name]:
                where = f"{name} [{entry.get('slug') or entry.get('key')}]"
                check(where, entry, fields)
                for change in entry.get("changes", []):
                    check(f"{where} change {change['date']}", change, ["note"])
    for path in sorted((FIXTURES / "quizzes").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        where = f"quizzes/{path.name}"
        check(where, data, ["title", "topic", "description"])
        for number, question in enumerate(data["questions"], start=1):
            check(f"{where} question {number}", question, ["prompt", "explanation"])
            for choice in question.get("choices", []):
                check(f"{where} question {number} choice", choice, ["text", "feedback"])
            for item in question.get("items", []):
                if isinstance(item, dict):
                    check(f"{where} question {number} item", item, ["text"])
    return missing


def test_the_fixture_contract_check_finds_a_missing_twin(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(f"{__name__}.FIXTURES", tmp_path)
    (tmp_path / "quizzes" / "extra.toml").write_text(
        'title = "T"\ntitle_uk = "Т"\ntopic = "x"\ntopic_uk = "х"\n[[questions]]\nprompt = "P"\n',
        encoding="utf-8",
    )
    missing = untranslated_fields()
    assert "quizzes/extra.toml question 1: prompt_uk" in missing
    assert "quizzes/extra.toml: title_uk" not in missing


def test_every_shipped_content_field_is_filled_in_ukrainian():
    missing = untranslated_fields()
    assert not missing, f"{len(missing)} texts without Ukrainian, such as:\n" + "\n".join(
        missing[:20]
    )


def test_term_names_may_wait_for_their_ukrainian_name_together():
    # Two terms without a Ukrainian name do not collide on the unique Ukrainian column.
    Term.objects.create(slug="one-more", name_en="One more term", definition_en="A.")
    Term.objects.create(slug="and-another", name_en="And another", definition_en="B.")
    assert Term.objects.filter(name_uk__isnull=True).count() >= 2


NUMBER_ATTRIBUTE = re.compile(r'\s(cx|cy|r|x|y|x1|x2|y1|y2|width|height)="([^"]*)"')


def test_pictures_keep_a_decimal_point_in_ukrainian(client):
    # Ukrainian formats numbers with a decimal comma, which SVG reads as no length at all.
    for url in ("/uk/timeline/", "/uk/explainer/guarantors/", "/uk/explainer/neutral-states/"):
        svg = "".join(re.findall(r"<svg.*?</svg>", client.get(url).text, re.S))
        values = NUMBER_ATTRIBUTE.findall(svg)
        assert len(values) > 20, url
        bad = [
            f"{name}={value}" for name, value in values if not re.fullmatch(r"-?[\d.]+%?", value)
        ]
        assert not bad, (url, bad[:5])


def fixture_entry(name, list_name, slug):
    data = tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return next(entry for entry in data[list_name] if entry.get("slug", entry.get("key")) == slug)


def test_load_content_gives_an_older_installation_the_ukrainian_and_keeps_admin_edits():
    # As loaded before the fixtures had Ukrainian: every _uk column of these rows empty.
    Section.objects.update(title_uk=None, summary_uk=None, body_uk=None)
    Term.objects.update(name_uk=None, aliases_uk=None, definition_uk=None)
    proposals = QuestionSet.objects.get(slug="the-proposals")
    QuestionSet.objects.filter(pk=proposals.pk).update(title_uk=None)
    proposals.questions.update(prompt_uk=None, explanation_uk=None)
    Choice.objects.filter(question__question_set=proposals).update(text_uk=None, feedback_uk="")
    # Edits made in the admin: English rewritten, and a Ukrainian text of the teacher's own.
    Section.objects.filter(slug="guarantors").update(summary_en="Rewritten in the admin.")
    Section.objects.filter(slug="neutral-states").update(title_uk="Моя назва")

    out = io.StringIO()
    call_command("load_content", stdout=out)
    assert "0 sections" in out.getvalue()

    istanbul = Section.objects.get(slug="istanbul-proposals")
    entry = fixture_entry("explainer/sections.toml", "sections", "istanbul-proposals")
    assert (istanbul.title_uk, istanbul.body_uk) == (entry["title_uk"], entry["body_uk"].strip())
    assert not Term.objects.filter(name_uk__isnull=True).exists()
    guarantors = Section.objects.get(slug="guarantors")
    assert guarantors.summary_uk is None and guarantors.title_uk  # no twin for rewritten English
    assert Section.objects.get(slug="neutral-states").title_uk == "Моя назва"
    proposals.refresh_from_db()
    data = tomllib.loads((FIXTURES / "quizzes" / "the-proposals.toml").read_text("utf-8"))
    assert proposals.title_uk == data["title_uk"]
    first = proposals.questions.order_by("position").first()
    assert first.prompt_uk == data["questions"][0]["prompt_uk"].strip()
    texts = list(first.choices.order_by("position").values_list("text_uk", flat=True))
    assert texts == [choice["text_uk"] for choice in data["questions"][0]["choices"]]

    again = io.StringIO()
    call_command("load_content", stdout=again)
    assert "0 Ukrainian texts added to existing rows" in again.getvalue()
    assert "0 Ukrainian quiz texts added" in again.getvalue()


def test_a_cached_question_shows_in_the_language_of_each_page(student):
    question_set = make_question_set(questions=1)
    question = question_set.questions.get()
    question.prompt_uk = "Питання, перекладене"
    question.save()
    attempt = student.start(question_set)
    english = student.page(attempt, 1).text  # the question is cached from here on
    other = student.client.get(ukrainian(attempt.question_url(1))).text
    assert "Prompt 1 (single)" in english and "Питання, перекладене" not in english
    assert "Питання, перекладене" in other and "Prompt 1 (single)" not in other
    assert "Prompt 1 (single)" in student.page(attempt, 1).text


def test_every_student_page_runs_as_many_queries_in_ukrainian_as_in_english(client):
    # The translations are columns of the same rows: no page may fetch them separately, and a
    # page that reads only some fields (.only(), .defer()) must not fetch the others one by one.
    from quizzes.question_cache import questions

    for url in student_urls(client):
        questions.clear()
        english = queries(client, url)
        questions.clear()
        assert queries(client, ukrainian(url)) == english, url


def test_the_glossary_is_in_dictionary_order_in_both_languages(client):
    # The database's order puts capitals first, and і, ї, є and ґ after я.
    english = client.get("/glossary/").text
    assert english.index(">bilateral security agreement<") < english.index(">Budapest Memorandum<")
    ukrainian = client.get("/uk/glossary/").text
    assert ukrainian.index(">фінляндизація<") < ukrainian.index(">формула миру<")
    assert ukrainian.index(">Будапештський меморандум<") < ukrainian.index(">гарантія безпеки<")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/uk/",
        "/glossary/?q=%D0%BD%D0%B5%D0%B9&page=2",
        "/uk/timeline/",
        "/explainer/istanbul-communique/",
        "/uk/quizzes/the-proposals/",
        "/attempts/5/2/",
        "/uk/attempts/5/results/?show=all#review",
        "/teach/classes/3/live/",
        "/privacy/",
        "/admin/",
        "/healthz",
        "/no-such-page/",
        "/uk/no-such-page/?x=1",
        "//evil.example/",
    ],
)
def test_the_switcher_links_to_the_address_djangos_translate_url_gives(path, rf):
    """The switcher reverses the route the request matched instead of resolving it again."""
    request = rf.get(path)
    with translation.override(translation.get_language_from_path(request.path_info) or "en"):
        try:
            request.resolver_match = resolve(request.path_info)
        except Resolver404:
            request.resolver_match = None
        for code in ("en", "uk"):
            assert address_in(request, code) == translate_url(this_address(request), code)


class LocaleMiddlewareAndTheRules(LocaleMiddleware):
    """Django's LocaleMiddleware with the site's two rules after it: what config/language.py's
    middleware must do, in one pass over the request."""

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info) is None:
            return preferred_elsewhere(request)
        return None

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if translation.get_language_from_path(request.path_info) is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


ADDRESSES = [
    "/", "/uk/", "/glossary/", "/uk/glossary/", "/timeline/?from=x", "/admin/", "/admin/quizzes/",
    "/healthz", "/en/glossary/", "/uk-ua/glossary/", "/attempts/1/1/", "/uk/attempts/1/1/",
    "//evil.example/", "/nope/", "/uk/nope/", "/static/x.css", "/language/",
]  # fmt: skip


@pytest.mark.parametrize("path", ADDRESSES)
def test_the_language_middleware_does_what_localemiddleware_and_the_two_rules_did(path):
    factory = RequestFactory()
    for method, cookie, accept, htmx, found in itertools.product(
        ("get", "post", "head"),
        (None, "uk", "en", "xx", "uk-UA"),
        ("", "uk-UA,uk;q=0.9", "en-GB,en;q=0.9", "*", "fr"),
        (False, True),
        (True, False),
    ):
        outcomes = []
        for middleware in (LocaleMiddlewareAndTheRules, LanguageMiddleware):
            request = getattr(factory, method)(
                path,
                headers={"Accept-Language": accept, **({"HX-Request": "true"} if htmx else {})},
            )
            if cookie:
                request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
            seen = []

            def view(request, seen=seen, found=found):
                seen.append((request.LANGUAGE_CODE, translation.get_language()))
                return HttpResponse() if found else HttpResponseNotFound()

            with translation.override("en"):
                response = middleware(view)(request)
                outcomes.append(
                    (
                        response.status_code,
                        response.get("Location"),
                        response.get("Vary"),
                        response.get("Content-Language"),
                        seen,
                        request.LANGUAGE_CODE,
                    )
                )
        assert outcomes[0] == outcomes[1], (method, cookie, accept, htmx, found)

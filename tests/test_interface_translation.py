"""The interface in Ukrainian: a complete catalogue, compiled, and every page a student or visitor
reads free of the English interface it used to show, with Ukrainian dates and numbers."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from explainer.models import Guarantor, NeutralState, Section
from explainer.pictures.timeline import ERAS
from tests.factories import Student, make_question_set

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "uk" / "LC_MESSAGES" / "django.po"
LANG = re.compile(r'<html lang="([^"]+)">')

# What every page shows: the skip link, the header's links and the footer.
ON_EVERY_PAGE = [
    ("Skip to content", "Перейти до змісту"),
    (">Explainer<", ">Пояснення<"),
    (">Timeline<", ">Хронологія<"),
    (">Glossary<", ">Словник<"),
    (">Quizzes<", ">Тести<"),
    (">Join a class<", ">Приєднатися до класу<"),
    (">Sources<", ">Джерела<"),
    ("Every statement on this site rests on a checked fact", "Кожне твердження на цьому сайті"),
    ("See the sources", "Переглянути джерела"),
    ("What this site keeps", "Що зберігає цей сайт"),
]


def entries():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def test_every_interface_string_has_a_ukrainian_translation_and_none_is_fuzzy():
    catalogue = entries()
    assert len(catalogue) > 300  # the whole student side, not a stub
    untranslated = [
        entry.msgid
        for entry in catalogue
        if not (all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr)
    ]
    assert untranslated == []
    assert [entry.msgid for entry in catalogue if "fuzzy" in entry.flags] == []


def test_each_plural_has_the_four_forms_of_ukrainian():
    # Django's own Ukrainian catalogue has four: one (1, 21), few (2–4), many (5–20) and fractions.
    po = polib.pofile(str(CATALOGUE))
    assert po.metadata["Plural-Forms"].startswith("nplurals=4;")
    for entry in entries():
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2, 3], entry.msgid


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in entries():
        wanted = set(placeholder.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            assert set(placeholder.findall(text)) <= wanted, entry.msgid
            if not entry.msgid_plural:
                assert set(placeholder.findall(text)) == wanted, entry.msgid


def catalogue_of(mo: polib.MOFile) -> dict:
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in mo
    }


def test_the_compiled_catalogue_is_the_current_one(tmp_path):
    """The .mo Django reads says what the .po says: run compilemessages after editing the .po."""
    fresh = tmp_path / "django.mo"
    polib.pofile(str(CATALOGUE)).save_as_mofile(str(fresh))
    shipped = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    assert catalogue_of(shipped) == catalogue_of(polib.mofile(str(fresh)))


def test_the_months_initials_are_twelve_letters():
    with translation.override("uk"):
        initials = "".join(str(label) for _, label in ERAS[3].ticks)
    assert initials == "СЛБКТЧЛСВЖЛГ"


# Each page's own interface, in English and as it reads in Ukrainian.
SECTION = [
    ("Contents", "Зміст"),
    ("Sources for this section", "Джерела цього розділу"),
    ("Reviews and changes", "Перевірки та зміни"),
    ("Part 1 of", "Частина 1 з"),
]
PAGES = {
    "/": [
        ("What did Ukraine's offer of neutrality", "Що означала пропозиція України"),
        ("Start reading", "Почати читати"),
        ("Take a quiz", "Пройти тест"),
        ("Join a class with a code", "Приєднатися до класу за кодом"),
    ],
    "/glossary/": [
        ("each in a sentence or two", "кожен у реченні-двох"),
        ("Explained in", "Докладніше в розділі"),
    ],
    "/timeline/": [
        ("At a glance", "Загальна картина"),
        ("Every event in full", "Усі події докладно"),
        ("Read more:", "Докладніше:"),
        ("2014 to 2022: after Crimea", "2014–2022: після Криму"),
    ],
    "/sources/": [("Every source the explainer", "Усі джерела"), ("Cited in", "Де цитується:")],
    "/privacy/": [
        ("What is stored about a student", "Що зберігається про учня"),
        ("Who can see it", "Хто це бачить"),
        ("How long it is kept", "Скільки це зберігається"),
        ("Erase my practice answers", "Видалити мої тренувальні відповіді"),
        ("days after they were started", "днів після початку"),
    ],
    "/quizzes/": [
        ("In the order of the explainer", "У порядку розділів пояснення"),
        ("3 questions · about 3 minutes", "3 питання · приблизно 3 хвилини"),
    ],
    "/join/": [
        ("Join your class", "Приєднатися до свого класу"),
        ("Join code", "Код класу"),
        ("Your name", "Ваше ім’я"),
        (">Join<", ">Приєднатися<"),
    ],
    "/no-such-page/": [
        ("Page not found", "Сторінку не знайдено"),
        ("choose a quiz", "виберіть тест"),
    ],
}


def assert_ukrainian(body: str, url: str, phrases: list[tuple[str, str]]):
    assert LANG.search(body).group(1) == "uk", url
    for english, ukrainian in phrases + ON_EVERY_PAGE:
        assert english not in body, (url, english)
        assert ukrainian in body, (url, ukrainian)


def assert_english(body: str, url: str, phrases: list[tuple[str, str]]):
    assert LANG.search(body).group(1) == "en", url
    for english, _ukrainian in phrases + ON_EVERY_PAGE:
        assert english in body, (url, english)


def test_the_explainer_the_lists_and_the_forms_speak_ukrainian_under_uk(client):
    make_question_set(title="Three questions", questions=3)
    pages = dict(PAGES)
    for section in Section.objects.order_by("number"):
        pages[section.get_absolute_url()] = SECTION if section.number == 1 else SECTION[:3]
    for url, phrases in pages.items():
        english = client.get(url)
        assert_english(english.content.decode(), url, phrases)
        ukrainian = client.get("/uk" + url)
        assert ukrainian.status_code == english.status_code, url
        assert_ukrainian(ukrainian.content.decode(), "/uk" + url, phrases)


def test_the_pictures_name_their_countries_and_columns_in_ukrainian(client):
    guarantors = Section.objects.get(pk=Guarantor.objects.first().section_id)
    body = client.get("/uk" + guarantors.get_absolute_url()).content.decode()
    assert ">Україна</text>" in body
    assert ">Росія (воює)</text>" in body
    assert '>Білорусь</tspan><tspan x="0" dy="11">(пізніше)</tspan>' in body
    # Only the guarantors beyond the frame are boxes at its edge: the rest are drawn in place.
    assert re.findall(r">(?:← )?(\w+)(?: →)?</text>", body)[-3:] == ["США", "Канада", "Китай"]
    assert "← Росія" not in body
    assert "<h3>Постійний член Ради Безпеки ООН</h3>" in body
    assert "<h3>Інший запропонований гарант</h3>" in body
    assert "Карта України та одинадцяти гарантів" in body
    for english in (">Ukraine</text>", "(at war)", "(later)", "Map of Ukraine"):
        assert english not in body

    states = Section.objects.get(pk=NeutralState.objects.first().section_id)
    body = client.get("/uk" + states.get_absolute_url()).content.decode()
    for ukrainian in (
        ">Підстава</tspan>",
        ">іноземних</tspan>",
        ">Пропозиція</tspan>",
        ">договір</text>",
    ):
        assert ukrainian in body
    assert "<td>так</td>" in body and "<td>ні</td>" in body
    for english in (
        ">Rests on<",
        ">foreign<",
        ">Ukraine's<",
        ">treaty<",
        "<td>yes</td>",
        "<td>no</td>",
    ):
        assert english not in body

    body = client.get("/uk/timeline/").content.decode()
    assert ">С</text>" in body and ">Г</text>" in body  # січень, грудень
    assert ">J</text>" not in body and ">D</text>" not in body


def test_a_reviewed_date_reads_as_a_ukrainian_date(client):
    section = Section.objects.exclude(reviewed_on=None).order_by("number").first()
    with translation.override("uk"):
        day = date_format(section.reviewed_on, "j E Y")
        nominative = date_format(section.reviewed_on, "F")
    assert day.split()[1] != nominative  # "2 грудня 2026", not "2 грудень 2026"
    body = client.get("/uk" + section.get_absolute_url()).content.decode()
    iso = f"{section.reviewed_on:%Y-%m-%d}"
    assert f'звірено з перевіреними фактами <time datetime="{iso}">{day}</time>' in body


KINDS = ("single", "multiple", "ordering", "short", "numerical", "matching", "true_false")
ANSWER_FIELDS = {
    "single": [("Check answer", "Перевірити відповідь")],
    "multiple": [("Select all that apply.", "Позначте всі правильні варіанти.")],
    "ordering": [
        ("Give each item a position", "Поставте кожному пункту номер"),
        ("Choose…", "Виберіть…"),
    ],
    "short": [("Type a word or a few words", "Введіть слово чи кілька слів")],
    "numerical": [
        ("Your answer (a number)", "Ваша відповідь (число)"),
        ("Type digits", "Введіть цифри"),
    ],
    "matching": [("Choose the answer that goes with each item", "Для кожного пункту виберіть")],
    "true_false": [("Send again", "Надіслати ще раз")],
}


def test_a_question_of_each_kind_and_its_feedback_speak_ukrainian(client):
    question_set = make_question_set(title="Every kind", questions=len(KINDS), kinds=KINDS)
    student = Student(client)
    attempt = student.start(question_set)
    for number in range(1, attempt.total + 1):
        kind = attempt.question_set.questions.get(pk=attempt.question_ids[number - 1]).kind
        url = attempt.question_url(number)
        phrases = ANSWER_FIELDS[kind] + [
            (f"Question {number} of {attempt.total}", f"Питання {number} з {attempt.total}"),
            ("Check answer", "Перевірити відповідь"),
        ]
        assert_english(client.get(url).content.decode(), url, phrases)
        assert_ukrainian(client.get("/uk" + url).content.decode(), "/uk" + url, phrases)

        # The fragment htmx swaps in after a wrong answer.
        fragment = client.post(
            "/uk" + url, student.wrong_answer(attempt, number), headers={"HX-Request": "true"}
        ).content.decode()
        for english, ukrainian in [
            ("Not quite.", "Не зовсім."),
            ("Your answer:", "Ваша відповідь:"),
            ("Source:", "Джерело:"),
            ("Read more:", "Докладніше:"),
            ("Next question" if number < attempt.total else "See your results",
             "Наступне питання" if number < attempt.total else "Переглянути результати"),
        ]:  # fmt: skip
            assert english not in fragment, (kind, english)
            assert ukrainian in fragment, (kind, ukrainian)


def test_the_quiz_page_and_the_results_speak_ukrainian_with_a_decimal_comma(client):
    question_set = make_question_set(
        title="Partly", questions=3, kinds=("short", "single"), partial_credit=True
    )
    student = Student(client)
    detail = f"/quizzes/{question_set.slug}/"
    phrases = [
        ("3 questions, one at a time", "3 питання, по одному"),
        ("Start the quiz", "Почати тест"),
    ]
    assert_english(client.get(detail).content.decode(), detail, phrases)
    assert_ukrainian(client.get("/uk" + detail).content.decode(), "/uk" + detail, phrases)

    attempt = student.start(question_set)
    student.answer(attempt, 1, {"answer": "Trilateral talks"})  # half a point
    for number in (2, 3):
        student.answer(attempt, number, student.right_answer(attempt, number))
    url = attempt.get_absolute_url()
    phrases = [
        ("Your results", "Ваші результати"),
        ("2 of 3 right, 1 partly right", "Правильно 2 з 3, частково правильно — 1"),
        ("Right answers by part of the explainer", "Правильні відповіді за розділами пояснення"),
        ("Review", "Перегляд відповідей"),
        ("Try again", "Спробувати ще раз"),
        ("Back to the explainer", "Назад до пояснення"),
    ]
    english = client.get(url).content.decode()
    assert_english(english, url, phrases)
    assert "Your score: 2.5 out of 3, that is 83%" in english
    ukrainian = client.get("/uk" + url).content.decode()
    assert_ukrainian(ukrainian, "/uk" + url, phrases)
    assert "Ваш бал: 2,5 з 3, тобто 83%" in ukrainian
    assert "2.5" not in ukrainian


MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def test_the_sources_dates_read_in_ukrainian(client):
    english = client.get("/sources/").content.decode()
    assert MONTHS.search(english) and "undated" in english
    body = client.get("/uk/sources/").content.decode()
    assert MONTHS.findall(body) == []
    assert "29 березня 2022" in body
    assert "без дати" in body and "undated" not in body
    assert "29–30 березня 2022, оновлено: листопад 2022" in body


def test_an_unknown_address_says_so_in_words_not_in_a_class_name(client):
    for url, words in (("/no-such-page/", "There is nothing at this address."),
                       ("/uk/no-such-page/", "За цією адресою нічого немає.")):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404
        body = response.content.decode()
        assert f"<p>{words}</p>" in body and "Resolver404" not in body


def test_joining_refuses_a_wrong_code_in_ukrainian(client):
    response = client.post("/uk/join/", {"code": "ABCD-EFGH", "name": "Оля"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Жоден клас не має такого коду. Перевірте його з учителем." in body
    assert "No class uses that code" not in body

    body = client.post("/uk/join/", {"code": "ABC", "name": "Оля"}).content.decode()
    assert "Код класу складається з восьми латинських літер і цифр" in body
    assert "A join code has eight letters" not in body

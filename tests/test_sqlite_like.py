"""config/sqlite.py's like() for SQLite: the answer of SQLite's own LIKE wherever that one folds
case (A to Z), and case folded for every other letter too, as PostgreSQL's searches fold it."""

import itertools
import sqlite3

import pytest
from django.db import OperationalError, connection
from django.utils import translation

from config.sqlite import like
from explainer.models import Section

PATTERNS = [
    "", "%", "_", "a%", "%a", "%a%", "a_c", "A_C", "ABC", "abc", "a%c%", "_%_", "%%", "a\nc",
    "%\n%", r"a\%", r"a\_c", r"100\%", r"\\", r"%b\%", r"a\bc", "\\", "%a%c", "a%b%c",
    "%b%c%", "%_%_%", "a%%c", "%a_%", "_%_", "%c", "%%c%", "a%a", "%aa%", "%b%b%",
]  # fmt: skip
VALUES = [
    "", "a", "A", "abc", "ABC", "aXc", "a\nc", "a%", "a_c", "a%c", "abc%", "\\", "a\\", "100%",
    "1000", "b%", "xb%", "abcabc", "aabcc", "abbc", "aa", "abcb", 5, 12.5, None,
]  # fmt: skip


@pytest.mark.parametrize("escape", [None, "\\"])
def test_like_answers_as_sqlites_own_like_on_a_to_z(escape):
    sqlite_itself = sqlite3.connect(":memory:")  # a plain connection: SQLite's built-in LIKE
    differ = []
    for pattern, value in itertools.product(PATTERNS, VALUES):
        if escape is None:
            (expected,) = sqlite_itself.execute("SELECT ? LIKE ?", [value, pattern]).fetchone()
        else:
            try:
                (expected,) = sqlite_itself.execute(
                    "SELECT ? LIKE ? ESCAPE ?", [value, pattern, escape]
                ).fetchone()
            except sqlite3.OperationalError:
                continue  # a pattern SQLite refuses, such as an escape at its end
        got = like(pattern, value, escape)
        if got != (None if expected is None else bool(expected)):
            differ.append((pattern, value, expected, got))
    assert differ == []


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("%стамбул%", "Стамбульські пропозиції", True),
        ("СТАМБУЛЬСЬКІ%", "Стамбульські пропозиції", True),
        ("%ЇЖАК ҐАНОК Є%", "їжак ґанок є", True),
        ("%стамбул%", "Istanbul", False),
        ("_", "ї", True),
    ],
)
def test_like_folds_the_case_of_every_letter(pattern, value, expected):
    assert like(pattern, value, "\\") is expected


@pytest.mark.django_db
def test_a_ukrainian_search_finds_its_text_in_any_case_on_either_database():
    istanbul = Section.objects.get(slug="istanbul-proposals")
    with translation.override("uk"):
        for term in ("стамбульські", "СТАМБУЛЬСЬКІ", "Стамбульські"):
            assert list(Section.objects.filter(title__icontains=term)) == [istanbul], term


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own LIKE")
def test_every_sqlite_connection_of_the_site_has_it():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s LIKE %s", ["Стамбул", "стамбул"])
        assert cursor.fetchone() == (1,)
        with pytest.raises(OperationalError):
            cursor.execute("SELECT 'a' LIKE 'a' ESCAPE 'xy'")


def test_a_pattern_with_several_percent_signs_answers_on_a_long_value():
    # One regular expression with .* for each % took 15 s for this (it tries every split).
    value = "a" * 2000
    assert like("%a%a%b", value, "\\") is False
    assert like("%a%a%a", value, "\\") is True
    assert like("%A%_%A%", value + "b" + value, "\\") is True

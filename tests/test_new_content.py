"""Review dates and changelogs, the guarantors' NATO membership, and the sections added after the
first seven: loaded from the fixtures and shown where a reader looks for them."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from explainer.markdown import render_markdown_inline
from explainer.models import Claim, Guarantor, Section, SectionChange, Term, TimelineEvent
from quizzes.models import QuestionSet
from tests.test_content_loading import fact_confidence
from tests.test_quiz_content import quiz_files

pytestmark = pytest.mark.django_db
CORRECTED_ON_2_DECEMBER = {
    "what-neutrality-means", "road-to-2022", "guarantors", "what-happened-next", "november-2022",
}  # fmt: skip
NATO_MEMBER_SINCE = {
    "United States": 1949, "United Kingdom": 1949, "France": 1949, "Canada": 1949, "Italy": 1949,
    "Turkey": 1952, "Germany": 1955, "Poland": 1999, "China": None, "Russia": None, "Israel": None,
}  # fmt: skip


def test_every_section_page_shows_its_review_date_and_changelog(client):
    for section in Section.objects.prefetch_related("changes"):
        body = client.get(section.get_absolute_url()).content.decode()
        assert section.reviewed_on, section.slug
        assert f'Last reviewed <time datetime="{section.reviewed_on:%Y-%m-%d}">' in body
        assert f"{section.reviewed_on.day} {section.reviewed_on:%B %Y}</time>" in body
        for change in section.changes.all():
            assert render_markdown_inline(change.note) in body, section.slug


def test_only_the_sections_corrected_on_2_december_2026_list_that_correction():
    corrected = set(
        SectionChange.objects.filter(date=date(2026, 12, 2), section__number__lte=7).values_list(
            "section__slug", flat=True
        )
    )
    assert corrected == CORRECTED_ON_2_DECEMBER


def test_a_section_without_changes_says_so(client):
    body = client.get(reverse("explainer:section", args=["neutral-states"])).content.decode()
    assert "No changes recorded since the section was first published." in body


def test_an_existing_installation_receives_new_changelog_entries_and_review_date():
    """An installation loaded before the review keeps its rows; load_content adds the changelog
    entries it lacks and moves the review date forward, and changes nothing else."""
    section = Section.objects.get(slug="november-2022")
    SectionChange.objects.filter(section=section).delete()
    Section.objects.filter(pk=section.pk).update(reviewed_on=None, title="Kept as edited")
    call_command("load_content", verbosity=0)
    section.refresh_from_db()
    assert section.reviewed_on == date(2026, 12, 2)
    assert section.title == "Kept as edited"
    assert list(section.changes.values_list("date", flat=True)) == [date(2026, 12, 2)]
    call_command("load_content", verbosity=0)
    assert section.changes.count() == 1


def test_a_later_review_date_set_in_the_admin_is_kept():
    Section.objects.filter(slug="guarantors").update(reviewed_on=date(2027, 3, 1))
    call_command("load_content", verbosity=0)
    assert Section.objects.get(slug="guarantors").reviewed_on == date(2027, 3, 1)


def test_guarantors_nato_membership_matches_the_fact_sheet():
    membership = dict(Guarantor.objects.values_list("name", "nato_member_since"))
    assert membership == NATO_MEMBER_SINCE


def test_guarantors_page_says_in_words_which_were_nato_members(client):
    body = client.get(reverse("explainer:section", args=["guarantors"])).content.decode()
    for name, year in NATO_MEMBER_SINCE.items():
        answer = f"Yes, since {year}" if year else "No"
        assert f'<th scope="row">{name}</th><td data-label="NATO member">{answer}</td>' in body


def test_the_migration_gives_an_existing_installation_the_nato_years():
    migration = importlib.import_module(
        "explainer.migrations.0002_review_dates_claims_nato_membership"
    )
    Guarantor.objects.update(nato_member_since=None)
    migration.set_nato_membership(apps, None)
    assert dict(Guarantor.objects.values_list("name", "nato_member_since")) == NATO_MEMBER_SINCE


def test_a_section_page_lists_every_section_in_its_contents(client):
    body = client.get(reverse("explainer:section", args=["guarantors"])).content.decode()
    for section in Section.objects.all():
        assert f'<a href="{section.get_absolute_url()}"' in body
        assert escape(section.title) in body


NEW_TERMS = {"bilateral-security-agreement", "coalition-of-the-willing", "contested-claim"}
NEW_EVENTS = {
    "kremlin-conditions": "2022-03-07", "zelensky-not-a-nato-member": "2022-03-15",
    "austrian-or-swedish-model": "2022-03-16", "arakhamia-interview": "2023-11-24",
    "uk-security-agreement": "2024-01-12", "german-french-security-agreements": "2024-02-16",
    "us-security-agreement": "2024-06-13", "coalition-of-the-willing-proposed": "2025-03-02",
    "reassurance-force-announced": "2025-03-27", "istanbul-talks-2025": "2025-05-16",
    "istanbul-second-round": "2025-06-02", "istanbul-third-round": "2025-07-23",
    "28-point-plan-reported": "2025-11-20", "geneva-framework": "2025-11-23",
    "twenty-point-framework-described": "2025-12-24", "paris-declaration-of-intent": "2026-01-06",
}  # fmt: skip


def test_the_two_new_sections_come_after_the_first_seven(client):
    numbers = dict(Section.objects.values_list("slug", "number"))
    assert numbers["november-2022"] == 7
    assert (numbers["looking-back"], numbers["after-2022"]) == (8, 9)
    body = client.get(reverse("explainer:section", args=["after-2022"])).content.decode()
    assert "Part 9 of 9" in body
    assert 'rel="prev" href="/explainer/looking-back/"' in body
    assert 'rel="next"' not in body


def test_new_terms_and_events_load_and_link_to_the_new_sections(client):
    terms = dict(Term.objects.filter(slug__in=NEW_TERMS).values_list("slug", "section__slug"))
    assert set(terms) == NEW_TERMS
    assert set(terms.values()) <= {"looking-back", "after-2022"}
    events = {e.slug: e for e in TimelineEvent.objects.filter(slug__in=NEW_EVENTS)}
    assert {slug: f"{e.date:%Y-%m-%d}" for slug, e in events.items()} == NEW_EVENTS
    timeline = client.get(reverse("explainer:timeline")).content.decode()
    for slug in NEW_EVENTS:
        assert f'id="event-{slug}"' in timeline
    glossary = client.get(reverse("explainer:glossary")).content.decode()
    for slug in NEW_TERMS:
        assert f'id="term-{slug}"' in glossary


def test_every_source_the_new_content_cites_is_listed_on_the_sources_page(client):
    cited = set()
    for slug in ["looking-back", "after-2022"]:
        cited |= set(Section.objects.get(slug=slug).sources.values_list("key", flat=True))
    cited |= set(Claim.objects.values_list("source__key", flat=True))
    assert len(cited) > 40
    body = client.get(reverse("explainer:sources")).content.decode()
    for key in cited:
        assert f'id="source-{key}"' in body


def test_recent_events_are_worded_as_of_their_date(client):
    body = client.get(reverse("explainer:section", args=["after-2022"])).content.decode()
    assert "As of January 2026 it was a draft, not an agreement." in body
    assert "As of that date, no force had been deployed." in body


def new_set() -> list[dict]:
    return quiz_files()["looking-back-and-after"]["questions"]


def test_every_h_fact_of_section_h_is_tested_by_a_question():
    h_facts = {
        fact
        for fact, level in fact_confidence().items()
        if re.fullmatch(r"H\d+", fact) and level == "H"
    }
    tested = {fact for question in new_set() for fact in question["facts"]}
    assert len(h_facts) == 21
    assert h_facts - tested == set()


def test_the_new_set_is_published_and_uses_only_the_four_kinds():
    question_set = QuestionSet.objects.get(slug="looking-back-and-after")
    assert question_set.is_published and question_set.owner is None
    kinds = set(question_set.questions.values_list("kind", flat=True))
    assert kinds == {"single", "true_false", "multiple", "ordering"}
    sections = set(question_set.questions.values_list("section__slug", flat=True))
    assert sections == {"looking-back", "after-2022", "guarantors"}


def test_most_of_the_new_set_asks_more_than_recall():
    aims = [question["aim"] for question in new_set()]
    assert set(aims) <= {"recall", "explain", "compare", "apply", "misconception"}
    assert sum(aim != "recall" for aim in aims) >= 0.4 * len(aims)


def test_true_false_keys_of_the_new_set_are_balanced():
    keys = [
        next(c["text"] for c in q["choices"] if c["correct"])
        for q in new_set()
        if q["kind"] == "true_false"
    ]
    assert 0.4 <= keys.count("True") / len(keys) <= 0.6


def test_the_correct_choice_is_not_given_away_by_its_length():
    single = [q for q in new_set() if q["kind"] == "single"]
    longest = shortest = 0
    for question in single:
        correct = next(len(c["text"]) for c in question["choices"] if c["correct"])
        others = [len(c["text"]) for c in question["choices"] if not c["correct"]]
        longest += correct > max(others)
        shortest += correct < min(others)
    # With four choices a length-blind author makes the key the longest about one time in four.
    assert longest <= len(single) / 4 and shortest <= len(single) / 4


def test_every_wrong_choice_in_the_new_set_says_why_it_is_wrong():
    for number, question in enumerate(new_set(), start=1):
        for key in ("facts", "explanation", "source", "section"):
            assert question.get(key), f"question {number} has no {key}"
        for choice in question.get("choices", []):
            assert choice["correct"] or choice.get("feedback", "").strip(), (number, choice)

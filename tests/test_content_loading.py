import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from explainer.loading import FIXTURES, read_toml
from explainer.models import (
    Guarantor,
    NeutralState,
    ProposalPoint,
    Section,
    Source,
    Term,
    TimelineEvent,
)

pytestmark = pytest.mark.django_db
FACTS = Path(__file__).resolve().parent.parent / "docs" / "facts.md"
EXPLAINER_MODELS = [Source, Section, Term, TimelineEvent, NeutralState, ProposalPoint, Guarantor]


def fact_confidence() -> dict[str, str]:
    """Fact id -> confidence (H or M), read from the fact sheet's tables.

    "H (that he said it)" counts as H: what is established is who said it, and a fact worded so
    is only ever used as a claim attributed to its speaker.
    """
    rows = re.findall(
        r"^\| ([A-H]\d+[a-z]?) \| .* \| ([HM])(?: \([^|]*\))? \| .* \|$", FACTS.read_text(), re.M
    )
    return dict(rows)


def test_loading_the_content_twice_duplicates_nothing():
    before = {model: model.objects.count() for model in EXPLAINER_MODELS}
    call_command("load_content", verbosity=0)
    assert {model: model.objects.count() for model in EXPLAINER_MODELS} == before


def test_reloading_keeps_corrections_made_in_the_admin():
    section = Section.objects.get(slug="guarantors")
    section.title = "The guarantors (corrected)"
    section.save()
    call_command("load_content", verbosity=0)
    section.refresh_from_db()
    assert section.title == "The guarantors (corrected)"


def test_every_fixture_row_is_loaded():
    directory = FIXTURES / "explainer"
    assert Source.objects.count() == len(read_toml(directory / "sources.toml")["sources"])
    assert TimelineEvent.objects.count() == len(read_toml(directory / "timeline.toml")["events"])
    assert Term.objects.count() == len(read_toml(directory / "terms.toml")["terms"])
    assert Guarantor.objects.count() == 11


def test_every_explainer_item_rests_on_facts_from_the_fact_sheet():
    known = fact_confidence()
    assert len(known) > 45
    for path in (FIXTURES / "explainer").glob("*.toml"):
        for entries in read_toml(path).values():
            for entry in entries:
                if path.name in {"sources.toml"}:
                    continue
                facts = entry.get("facts", [])
                assert facts, f"{path.name}: {entry.get('slug')} names no fact"
                unknown = [fact for fact in facts if fact not in known and fact != "F"]
                assert not unknown, f"{path.name}: {entry.get('slug')} cites {unknown}"


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow_content(n):
    section = Section.objects.get(slug="road-to-2022")
    source = Source.objects.first()
    for i in range(n):
        extra = Section.objects.create(
            slug=f"extra-{i}", number=100 + i, title=f"Extra {i}", summary="s", body="neutrality"
        )
        extra.sources.add(source)
        Term.objects.create(slug=f"term-{i}", name=f"extra term {i}", definition="d")
        event = TimelineEvent.objects.create(
            slug=f"event-{i}", date=f"2000-01-{i + 1:02d}", title=f"E{i}", description="d",
            section=section,
        )  # fmt: skip
        event.sources.add(source)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/explainer/road-to-2022/",
        "/explainer/guarantors/",
        "/glossary/",
        "/timeline/",
        "/sources/",
    ],
)
def test_query_count_does_not_grow_with_content(client, url):
    before = _queries_for(client, url)
    assert before <= 6
    _grow_content(20)
    assert _queries_for(client, url) == before

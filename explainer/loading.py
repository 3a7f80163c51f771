"""Load the explainer's content from fixtures/explainer/*.toml.

Rows are created when missing and never updated, so corrections made in the admin survive a re-run.
The caller holds the transaction: ``load_content`` saves these with the quizzes, or nothing.
"""

import tomllib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from explainer.models import (
    Guarantor,
    NeutralState,
    ProposalPoint,
    Section,
    Source,
    Term,
    TimelineEvent,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def read_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


class Lookup:
    """Finds rows by natural key, with an error that names the fixture file."""

    def __init__(self, model, field: str):
        self.model = model
        self.field = field
        self.rows = {getattr(row, field): row for row in model.objects.all()}

    def get(self, key: str, where: str):
        try:
            return self.rows[key]
        except KeyError:
            raise ValidationError(
                f"{where}: unknown {self.model._meta.verbose_name} {key!r}"
            ) from None

    def many(self, keys: list[str], where: str):
        return [self.get(key, where) for key in keys]


def _create_missing(model, key_field, entries, build, where) -> int:
    """Create one row per entry whose key is not in the database yet; return how many."""
    existing = set(model.objects.values_list(key_field, flat=True))
    created = 0
    for position, entry in enumerate(entries):
        if entry[key_field] in existing:
            continue
        row, m2m = build(position, entry, f"{where} [{entry[key_field]}]")
        row.full_clean()
        row.save()
        for name, values in m2m.items():
            getattr(row, name).set(values)
        existing.add(entry[key_field])
        created += 1
    return created


def load_explainer(directory: Path = FIXTURES / "explainer") -> dict[str, int]:
    counts = {}

    sources = read_toml(directory / "sources.toml")["sources"]
    counts["sources"] = _create_missing(
        Source,
        "key",
        sources,
        lambda _, e, __: (
            Source(
                key=e["key"],
                publisher=e["publisher"],
                title=e["title"],
                published=e["published"],
                url=e.get("url", ""),
            ),
            {},
        ),
        "sources.toml",
    )
    source_lookup = Lookup(Source, "key")

    sections = read_toml(directory / "sections.toml")["sections"]
    counts["sections"] = _create_missing(
        Section,
        "slug",
        sections,
        lambda position, e, where: (
            Section(
                slug=e["slug"],
                number=position + 1,
                title=e["title"],
                summary=e["summary"],
                body=e["body"].strip(),
            ),
            {"sources": source_lookup.many(e["sources"], where)},
        ),
        "sections.toml",
    )
    section_lookup = Lookup(Section, "slug")

    def optional_section(entry, where):
        return section_lookup.get(entry["section"], where) if entry.get("section") else None

    terms = read_toml(directory / "terms.toml")["terms"]
    counts["terms"] = _create_missing(
        Term,
        "slug",
        terms,
        lambda _, e, where: (
            Term(
                slug=e["slug"],
                name=e["name"],
                aliases=list(e.get("aliases", [])),
                definition=e["definition"].strip(),
                section=optional_section(e, where),
            ),
            {},
        ),
        "terms.toml",
    )

    events = read_toml(directory / "timeline.toml")["events"]
    counts["events"] = _create_missing(
        TimelineEvent,
        "slug",
        events,
        lambda _, e, where: (
            TimelineEvent(
                slug=e["slug"],
                date=date.fromisoformat(str(e["date"])),
                precision=e.get("precision", "day"),
                title=e["title"],
                description=e["description"].strip(),
                section=section_lookup.get(e["section"], where),
            ),
            {"sources": source_lookup.many(e.get("sources", []), where)},
        ),
        "timeline.toml",
    )

    def section_items(model, filename, list_name, section_slug, fields):
        entries = read_toml(directory / filename)[list_name]
        return _create_missing(
            model,
            "slug",
            entries,
            lambda position, e, where: (
                model(
                    slug=e["slug"],
                    position=position,
                    section=section_lookup.get(section_slug, where),
                    **{field: e[field].strip() for field in fields},
                ),
                {"sources": source_lookup.many(e.get("sources", []), where)},
            ),
            filename,
        )

    counts["neutral states"] = section_items(
        NeutralState,
        "neutral_states.toml",
        "states",
        "neutral-states",
        ["country", "basis", "since", "today"],
    )
    counts["proposal points"] = section_items(
        ProposalPoint, "proposals.toml", "points", "istanbul-proposals", ["title", "body"]
    )
    counts["guarantors"] = section_items(
        Guarantor, "guarantors.toml", "guarantors", "guarantors", ["name", "group"]
    )
    return counts

"""Load the explainer's content from fixtures/explainer/*.toml.

Rows are created when missing and never updated, so corrections made in the admin survive a re-run.
The exceptions: a section's review date only ever moves forward (``record_reviews``), and an empty
Ukrainian text is filled from the fixture while the row's English is still the fixture's
(``fill_ukrainian``), so an installation that had the content before the translations gets them.
The caller holds the transaction: ``load_content`` saves these with the quizzes, or nothing.
"""

import tomllib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from explainer.models import (
    Claim,
    Guarantor,
    NeutralState,
    ProposalPoint,
    Section,
    SectionChange,
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


def both_languages(entry: dict, field: str, clean=str.strip) -> dict:
    """A fixture's English text and its Ukrainian twin (the key ``<field>_uk``), for the ``_en``
    and ``_uk`` columns; a missing Ukrainian text is NULL, shown in English (``explainer/
    translation.py``)."""
    ukrainian = entry.get(f"{field}_uk")
    return {
        f"{field}_en": clean(entry[field]),
        f"{field}_uk": clean(ukrainian) if ukrainian else None,
    }


STRIP = str.strip


def fill_ukrainian(row, entry: dict, fields: dict) -> int:
    """Give an existing row the fixture's Ukrainian for each of ``fields`` (name: clean) whose
    Ukrainian is empty and whose English is still the fixture's; return how many it got.

    A Ukrainian text written in the admin is kept, and English corrected in the admin gets no
    translation of the text it replaced.
    """
    filled = []
    for field, clean in fields.items():
        if field not in entry:
            continue
        fixture = both_languages(entry, field, clean)
        english, ukrainian = fixture[f"{field}_en"], fixture[f"{field}_uk"]
        if ukrainian and not getattr(row, f"{field}_uk") and getattr(row, f"{field}_en") == english:
            setattr(row, f"{field}_uk", ukrainian)
            filled.append(f"{field}_uk")
    if filled:
        row.full_clean()
        # save(): its signals drop the cached questions that show this text.
        row.save(update_fields=filled)
    return len(filled)


def fill_existing(model, key_field: str, entries: list[dict], fields: dict) -> int:
    """``fill_ukrainian`` for every row of ``model`` a fixture entry names; how many texts."""
    rows = model.objects.in_bulk([entry[key_field] for entry in entries], field_name=key_field)
    return sum(
        fill_ukrainian(rows[entry[key_field]], entry, fields)
        for entry in entries
        if entry[key_field] in rows
    )


def _date(value) -> date:
    return date.fromisoformat(str(value))


def record_reviews(sections: list[dict], section_lookup: Lookup) -> int:
    """Add the changelog entries a section does not have yet (one a day), and move its review
    date forward to the fixture's if that is later; return how many entries were added.

    A review of shipped content reaches installations that already have the section this way,
    while a later review date set in the admin is kept.
    """
    existing = set(SectionChange.objects.values_list("section_id", "date"))
    created = 0
    for entry in sections:
        where = f"sections.toml [{entry['slug']}]"
        section = section_lookup.get(entry["slug"], where)
        for change in entry.get("changes", []):
            day = _date(change["date"])
            if (section.pk, day) in existing:
                continue
            row = SectionChange(section=section, date=day, **both_languages(change, "note"))
            row.full_clean()
            row.save()
            existing.add((section.pk, day))
            created += 1
        reviewed_on = _date(entry["reviewed_on"]) if entry.get("reviewed_on") else None
        if reviewed_on and (section.reviewed_on is None or section.reviewed_on < reviewed_on):
            section.reviewed_on = reviewed_on
            section.save(update_fields=["reviewed_on"])
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
                **both_languages(e, "title"),
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
                **both_languages(e, "title"),
                **both_languages(e, "summary"),
                **both_languages(e, "body"),
                reviewed_on=_date(e["reviewed_on"]) if e.get("reviewed_on") else None,
            ),
            {"sources": source_lookup.many(e["sources"], where)},
        ),
        "sections.toml",
    )
    section_lookup = Lookup(Section, "slug")
    counts["changelog entries"] = record_reviews(sections, section_lookup)

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
                **both_languages(e, "name"),
                aliases_en=list(e.get("aliases", [])),
                aliases_uk=list(e["aliases_uk"]) if e.get("aliases_uk") else None,
                **both_languages(e, "definition"),
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
                date=_date(e["date"]),
                precision=e.get("precision", "day"),
                **both_languages(e, "title"),
                **both_languages(e, "description"),
                section=section_lookup.get(e["section"], where),
            ),
            {"sources": source_lookup.many(e.get("sources", []), where)},
        ),
        "timeline.toml",
    )

    def section_items(model, filename, list_name, section_slug, texts, fields=(), optional=()):
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
                    **{
                        key: value
                        for text in texts
                        for key, value in both_languages(e, text).items()
                    },
                    **{field: e[field] for field in fields},
                    **{field: e.get(field) for field in optional},
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
        Guarantor,
        "guarantors.toml",
        "guarantors",
        "guarantors",
        ["name"],
        fields=["group"],
        optional=["nato_member_since"],
    )

    claims = read_toml(directory / "claims.toml")["claims"]
    counts["claims"] = _create_missing(
        Claim,
        "slug",
        claims,
        lambda position, e, where: (
            Claim(
                slug=e["slug"],
                topic=e["topic"],
                **both_languages(e, "question"),
                **both_languages(e, "speaker"),
                date=_date(e["date"]),
                precision=e.get("precision", "day"),
                source=source_lookup.get(e["source"], where),
                **both_languages(e, "paraphrase"),
                status=e["status"],
                section=section_lookup.get(e["section"], where),
                facts=list(e["facts"]),
                position=position,
            ),
            {},
        ),
        "claims.toml",
    )
    counts["Ukrainian texts added to existing rows"] = fill_explainer(
        sources, sections, terms, events, claims, directory
    )
    return counts


def fill_explainer(sources, sections, terms, events, claims, directory: Path) -> int:
    """The fixtures' Ukrainian for explainer rows made before it existed (``fill_ukrainian``)."""
    filled = fill_existing(Source, "key", sources, {"title": STRIP})
    filled += fill_existing(
        Section, "slug", sections, dict.fromkeys(["title", "summary", "body"], STRIP)
    )
    changes = {
        (row.section.slug, row.date): row for row in SectionChange.objects.select_related("section")
    }
    for entry in sections:
        for change in entry.get("changes", []):
            row = changes.get((entry["slug"], _date(change["date"])))
            if row is not None:
                filled += fill_ukrainian(row, change, {"note": STRIP})
    filled += fill_existing(
        Term, "slug", terms, {"name": STRIP, "aliases": list, "definition": STRIP}
    )
    filled += fill_existing(
        TimelineEvent, "slug", events, dict.fromkeys(["title", "description"], STRIP)
    )
    for model, filename, list_name, fields in (
        (NeutralState, "neutral_states.toml", "states", ["country", "basis", "since", "today"]),
        (ProposalPoint, "proposals.toml", "points", ["title", "body"]),
        (Guarantor, "guarantors.toml", "guarantors", ["name"]),
    ):
        entries = read_toml(directory / filename)[list_name]
        filled += fill_existing(model, "slug", entries, dict.fromkeys(fields, STRIP))
    filled += fill_existing(
        Claim, "slug", claims, dict.fromkeys(["question", "speaker", "paraphrase"], STRIP)
    )
    return filled

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from explainer.markdown import GlossaryLinks
from explainer.models import SECTION_TABLES, Claim, Section, Source, Term, TimelineEvent
from explainer.pictures import map as guarantor_map
from explainer.pictures import states
from explainer.pictures import timeline as timeline_picture


def glossary_links() -> GlossaryLinks:
    return GlossaryLinks(
        Term.objects.only("slug", "name", "aliases"), reverse("explainer:glossary")
    )


@dataclass
class Accounts:
    """The claims that answer one question, shown side by side."""

    question: str
    topic: str
    claims: list[Claim]

    @property
    def contested(self) -> bool:
        return any(claim.status == Claim.Status.CONTESTED for claim in self.claims)


def accounts_by_question(claims) -> list[Accounts]:
    """Group claims by the question they answer, in the order the questions first appear."""
    groups: dict[str, Accounts] = {}
    for claim in claims:
        group = groups.setdefault(claim.topic, Accounts(claim.question, claim.topic, []))
        group.claims.append(claim)
    return list(groups.values())


@require_GET
def home(request):
    return render(request, "explainer/home.html", {"sections": Section.objects.toc()})


@require_GET
def section_detail(request, slug):
    # The contents list and the open section come from one query (a few sections' text more is
    # cheaper than a round trip), so the changelog and the claims fit the page's query budget.
    sections = list(Section.objects.for_reading())
    index = next((i for i, s in enumerate(sections) if s.slug == slug), None)
    if index is None:
        raise Http404(_("No such section."))
    section = sections[index]
    prefetch_related_objects([section], Prefetch("sources", Source.objects.order_by("publisher")))
    context = {
        "section": section,
        "sections": sections,
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "glossary": glossary_links(),
        "events": section.events.all(),
        "changes": section.changes.all() if section.has_changes else [],
        "accounts": (
            accounts_by_question(Claim.objects.filter(section=section).select_related("source"))
            if section.has_claims
            else []
        ),
    }
    for name, model in SECTION_TABLES.items():
        context[name] = (
            list(model.objects.filter(section=section)) if getattr(section, f"has_{name}") else []
        )
    if context["guarantors"]:
        context["map"] = guarantor_map.guarantor_map(context["guarantors"])
    if context["neutral_states"]:
        context["glance"] = states.glance(context["neutral_states"])
    return render(request, "explainer/section.html", context)


@require_GET
def glossary(request):
    terms = sorted(Term.objects.select_related("section"), key=lambda term: alphabetical(term.name))
    return render(request, "explainer/glossary.html", {"terms": terms})


# The database orders by code point: capitals before small letters, and є, і, ї and ґ after я.
UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def alphabetical(text: str) -> list[int]:
    """A sort key in dictionary order, English or Ukrainian, whatever the case."""
    return [
        UKRAINIAN_ALPHABET.index(char) if char in UKRAINIAN_ALPHABET else 100 + ord(char)
        for char in text.casefold()
    ]


@require_GET
def timeline(request):
    events = list(TimelineEvent.objects.select_related("section"))
    context = {
        "events": events,
        "eras": timeline_picture.draw(events),
        "width": timeline_picture.WIDTH,
        "left": timeline_picture.LEFT,
        "right": timeline_picture.RIGHT,
        "radius": timeline_picture.RADIUS,
    }
    return render(request, "explainer/timeline.html", context)


@require_GET
def sources(request):
    sources = Source.objects.prefetch_related(
        Prefetch("sections", Section.objects.only("slug", "number", "title"))
    ).order_by("publisher", "title")
    return render(request, "explainer/sources.html", {"sources": sources})

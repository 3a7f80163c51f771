from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from explainer.markdown import GlossaryLinks
from explainer.models import SECTION_TABLES, Section, Source, Term, TimelineEvent
from explainer.pictures import states
from explainer.pictures import timeline as timeline_picture


def glossary_links() -> GlossaryLinks:
    return GlossaryLinks(
        Term.objects.only("slug", "name", "aliases"), reverse("explainer:glossary")
    )


@require_GET
def home(request):
    return render(request, "explainer/home.html", {"sections": Section.objects.toc()})


@require_GET
def section_detail(request, slug):
    section = get_object_or_404(
        Section.objects.with_tables().prefetch_related(
            Prefetch("sources", Source.objects.order_by("publisher"))
        ),
        slug=slug,
    )
    sections = list(Section.objects.toc())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    context = {
        "section": section,
        "sections": sections,
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "glossary": glossary_links(),
        "events": section.events.all(),
    }
    for name, model in SECTION_TABLES.items():
        context[name] = (
            list(model.objects.filter(section=section)) if getattr(section, f"has_{name}") else []
        )
    if context["neutral_states"]:
        context["glance"] = states.glance(context["neutral_states"])
    return render(request, "explainer/section.html", context)


@require_GET
def glossary(request):
    terms = Term.objects.select_related("section").order_by("name")
    return render(request, "explainer/glossary.html", {"terms": terms})


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

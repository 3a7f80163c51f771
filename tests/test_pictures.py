"""The explainer's pictures: each draws exactly what the data says, with a text alternative."""

import gzip
import itertools
import math
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from explainer.models import Guarantor, NeutralState, TimelineEvent
from explainer.pictures import states, timeline

pytestmark = pytest.mark.django_db


def section_page(client, slug):
    response = client.get(reverse("explainer:section", args=[slug]))
    assert response.status_code == 200
    return response


def test_every_shipped_neutral_state_is_in_the_glance_with_ukraines_offer_last(client):
    response = section_page(client, "neutral-states")
    rows = response.context["glance"]["rows"]
    shipped = list(NeutralState.objects.values_list("country", flat=True))
    assert [r.name_lines[0] for r in rows[:-1]] == shipped
    assert rows[-1].is_proposal and rows[-1].standing == states.UKRAINE_2022
    body = response.content.decode()
    assert '<svg class="picture-svg"' in body and 'role="img"' in body
    assert '<title id="glance-title">The neutral states at a glance</title>' in body
    # The table beside the picture says the same, row by row.
    assert body.count('<tr><th scope="row">', body.index("glance-caption")) == len(rows)


def test_glance_says_who_gave_neutrality_up_after_2022(client):
    glance = section_page(client, "neutral-states").context["glance"]
    assert glance["ended"] == ["Finland", "Sweden"]  # E7, E8
    by_name = {r.name_lines[0]: r.standing for r in glance["rows"]}
    assert by_name["Ireland"].basis == "policy" and not by_name["Ireland"].no_alliances  # E9
    assert by_name["Austria"].no_alliances and by_name["Austria"].no_bases  # E6


def test_each_yes_and_no_is_drawn_by_shape(client):
    body = section_page(client, "neutral-states").content.decode()
    picture = body[
        body.index('<svg class="picture-svg"') : body.index("</svg>", body.index("glance-desc"))
    ]
    glance = states.glance(list(NeutralState.objects.all()))
    marks = [yes for row in glance["rows"] for _, yes in row.marks]
    assert len(re.findall(r'<circle r="8" fill="#1b1f24"/>', picture)) == marks.count(True)
    assert len(re.findall(r'<circle r="7" fill="#ffffff"', picture)) == marks.count(False)


def test_a_state_added_in_the_admin_without_a_standing_stays_in_the_table(client):
    state = NeutralState.objects.first()
    NeutralState.objects.create(
        slug="elsewhere",
        country="Elsewhere",
        basis="b",
        since="s",
        today="t",
        section=state.section,
    )
    response = section_page(client, "neutral-states")
    assert "Elsewhere" not in [r.name_lines[0] for r in response.context["glance"]["rows"]]
    assert 'id="state-elsewhere"' in response.content.decode()


def test_timeline_draws_every_event_once_numbered_in_date_order_each_a_link(client):
    response = client.get(reverse("explainer:timeline"))
    eras = response.context["eras"]
    markers = [m for era in eras for m in era.markers]
    events = list(TimelineEvent.objects.order_by("date", "id"))
    assert [m.event.slug for m in markers] == [e.slug for e in events]
    assert [m.number for m in markers] == list(range(1, len(events) + 1))
    for era in eras:
        assert all(era.era.start <= m.event.date < era.era.end for m in era.markers)
    body = response.content.decode()
    picture = body[: body.index('id="in-full"')]
    for event in events:
        # Once as a disc, once in the era's list, and the entry itself is further down.
        assert picture.count(f'href="#event-{event.slug}"') == 2
        assert f'id="event-{event.slug}"' in body[body.index('id="in-full"') :]


def test_timeline_discs_never_overlap(client):
    eras = client.get(reverse("explainer:timeline")).context["eras"]
    assert [era.era.key for era in eras] == ["law", "independence", "2014", "2022", "after"]
    for era in eras:
        for a, b in itertools.combinations(era.markers, 2):
            apart = math.hypot(a.x - b.x, a.y - b.y)
            assert apart >= 2 * timeline.RADIUS, (era.era.key, a.event.slug, b.event.slug)


# docs/facts.md A8: the eleven, the five permanent members; H22: eight of them in NATO.
ELEVEN = {
    "United States", "United Kingdom", "France", "China", "Russia",
    "Turkey", "Germany", "Canada", "Italy", "Poland", "Israel",
}  # fmt: skip
PERMANENT_FIVE = {"United States", "United Kingdom", "France", "China", "Russia"}
NATO = {
    "United States",
    "United Kingdom",
    "France",
    "Canada",
    "Italy",
    "Turkey",
    "Germany",
    "Poland",
}


def map_picture(client):
    response = section_page(client, "guarantors")
    body = response.content.decode()
    start = body.index('<figure class="picture" id="guarantor-map"')
    return response.context["map"], body[start : body.index("</figure>", start)]


def test_map_marks_exactly_the_eleven_the_five_and_the_nato_members(client):
    drawn, svg = map_picture(client)
    guarantors = drawn["guarantors"]
    assert {c.name for c in guarantors} == ELEVEN and len(guarantors) == 11
    assert {c.name for c in guarantors if c.role == "p5"} == set(drawn["p5"]) == PERMANENT_FIVE
    assert set(drawn["nato"]) == NATO
    # What the page draws: a star per permanent member and a dot per other guarantor, on the
    # map or in a box at its edge, and the NATO stripes over exactly eight of them.
    assert svg.count('<use href="#map-star"') - 1 == 5  # one more star is in the legend
    assert svg.count('fill="url(#map-nato)"') - 1 == 8  # one more swatch is in the legend
    for name in ELEVEN:
        assert name in svg


def test_map_shows_ukraine_russia_at_war_belarus_later_and_crimea_as_ukraines(client):
    drawn, svg = map_picture(client)
    roles = {c.name: c for c in drawn["countries"]}
    assert roles["Ukraine"].role == "ukraine"
    assert roles["Russia"].role == "p5" and roles["Russia"].at_war
    assert [c.name for c in drawn["countries"] if c.at_war] == ["Russia"]
    assert roles["Belarus"].role == "later" and not roles["Belarus"].is_guarantor
    assert "Crimea" in roles and 'fill="url(#map-crimea)"' in svg
    assert {b["country"].name for b in drawn["beyond"]} == {"United States", "Canada", "China"}
    # Belarus's qualifier goes under its name, clear of the United Kingdom's label.
    assert "Russia (at war)" in svg
    assert '<tspan x="0" dy="-11">Belarus</tspan><tspan x="0" dy="11">(later)</tspan>' in svg
    assert '<title id="map-title">' in svg and '<desc id="map-desc">' in svg


def test_map_follows_the_guarantor_rows(client):
    Guarantor.objects.filter(name="Italy").update(nato_member_since=None)
    drawn, svg = map_picture(client)
    assert set(drawn["nato"]) == NATO - {"Italy"}
    assert svg.count('fill="url(#map-nato)"') - 1 == 7


def test_guarantors_page_with_its_map_weighs_under_120_kb_gzipped(client):
    """The page and its stylesheet as a browser first loads them, compressed as the proxy would."""
    page = section_page(client, "guarantors").content
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_bytes()
    total = len(gzip.compress(page, 6)) + len(gzip.compress(css, 6))
    assert total <= 120 * 1024, total

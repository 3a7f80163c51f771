import pytest
from django.urls import reverse
from django.utils.html import escape

from explainer.models import Section, Source, Term, TimelineEvent

pytestmark = pytest.mark.django_db


def test_home_says_what_the_site_is_and_lists_every_section(client):
    response = client.get(reverse("explainer:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "neutral" in body
    for section in Section.objects.all():
        assert section.get_absolute_url() in body
        assert escape(section.title) in body


def test_every_section_page_shows_its_content_sources_and_neighbours(client):
    sections = list(Section.objects.order_by("number"))
    assert len(sections) == 9
    for index, section in enumerate(sections):
        response = client.get(section.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert f"<h1>{escape(section.title)}</h1>" in body
        for source in section.sources.all():
            assert f"#source-{source.key}" in body
        if index > 0:
            assert f'rel="prev" href="{sections[index - 1].get_absolute_url()}"' in body
        if index < len(sections) - 1:
            assert f'rel="next" href="{sections[index + 1].get_absolute_url()}"' in body


def test_every_section_cites_at_least_one_source():
    for section in Section.objects.prefetch_related("sources"):
        assert section.sources.exists(), section.slug


def test_unknown_section_is_404(client):
    assert client.get("/explainer/no-such-section/").status_code == 404


def test_glossary_lists_every_term_with_an_anchor(client):
    body = client.get(reverse("explainer:glossary")).content.decode()
    for term in Term.objects.all():
        assert f'id="term-{term.slug}"' in body


def test_timeline_lists_every_event_in_date_order(client):
    body = client.get(reverse("explainer:timeline")).content.decode()
    positions = [
        body.index(f'id="event-{e.slug}"') for e in TimelineEvent.objects.order_by("date", "id")
    ]
    assert positions == sorted(positions)
    assert len(positions) == TimelineEvent.objects.count() > 30


def test_sources_page_lists_every_source_with_publisher_and_date(client):
    body = client.get(reverse("explainer:sources")).content.decode()
    for source in Source.objects.all():
        assert f'id="source-{source.key}"' in body
        assert source.published in body


def test_guarantors_section_lists_all_eleven(client):
    body = client.get(reverse("explainer:section", args=["guarantors"])).content.decode()
    for name in [
        "United States", "United Kingdom", "France", "China", "Russia", "Turkey",
        "Germany", "Canada", "Italy", "Poland", "Israel",
    ]:  # fmt: skip
        assert f">{name}</li>" in body


def test_glossary_terms_are_linked_in_section_text(client):
    body = client.get(reverse("explainer:section", args=["what-neutrality-means"])).content.decode()
    assert 'class="term" href="/glossary/#term-permanent-neutrality"' in body


def test_pages_need_no_javascript_and_load_nothing_external(client):
    for url in ["/", "/glossary/", "/timeline/", "/sources/", "/explainer/guarantors/"]:
        body = client.get(url).content.decode()
        assert "<script" not in body
        assert "https://" not in body.split("<main", 1)[0]


def test_a_source_address_typed_without_its_scheme_is_saved_as_https(admin_client):
    response = admin_client.post(
        "/admin/explainer/source/add/",
        {
            "key": "typed-address",
            "publisher": "BBC",
            "title_en": "A report",
            "title_uk": "",
            "published": "2022",
            "url": "www.bbc.com/news/world-europe-60919003",
        },
    )

    assert response.status_code == 302, response.content
    saved = Source.objects.get(key="typed-address")
    assert saved.url == "https://www.bbc.com/news/world-europe-60919003"

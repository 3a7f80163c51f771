from explainer.markdown import GlossaryLinks, link_terms, render_markdown


class FakeTerm:
    def __init__(self, slug, name, aliases=()):
        self.slug, self.name, self.aliases = slug, name, list(aliases)

    def spellings(self):
        return [self.name, *self.aliases]


def test_script_in_authored_text_is_rendered_inert():
    html = render_markdown('Hello <script>alert("x")</script> <img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_javascript_links_are_removed():
    html = render_markdown("[click](javascript:alert(1))")
    assert "javascript:" not in html


def test_markdown_formatting_survives_sanitizing():
    html = render_markdown("## Heading\n\nSome **bold** text and a [link](https://example.org).")
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html


def test_first_use_of_a_term_is_linked_once():
    glossary = GlossaryLinks(
        [FakeTerm("non-alignment", "non-alignment", ["non-bloc status"])], "/g/"
    )
    html = link_terms(
        render_markdown("Non-bloc status is not neutrality. Non-bloc status again."),
        glossary.spellings,
        glossary.url,
    )
    assert html.count('href="/g/#term-non-alignment"') == 1
    assert '<a class="term" href="/g/#term-non-alignment">Non-bloc status</a>' in html


def test_terms_in_headings_and_links_are_not_linked():
    glossary = GlossaryLinks([FakeTerm("neutrality", "neutrality")], "/g/")
    html = link_terms(
        render_markdown("## On neutrality\n\n[neutrality](https://example.org) and neutrality."),
        glossary.spellings,
        glossary.url,
    )
    assert "<h2>On neutrality</h2>" in html
    assert html.count("#term-neutrality") == 1
    assert html.endswith('and <a class="term" href="/g/#term-neutrality">neutrality</a>.</p>')


def test_longer_term_wins_over_its_prefix():
    glossary = GlossaryLinks(
        [FakeTerm("neutrality", "neutrality"), FakeTerm("permanent", "permanent neutrality")], "/g/"
    )
    html = link_terms(render_markdown("permanent neutrality"), glossary.spellings, glossary.url)
    assert "#term-permanent" in html
    assert "#term-neutrality" not in html

"""Authored text: Markdown rendered to HTML, sanitized, and glossary terms linked."""

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "li", "ol", "p", "pre",
    "strong", "sup", "sub", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
# Text inside these tags is never turned into a glossary link.
NO_LINK_TAGS = {"a", "code", "pre", "h2", "h3", "h4"}
_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with every tag and attribute outside the allow-list removed."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 above


def render_markdown_inline(text: str) -> SafeString:
    """Like ``render_markdown``, without the paragraph around a one-paragraph text (for labels)."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - sanitized by render_markdown


@lru_cache(maxsize=64)
def _term_pattern(spellings: tuple[tuple[str, str], ...]) -> re.Pattern | None:
    names = sorted({name for name, _ in spellings if name}, key=len, reverse=True)
    if not names:
        return None
    alternation = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])({alternation})(?![\w-])", re.IGNORECASE)


def link_terms(html: str, spellings: tuple[tuple[str, str], ...], url: str) -> SafeString:
    """Link the first use of each glossary term in sanitized HTML.

    ``spellings`` pairs each spelling with its term's slug; ``url`` is the glossary page.
    """
    pattern = _term_pattern(spellings)
    if pattern is None:
        return mark_safe(html)  # noqa: S308 - the input is already sanitized HTML
    slug_for = {name.lower(): slug for name, slug in spellings}
    linked: set[str] = set()
    open_tags: list[str] = []
    out: list[str] = []

    def replace(match: re.Match) -> str:
        slug = slug_for[match.group(1).lower()]
        if slug in linked:
            return match.group(0)
        linked.add(slug)
        return f'<a class="term" href="{escape(url)}#term-{escape(slug)}">{match.group(1)}</a>'

    for part in _TAG.split(html):
        if part.startswith("<"):
            name_match = _TAG_NAME.match(part)
            name = name_match.group(1).lower() if name_match else ""
            if name in NO_LINK_TAGS:
                if part.startswith("</"):
                    if name in open_tags:
                        open_tags.remove(name)
                else:
                    open_tags.append(name)
            out.append(part)
        elif open_tags:
            out.append(part)
        else:
            out.append(pattern.sub(replace, part))
    return mark_safe("".join(out))  # noqa: S308 - only escaped links were added


class GlossaryLinks:
    """The glossary's spellings, fetched once per page, for ``link_terms``."""

    def __init__(self, terms, url: str):
        self.spellings = tuple((name, term.slug) for term in terms for name in term.spellings())
        self.url = url

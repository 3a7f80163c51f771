import re
from datetime import date

from django import template
from django.utils import dateformat, translation
from django.utils.translation import gettext

from explainer.markdown import link_terms, render_markdown, render_markdown_inline

register = template.Library()


@register.filter
def markdown(text):
    """Render authored Markdown safely."""
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    """Render one paragraph of authored Markdown without its <p>, for a legend or a label."""
    return render_markdown_inline(text)


@register.simple_tag
def markdown_with_terms(text, glossary):
    """Render authored Markdown and link the first use of each glossary term."""
    return link_terms(render_markdown(text), glossary.spellings, glossary.url)


# A source's "published" is free text in English ("29 March 2022", "March 2022", "2022",
# "undated", "29–30 March 2022, updated November 2022"); in another language its dates are
# written as that language writes them.
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY_DATE = re.compile(r"(\d{1,2}(?:–\d{1,2})?) " + _MONTH + r" (\d{4})")
_MONTH_DATE = re.compile(_MONTH + r" (\d{4})")


def _date_words(text: str) -> str:
    if day := _DAY_DATE.fullmatch(text):
        month = date(int(day[3]), MONTHS.index(day[2]) + 1, 1)
        return f"{day[1]} {dateformat.format(month, 'E Y')}"
    if month := _MONTH_DATE.fullmatch(text):
        first = date(int(month[2]), MONTHS.index(month[1]) + 1, 1)
        return dateformat.format(first, "F Y").lower()
    if text == "undated":
        return gettext("undated")
    if text == "continuously updated":
        return gettext("continuously updated")
    if text.startswith("updated "):
        return gettext("updated %(date)s") % {"date": _date_words(text.removeprefix("updated "))}
    return text


@register.filter
def published(text: str) -> str:
    """A source's date of publication in the page's language."""
    if translation.get_language() == "en":
        return text
    return ", ".join(_date_words(part) for part in text.split(", "))

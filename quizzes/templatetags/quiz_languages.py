"""Marks a text shown in English on a page in another language, for want of a translation."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from quizzes.languages import in_english

register = template.Library()


@register.filter
def lang_if_english(row, field: str) -> str:
    """`` lang="en"`` for the element holding ``row.<field>`` when it falls back to English, so a
    screen reader reads it as English on a Ukrainian page; nothing otherwise."""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"') if in_english(row, field) else ""

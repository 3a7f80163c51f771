from django import template
from django.utils.translation import gettext as _

from quizzes.classroom import formatting

register = template.Library()


@register.filter
def as_percent(value):
    return formatting.percent(value)


@register.filter
def as_duration(seconds):
    if seconds is None:
        return ""
    minutes, rest = divmod(seconds, 60)
    return _("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": f"{rest:02d}"}

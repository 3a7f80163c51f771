from django import template

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
    return f"{minutes} min {rest:02d} s"


@register.filter
def answer_text(question, answer):
    return formatting.answer_text(question, answer)

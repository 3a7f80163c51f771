from django import template

from quizzes.results_admin import answer_text as format_answer
from quizzes.results_admin import percent

register = template.Library()


@register.filter
def as_percent(value):
    return percent(value)


@register.filter
def as_duration(seconds):
    if seconds is None:
        return ""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s"


@register.filter
def answer_text(question, response):
    return format_answer(question, response)

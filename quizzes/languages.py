"""A question in the reader's language, and where it falls back to English."""

from django.conf import settings
from django.utils import translation

from quizzes.models import Choice, Question

# The texts a question page shows, by the model they belong to: before the answer, and with the
# feedback that explains it.
ASKED = {Question: ("prompt",), Choice: ("text", "match")}
EXPLAINED = {Question: ("prompt", "explanation"), Choice: ("text", "match", "feedback")}


def shown_in_english(question: Question, choices: list[Choice], *, explained: bool) -> bool:
    """Whether the page, in the active language, shows some of this question's text in English
    because that text has no translation yet (a teacher's own set written in English only).
    ``explained``: the page shows the explanation and the choices' feedback too."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return False  # English is every text's first language
    shown = EXPLAINED if explained else ASKED
    return any(in_english(row, field) for row in (question, *choices) for field in shown[type(row)])


def in_english(row, field: str) -> bool:
    """Whether the row's ``field`` shows in English on this page for want of a translation."""
    language = translation.get_language()
    return (
        language != settings.LANGUAGE_CODE
        and bool(getattr(row, f"{field}_{settings.LANGUAGE_CODE}"))
        and not getattr(row, f"{field}_{language}")
    )


def language_name(code: str) -> str:
    """A language's name in the language the page is shown in: "Ukrainian", "англійська"."""
    return translation.get_language_info(code)["name_translated"]

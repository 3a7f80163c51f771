"""Question sets, questions and choices in English and Ukrainian, in the same rows (see
explainer/translation.py): a question is one question in both languages, so its answers count
together whichever language they were given in."""

from modeltranslation.translator import TranslationOptions, register

from quizzes.models import Choice, Question, QuestionSet


@register(QuestionSet)
class QuestionSetTranslation(TranslationOptions):
    fields = ("title", "topic", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("prompt", "explanation")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text", "feedback", "match")

"""Question sets as plain data: the shape of the TOML fixtures, JSON export/import and GIFT.

``question_set_to_dict`` and ``question_set_create`` are inverses: exporting, importing and
exporting again gives the same data. Each text is under its English key (``prompt``) with its
Ukrainian twin beside it (``prompt_uk``, left out where there is none); GIFT reads the English only.
"""

from django.db import transaction
from django.utils.text import slugify

from quizzes.interchange.checks import BuiltSet, Links, Problem, question_set_build
from quizzes.models import Choice, Question, QuestionSet

JSON_FORMAT = "neutrality-question-sets"
SET_TEXTS = ["title", "topic", "description"]
SET_FLAGS = ["shuffle_questions", "shuffle_choices", "partial_credit"]


class ImportProblems(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def both_languages(row, field: str) -> dict:
    """A text in English and, where it has one, in Ukrainian, read from their columns whatever
    language is active. An untranslated text has no ``_uk`` key, as in the fixtures and GIFT."""
    data = {field: getattr(row, f"{field}_en") or ""}
    if ukrainian := getattr(row, f"{field}_uk"):
        data[f"{field}_uk"] = ukrainian
    return data


def question_set_to_dict(question_set: QuestionSet) -> dict:
    questions = question_set.questions.select_related(
        "source", "section", "term", "event"
    ).prefetch_related("choices__event")
    return {
        **{
            key: value
            for field in SET_TEXTS
            for key, value in both_languages(question_set, field).items()
        },
        **{field: getattr(question_set, field) for field in SET_FLAGS},
        "questions": [question_to_dict(question) for question in questions],
    }


def question_to_dict(question: Question) -> dict:
    data = {
        "kind": question.kind,
        **both_languages(question, "prompt"),
        **both_languages(question, "explanation"),
        "source": question.source.key,
        "section": question.section.slug,
        "term": question.term.slug if question.term else "",
        "event": question.event.slug if question.event else "",
    }
    choices = list(question.choices.all())
    if question.is_ordering:
        data["items"] = [
            choice.event.slug
            if choice.event and not choice.text_en
            else {
                **both_languages(choice, "text"),
                "event": choice.event.slug if choice.event else "",
            }
            for choice in sorted(choices, key=lambda c: c.correct_position or 0)
        ]
    elif question.is_matching:
        data["choices"] = [
            {**both_languages(choice, "text"), **both_languages(choice, "match")}
            for choice in choices
        ]
    else:
        data["choices"] = [answer_to_dict(question, choice) for choice in choices]
    return data


def answer_to_dict(question: Question, choice: Choice) -> dict:
    """One choice, accepted answer or number; a part credit only where there is one."""
    if question.is_numerical:
        data = {"number": choice.number, "tolerance": choice.tolerance or 0.0}
    else:
        data = both_languages(choice, "text")
    data.update(correct=choice.is_correct, **both_languages(choice, "feedback"))
    if choice.credit is not None:
        data["credit"] = choice.credit
    return data


def unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "question-set"
    taken = set(QuestionSet.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def question_set_create(
    *,
    data: dict,
    owner=None,
    is_published=False,
    slug: str | None = None,
    links: Links | None = None,
) -> QuestionSet:
    """Create a set with its questions and choices, or raise ImportProblems and save nothing."""
    built, problems = question_set_build(data, links=links or Links())
    if problems:
        raise ImportProblems(problems)
    return question_set_save(built, owner=owner, is_published=is_published, slug=slug)


@transaction.atomic
def question_set_save(
    built: BuiltSet, *, owner=None, is_published=False, slug: str | None = None
) -> QuestionSet:
    """Save a checked set's rows, in bulk so the queries do not grow with its questions."""
    question_set = built.question_set
    question_set.slug = slug or unique_slug(question_set.title_en)
    question_set.owner = owner
    question_set.is_published = is_published
    question_set.save()
    for question, _ in built.questions:
        question.question_set = question_set
    Question.objects.bulk_create([question for question, _ in built.questions])
    choices = []
    for question, its_choices in built.questions:
        for choice in its_choices:
            choice.question = question
            choices.append(choice)
    Choice.objects.bulk_create(choices)
    return question_set


@transaction.atomic
def question_set_duplicate(*, question_set: QuestionSet, owner) -> QuestionSet:
    """An unpublished copy with every question and choice, owned by ``owner``.

    It remembers the root of its family (``QuestionSet.origin``): its questions' text is that
    set's, so hiding one's answers must hide the other's.
    """
    data = question_set_to_dict(question_set)
    data["title"] = f"{question_set.title_en} (copy)"
    if question_set.title_uk:
        data["title_uk"] = f"{question_set.title_uk} (копія)"
    copy = question_set_create(data=data, owner=owner, is_published=False)
    copy.origin_id = question_set.family_id
    copy.save(update_fields=["origin"])
    return copy

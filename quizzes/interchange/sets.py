"""Question sets as plain data: the shape of the TOML fixtures, JSON export/import and GIFT.

``question_set_to_dict`` and ``question_set_create`` are inverses: exporting, importing and
exporting again gives the same data.
"""

from django.db import transaction
from django.utils.text import slugify

from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.models import Choice, Question, QuestionSet
from quizzes.validation import choice_problems

JSON_FORMAT = "neutrality-question-sets"
SET_FIELDS = ["title", "topic", "description", "shuffle_questions", "shuffle_choices",
              "partial_credit"]  # fmt: skip
LINKS = {"source": (Source, "key"), "section": (Section, "slug"), "term": (Term, "slug"),
         "event": (TimelineEvent, "slug")}  # fmt: skip


class ImportProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def question_set_to_dict(question_set: QuestionSet) -> dict:
    questions = question_set.questions.select_related(
        "source", "section", "term", "event"
    ).prefetch_related("choices__event")
    return {
        **{field: getattr(question_set, field) for field in SET_FIELDS},
        "questions": [question_to_dict(question) for question in questions],
    }


def question_to_dict(question: Question) -> dict:
    data = {
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "source": question.source.key,
        "section": question.section.slug,
        "term": question.term.slug if question.term else "",
        "event": question.event.slug if question.event else "",
    }
    choices = list(question.choices.all())
    if question.is_ordering:
        data["items"] = [
            choice.event.slug if choice.event and not choice.text
            else {"text": choice.text, "event": choice.event.slug if choice.event else ""}
            for choice in sorted(choices, key=lambda c: c.correct_position or 0)
        ]  # fmt: skip
    else:
        data["choices"] = [
            {"text": choice.text, "correct": choice.is_correct, "feedback": choice.feedback}
            for choice in choices
        ]
    return data


class _Links:
    """Explainer rows by natural key, fetched once per import."""

    def __init__(self):
        self.rows = {
            name: dict(model.objects.values_list(field, "pk"))
            for name, (model, field) in LINKS.items()
        }

    def resolve(self, name: str, key: str, where: str, problems: list[str], required=False):
        if not key:
            if required:
                problems.append(f"{where}: the {name} is missing.")
            return None
        if key not in self.rows[name]:
            problems.append(f"{where}: there is no {name} called {key!r}.")
            return None
        return self.rows[name][key]


def _build(data: dict, links: _Links) -> tuple[list, list[str]]:
    """Unsaved questions with their choices, and every problem found on the way."""
    problems = []
    built = []
    questions = data.get("questions") or []
    if not questions:
        problems.append("The set has no questions.")
    for number, entry in enumerate(questions, start=1):
        where = f"Question {number}"
        kind = entry.get("kind", "")
        if kind not in Question.Kind.values:
            problems.append(f"{where}: unknown kind {kind!r}.")
            continue
        if not str(entry.get("prompt", "")).strip():
            problems.append(f"{where}: the question text is empty.")
        question = Question(
            position=number,
            kind=kind,
            prompt=str(entry.get("prompt", "")).strip(),
            explanation=str(entry.get("explanation", "")).strip(),
            source_id=links.resolve("source", entry.get("source", ""), where, problems, True),
            section_id=links.resolve("section", entry.get("section", ""), where, problems, True),
            term_id=links.resolve("term", entry.get("term", ""), where, problems),
            event_id=links.resolve("event", entry.get("event", ""), where, problems),
        )
        if kind == Question.Kind.ORDERING:
            choices = []
            for position, item in enumerate(entry.get("items", []), start=1):
                item = {"event": item, "text": ""} if isinstance(item, str) else item
                choices.append(
                    Choice(
                        position=position,
                        correct_position=position,
                        text=item.get("text", ""),
                        event_id=links.resolve("event", item.get("event", ""), where, problems),
                    )
                )
            plain = [{"position": c.correct_position} for c in choices]
        else:
            choices = [
                Choice(
                    position=position,
                    text=str(choice.get("text", "")).strip(),
                    is_correct=bool(choice.get("correct", False)),
                    feedback=str(choice.get("feedback", "")).strip(),
                )
                for position, choice in enumerate(entry.get("choices", []), start=1)
            ]
            plain = [{"correct": c.is_correct} for c in choices]
            if any(not c.text for c in choices):
                problems.append(f"{where}: a choice has no text.")
        problems += [f"{where}: {problem}" for problem in choice_problems(kind, plain)]
        built.append((question, choices))
    return built, problems


def question_set_check(data: dict) -> list[str]:
    """Everything wrong with a set's data, without saving anything."""
    problems = [f"The set's {f} is missing." for f in ("title",) if not data.get(f)]
    return problems + _build(data, _Links())[1]


def unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "question-set"
    taken = set(QuestionSet.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def question_set_create(
    *, data: dict, owner=None, is_published=False, slug: str | None = None
) -> QuestionSet:
    """Create a set with its questions and choices, or raise ImportProblems and save nothing."""
    problems = question_set_check(data)
    if problems:
        raise ImportProblems(problems)
    built, _ = _build(data, _Links())
    question_set = QuestionSet.objects.create(
        slug=slug or unique_slug(data["title"]),
        owner=owner,
        is_published=is_published,
        title=data["title"],
        topic=data.get("topic", ""),
        description=data.get("description", ""),
        shuffle_questions=bool(data.get("shuffle_questions", False)),
        shuffle_choices=bool(data.get("shuffle_choices", True)),
        partial_credit=bool(data.get("partial_credit", False)),
    )
    for question, choices in built:
        question.question_set = question_set
        question.save()
        for choice in choices:
            choice.question = question
        Choice.objects.bulk_create(choices)
    return question_set


@transaction.atomic
def question_set_duplicate(*, question_set: QuestionSet, owner) -> QuestionSet:
    """An unpublished copy with every question and choice, owned by ``owner``."""
    data = question_set_to_dict(question_set)
    data["title"] = f"{question_set.title} (copy)"
    return question_set_create(data=data, owner=owner, is_published=False)

"""A set's plain data checked and built into unsaved rows in one pass, with every problem named.

The data may come from a teacher's file, so nothing about its shape is assumed: a value of the
wrong type or longer than its column becomes a ``Problem``, never an exception.
"""

import math
from dataclasses import dataclass, field

from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.models import Choice, Question, QuestionSet
from quizzes.validation import choice_as_plain, choice_problems

# Larger numbers are no years or measurements a quiz asks for; JSON may hold any size.
MAX_NUMBER = 1e15
LINKS = {"source": (Source, "key"), "section": (Section, "slug"), "term": (Term, "slug"),
         "event": (TimelineEvent, "slug")}  # fmt: skip
_JSON_TYPES = {type(None): "null", bool: "true or false", int: "a number", float: "a number",
               str: "text", list: "a list", dict: "an object"}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """Something wrong in imported data and where it is; ``str()`` is what a teacher reads."""

    message: str
    line: int | None = None
    set_number: int | None = None
    set_title: str = ""
    question: int | None = None
    field: str = ""

    def __str__(self):
        where = []
        if self.line is not None:
            where.append(f"Line {self.line}")
        if self.set_number is not None:
            where.append(
                f"Set {self.set_number}" + (f" ({self.set_title})" if self.set_title else "")
            )
        if self.question is not None:
            where.append(f"Question {self.question}")
        return ": ".join([*where, f"{self.field} {self.message}" if self.field else self.message])


@dataclass
class BuiltSet:
    """A checked set as unsaved rows: the set, and each question with its choices."""

    question_set: QuestionSet
    questions: list[tuple[Question, list[Choice]]] = field(default_factory=list)


class Links:
    """Explainer rows by natural key, fetched once for a whole upload however many sets it holds."""

    def __init__(self):
        self.rows = {
            name: {getattr(row, key): row for row in model.objects.only(key)}
            for name, (model, key) in LINKS.items()
        }


def is_text(value: str) -> bool:
    """Whether the string can be written as UTF-8: JSON's "\\ud800" makes a lone surrogate."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_type(value) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def shorten(text: str) -> str:
    """Cut a text from the file short for a message, so a huge one cannot flood the page."""
    return text if len(text) <= 60 else text[:57] + "..."


def shown(value) -> str:
    return shorten(repr(value))


def question_set_build(
    data: dict, *, links: Links, set_number: int | None = None, lines: list[int] | None = None
) -> tuple[BuiltSet, list[Problem]]:
    """Check a set's data and build its rows; problems name the set and question, or the line
    each question starts on when ``lines`` gives them (GIFT)."""
    builder = _Builder(data, links, set_number, lines)
    return builder.built, builder.problems


class _Builder:
    """Walks one set's data once, building rows and collecting problems as it goes."""

    def __init__(self, data: dict, links: Links, set_number: int | None, lines: list[int] | None):
        self.links = links
        self.problems: list[Problem] = []
        place = {}
        if set_number is not None:
            title = data.get("title")
            named = title if isinstance(title, str) and title and is_text(title) else "untitled"
            place = {"set_number": set_number, "set_title": shorten(named)}
        self.built = BuiltSet(
            QuestionSet(
                **self.texts(data, "title", QuestionSet, "The set's title", place, True),
                **self.texts(data, "topic", QuestionSet, "The set's topic", place),
                **self.texts(data, "description", QuestionSet, "The set's description", place),
                shuffle_questions=self.flag(data, "shuffle_questions", False, place),
                shuffle_choices=self.flag(data, "shuffle_choices", True, place),
                partial_credit=self.flag(data, "partial_credit", False, place),
            )
        )
        questions = data.get("questions", [])
        if not isinstance(questions, list):
            self.add(f"should be a list, not {json_type(questions)}.", place, "The set's questions")
        elif not questions:
            self.add("The set has no questions.", place)
        else:
            for number, entry in enumerate(questions, start=1):
                where = {"line": lines[number - 1]} if lines else {**place, "question": number}
                if built := self.question(number, entry, where):
                    self.built.questions.append(built)

    def add(self, message: str, where: dict, field: str = ""):
        self.problems.append(Problem(message, field=field, **where))

    def text(self, entry, key, model, field, where, required=False) -> str:
        """A text value, stripped; it must fit the model field of the same name."""
        value = entry.get(key, "")
        if not isinstance(value, str):
            self.add(f"should be text, not {json_type(value)}.", where, field)
            return ""
        value = value.strip()
        limit = model._meta.get_field(key).max_length
        if required and not value:
            self.add("is missing.", where, field)
        elif limit and len(value) > limit:
            self.add(f"is longer than {limit} characters (it has {len(value)}).", where, field)
        elif "\x00" in value:
            # PostgreSQL cannot store it in a text column.
            self.add("contains a null character (\\u0000), which cannot be stored.", where, field)
        elif not is_text(value):
            self.add("contains a character that is not valid text.", where, field)
        return value

    def texts(self, entry, key, model, field, where, required=False) -> dict:
        """The English text of ``key`` and its Ukrainian twin ``<key>_uk``, for their columns;
        a missing or empty Ukrainian text is NULL, shown in English."""
        english = self.text(entry, key, model, field, where, required)
        ukrainian = self.text(entry, f"{key}_uk", model, f"{field} in Ukrainian", where)
        return {f"{key}_en": english, f"{key}_uk": ukrainian or None}

    def flag(self, entry, key, default: bool, where) -> bool:
        value = entry.get(key, default)
        if not isinstance(value, bool):
            self.add(f"should be true or false, not {json_type(value)}.", where, f"The set's {key}")
            return default
        return value

    def entries(self, entry, key, field, where) -> list:
        value = entry.get(key, [])
        if not isinstance(value, list):
            self.add(f"should be a list, not {json_type(value)}.", where, field)
            return []
        return value

    def link(self, entry, name, where, required=False):
        """The explainer row a key names, or None with a problem when it names none."""
        key = entry.get(name, "")
        if not isinstance(key, str):
            self.add(f"should be text, not {json_type(key)}.", where, f"the {name}")
        elif not key:
            if required:
                self.add("is missing.", where, f"the {name}")
        elif key not in self.links.rows[name]:
            self.add(f"there is no {name} called {shown(key)}.", where)
        else:
            return self.links.rows[name][key]
        return None

    def question(self, number, entry, where) -> tuple[Question, list[Choice]] | None:
        if not isinstance(entry, dict):
            expected = "should be an object with a kind, a prompt and choices"
            self.add(f"{expected}, not {json_type(entry)}.", where, "this question")
            return None
        kind = entry.get("kind", "")
        if not isinstance(kind, str) or kind not in Question.Kind.values:
            self.add(f"unknown kind {shown(kind)}.", where)
            return None
        question = Question(
            position=number,
            kind=kind,
            **self.texts(entry, "prompt", Question, "the prompt", where, True),
            **self.texts(entry, "explanation", Question, "the explanation", where),
        )
        for name in LINKS:
            setattr(question, name, self.link(entry, name, where, name in ("source", "section")))
        if kind == Question.Kind.ORDERING:
            choices = self.items(entry, where)
        else:
            choices = self.choices(kind, entry, where)
        plain = [choice_as_plain(choice) for choice in choices]
        for problem in choice_problems(kind, plain):
            self.add(problem, where)
        return question, choices

    def choices(self, kind, entry, where) -> list[Choice]:
        choices = []
        for position, choice in enumerate(self.entries(entry, "choices", "the choices", where), 1):
            if not isinstance(choice, dict):
                self.add(
                    f"should be an object with a text, not {json_type(choice)}.",
                    where,
                    f"choice {position}",
                )
                continue
            correct = choice.get("correct", False)
            if not isinstance(correct, bool):
                self.add(
                    f"should be true or false, not {json_type(correct)}.",
                    where,
                    f"choice {position}'s mark (correct)",
                )
            choices.append(
                Choice(
                    position=position,
                    **self.texts(choice, "text", Choice, f"the text of choice {position}", where),
                    is_correct=correct is True,
                    **self.texts(
                        choice, "feedback", Choice, f"the feedback of choice {position}", where
                    ),
                    credit=self.number(choice, "credit", f"choice {position}'s credit", where),
                    number=self.number(choice, "number", f"choice {position}'s number", where),
                    tolerance=self.number(
                        choice, "tolerance", f"choice {position}'s tolerance", where
                    ),
                    match=self.text(
                        choice, "match", Choice, f"the match of choice {position}", where
                    ),
                )
            )
        for position, choice in enumerate(choices, start=1):
            self.row_problems(choice, f"choice {position}", where)
        # A number or a matching distractor stands without a text; every other choice needs one.
        if any(not (c.text_en or c.number is not None or c.match) for c in choices):
            self.add("a choice has no text.", where)
        if kind == Question.Kind.NUMERICAL:
            for choice in choices:
                if choice.number is not None and choice.tolerance is None:
                    choice.tolerance = 0.0
        return choices

    def number(self, entry, key, field, where) -> float | None:
        """An optional number (not true or false, which JSON would let pass as one)."""
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"should be a number, not {json_type(value)}.", where, field)
            return None
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            self.add("is too large.", where, field)
            return None
        return float(value)

    def row_problems(self, choice: Choice, field: str, where):
        """The database's row rules for a choice (its CheckConstraints), as problems."""
        if choice.credit is not None and not 0 < choice.credit < 1:
            self.add("should be more than 0 and less than 1, e.g. 0.5.", where, f"{field}'s credit")
        elif choice.credit is not None and choice.is_correct:
            self.add("is correct, so it earns the whole point: give no credit.", where, field)
        if choice.tolerance is not None and choice.number is None:
            self.add("has a tolerance but no number.", where, field)
        elif choice.tolerance is not None and choice.tolerance < 0:
            self.add("should be 0 or more.", where, f"{field}'s tolerance")

    def items(self, entry, where) -> list[Choice]:
        """An ordering question's items in their right order: an event's slug, or text and event."""
        items = []
        for position, item in enumerate(self.entries(entry, "items", "the items", where), 1):
            if isinstance(item, str):
                item = {"event": item}
            if not isinstance(item, dict):
                self.add(
                    f"should be an event's slug or an object with a text, not {json_type(item)}.",
                    where,
                    f"item {position}",
                )
                continue
            choice = Choice(
                position=position,
                correct_position=position,
                **self.texts(item, "text", Choice, f"the text of item {position}", where),
                event=self.link(item, "event", where),
            )
            if not choice.text_en and not item.get("event"):
                self.add("needs a text or an event.", where, f"item {position}")
            items.append(choice)
        return items

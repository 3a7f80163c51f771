"""A set's plain data checked and built into unsaved rows in one pass, with every problem named.

The data may come from a teacher's file, so nothing about its shape is assumed: a value of the
wrong type or longer than its column becomes a ``Problem``, never an exception.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.models import Choice, Question, QuestionSet
from quizzes.validation import choice_as_plain, choice_problems

# Larger numbers are no years or measurements a quiz asks for; JSON may hold any size.
MAX_NUMBER = 1e15
LINKS = {"source": (Source, "key"), "section": (Section, "slug"), "term": (Term, "slug"),
         "event": (TimelineEvent, "slug")}  # fmt: skip
# Each named as it reads after "not" in "should be a list, not a number".
_JSON_TYPES = {
    type(None): "null",
    bool: pgettext_lazy("after 'not'", "true or false"),
    int: pgettext_lazy("after 'not'", "a number"),
    float: pgettext_lazy("after 'not'", "a number"),
    str: pgettext_lazy("after 'not'", "text"),
    list: pgettext_lazy("after 'not'", "a list"),
    dict: pgettext_lazy("after 'not'", "an object"),
}
# "there is no source called 'x'": the name of each kind of link in its message.
_NO_SUCH = {
    "source": pgettext_lazy("import problem", "there is no source called %(key)s."),
    "section": pgettext_lazy("import problem", "there is no section called %(key)s."),
    "term": pgettext_lazy("import problem", "there is no term called %(key)s."),
    "event": pgettext_lazy("import problem", "there is no event called %(key)s."),
}
_LINK_FIELDS = {
    "source": pgettext_lazy("import field", "the source"),
    "section": pgettext_lazy("import field", "the section"),
    "term": pgettext_lazy("import field", "the term"),
    "event": pgettext_lazy("import field", "the event"),
}


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
            where.append(_("Line %(line)s") % {"line": self.line})
        if self.set_number is not None and self.set_title:
            where.append(
                _("Set %(number)s (%(title)s)")
                % {"number": self.set_number, "title": self.set_title}
            )
        elif self.set_number is not None:
            where.append(_("Set %(number)s") % {"number": self.set_number})
        if self.question is not None:
            where.append(_("Question %(number)s") % {"number": self.question})
        if self.field:
            # "The set's title" and "is missing.": one sentence.
            what = pgettext("import problem", "%(field)s %(message)s") % {
                "field": self.field,
                "message": self.message,
            }
        else:
            what = str(self.message)
        return ": ".join([*where, what])


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
            named = title if isinstance(title, str) and title and is_text(title) else _("untitled")
            place = {"set_number": set_number, "set_title": shorten(named)}
        self.built = BuiltSet(
            QuestionSet(
                **self.texts(data, "title", QuestionSet, _("The set's title"), place, True),
                **self.texts(data, "topic", QuestionSet, _("The set's topic"), place),
                **self.texts(data, "description", QuestionSet, _("The set's description"), place),
                shuffle_questions=self.flag(data, "shuffle_questions", False, place),
                shuffle_choices=self.flag(data, "shuffle_choices", True, place),
                partial_credit=self.flag(data, "partial_credit", False, place),
            )
        )
        questions = data.get("questions", [])
        if not isinstance(questions, list):
            self.add(
                _("should be a list, not %(type)s.") % {"type": json_type(questions)},
                place,
                _("The set's questions"),
            )
        elif not questions:
            self.add(_("The set has no questions."), place)
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
            self.add(_("should be text, not %(type)s.") % {"type": json_type(value)}, where, field)
            return ""
        value = value.strip()
        limit = model._meta.get_field(key).max_length
        if required and not value:
            self.add(_("is missing."), where, field)
        elif limit and len(value) > limit:
            self.add(
                _("is longer than %(limit)s characters (it has %(length)s).")
                % {"limit": limit, "length": len(value)},
                where,
                field,
            )
        elif "\x00" in value:
            # PostgreSQL cannot store it in a text column.
            self.add(
                _("contains a null character (\\u0000), which cannot be stored."), where, field
            )
        elif not is_text(value):
            self.add(_("contains a character that is not valid text."), where, field)
        return value

    def texts(self, entry, key, model, field, where, required=False) -> dict:
        """The English text of ``key`` and its Ukrainian twin ``<key>_uk``, for their columns;
        a missing or empty Ukrainian text is NULL, shown in English."""
        english = self.text(entry, key, model, field, where, required)
        ukrainian = self.text(
            entry, f"{key}_uk", model, _("%(field)s in Ukrainian") % {"field": field}, where
        )
        return {f"{key}_en": english, f"{key}_uk": ukrainian or None}

    def flag(self, entry, key, default: bool, where) -> bool:
        value = entry.get(key, default)
        if not isinstance(value, bool):
            self.add(
                _("should be true or false, not %(type)s.") % {"type": json_type(value)},
                where,
                _("The set's %(key)s") % {"key": key},
            )
            return default
        return value

    def entries(self, entry, key, field, where) -> list:
        value = entry.get(key, [])
        if not isinstance(value, list):
            self.add(
                _("should be a list, not %(type)s.") % {"type": json_type(value)}, where, field
            )
            return []
        return value

    def link(self, entry, name, where, required=False):
        """The explainer row a key names, or None with a problem when it names none."""
        key = entry.get(name, "")
        if not isinstance(key, str):
            self.add(
                _("should be text, not %(type)s.") % {"type": json_type(key)},
                where,
                _LINK_FIELDS[name],
            )
        elif not key:
            if required:
                self.add(_("is missing."), where, _LINK_FIELDS[name])
        elif key not in self.links.rows[name]:
            self.add(_NO_SUCH[name] % {"key": shown(key)}, where)
        else:
            return self.links.rows[name][key]
        return None

    def question(self, number, entry, where) -> tuple[Question, list[Choice]] | None:
        if not isinstance(entry, dict):
            self.add(
                _("should be an object with a kind, a prompt and choices, not %(type)s.")
                % {"type": json_type(entry)},
                where,
                _("this question"),
            )
            return None
        kind = entry.get("kind", "")
        if not isinstance(kind, str) or kind not in Question.Kind.values:
            self.add(_("unknown kind %(kind)s.") % {"kind": shown(kind)}, where)
            return None
        question = Question(
            position=number,
            kind=kind,
            **self.texts(entry, "prompt", Question, _("the prompt"), where, True),
            **self.texts(entry, "explanation", Question, _("the explanation"), where),
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
        for position, choice in enumerate(
            self.entries(entry, "choices", _("the choices"), where), 1
        ):
            if not isinstance(choice, dict):
                self.add(
                    _("should be an object with a text, not %(type)s.")
                    % {"type": json_type(choice)},
                    where,
                    _("choice %(position)s") % {"position": position},
                )
                continue
            correct = choice.get("correct", False)
            if not isinstance(correct, bool):
                self.add(
                    _("should be true or false, not %(type)s.") % {"type": json_type(correct)},
                    where,
                    _("choice %(position)s's mark (correct)") % {"position": position},
                )
            choices.append(
                Choice(
                    position=position,
                    **self.texts(
                        choice,
                        "text",
                        Choice,
                        _("the text of choice %(position)s") % {"position": position},
                        where,
                    ),
                    is_correct=correct is True,
                    **self.texts(
                        choice,
                        "feedback",
                        Choice,
                        _("the feedback of choice %(position)s") % {"position": position},
                        where,
                    ),
                    credit=self.number(
                        choice,
                        "credit",
                        _("choice %(position)s's credit") % {"position": position},
                        where,
                    ),
                    number=self.number(
                        choice,
                        "number",
                        _("choice %(position)s's number") % {"position": position},
                        where,
                    ),
                    tolerance=self.number(
                        choice,
                        "tolerance",
                        _("choice %(position)s's tolerance") % {"position": position},
                        where,
                    ),
                    **self.texts(
                        choice,
                        "match",
                        Choice,
                        _("the match of choice %(position)s") % {"position": position},
                        where,
                    ),
                )
            )
        for position, choice in enumerate(choices, start=1):
            self.row_problems(choice, position, where)
        # A number or a matching distractor stands without a text; every other choice needs one.
        if any(not (c.text_en or c.number is not None or c.match_en) for c in choices):
            self.add(_("a choice has no text."), where)
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
            self.add(
                _("should be a number, not %(type)s.") % {"type": json_type(value)}, where, field
            )
            return None
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            self.add(_("is too large."), where, field)
            return None
        return float(value)

    def row_problems(self, choice: Choice, position: int, where):
        """The database's row rules for a choice (its CheckConstraints), as problems."""
        field = _("choice %(position)s") % {"position": position}
        if choice.credit is not None and not 0 < choice.credit < 1:
            self.add(
                _("should be more than 0 and less than 1, e.g. 0.5."),
                where,
                _("choice %(position)s's credit") % {"position": position},
            )
        elif choice.credit is not None and choice.is_correct:
            self.add(_("is correct, so it earns the whole point: give no credit."), where, field)
        if choice.tolerance is not None and choice.number is None:
            self.add(_("has a tolerance but no number."), where, field)
        elif choice.tolerance is not None and choice.tolerance < 0:
            self.add(
                _("should be 0 or more."),
                where,
                _("choice %(position)s's tolerance") % {"position": position},
            )

    def items(self, entry, where) -> list[Choice]:
        """An ordering question's items in their right order: an event's slug, or text and event."""
        items = []
        for position, item in enumerate(self.entries(entry, "items", _("the items"), where), 1):
            if isinstance(item, str):
                item = {"event": item}
            if not isinstance(item, dict):
                self.add(
                    _("should be an event's slug or an object with a text, not %(type)s.")
                    % {"type": json_type(item)},
                    where,
                    _("item %(position)s") % {"position": position},
                )
                continue
            choice = Choice(
                position=position,
                correct_position=position,
                **self.texts(
                    item,
                    "text",
                    Choice,
                    _("the text of item %(position)s") % {"position": position},
                    where,
                ),
                event=self.link(item, "event", where),
            )
            if not choice.text_en and not item.get("event"):
                self.add(
                    _("needs a text or an event."),
                    where,
                    _("item %(position)s") % {"position": position},
                )
            items.append(choice)
        return items

"""Read an uploaded file (JSON export or Moodle GIFT) into checked, unsaved question sets, with
every problem listed by where it is, before anything is saved."""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext

from quizzes.interchange.checks import (
    BuiltSet,
    Links,
    Problem,
    json_type,
    question_set_build,
    shown,
)
from quizzes.interchange.gift import parse_gift_lines, to_gift
from quizzes.interchange.sets import JSON_FORMAT, question_set_to_dict
from quizzes.models import Question

JSON_VERSION = 1
GIFT_KINDS = set(Question.Kind) - {Question.Kind.ORDERING}
# An export nests seven levels (file, sets, set, questions, question, choices, choice); a file
# nested far deeper is not one, and refusing it early keeps recursion out of the checks.
MAX_DEPTH = 20


def too_deep() -> Problem:
    return Problem(
        gettext("The file nests lists and objects too deeply (more than %(depth)s levels).")
        % {"depth": MAX_DEPTH}
    )


@dataclass
class Upload:
    """What a file holds, checked: the sets to preview and save, or the problems to fix first."""

    sets: list[BuiltSet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def export_json(question_sets) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "question_sets": [question_set_to_dict(question_set) for question_set in question_sets],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def export_gift(question_set) -> tuple[str, int]:
    """The set's questions as GIFT, and how many were left out because GIFT cannot hold them."""
    questions = question_set_to_dict(question_set)["questions"]
    kept = [q for q in questions if q["kind"] in GIFT_KINDS]
    header = f"// {question_set.title_en}\n// Exported from Neutrality, explained.\n\n"
    return header + to_gift([{"title": "", **q} for q in kept]), len(questions) - len(kept)


def _too_deep(data) -> bool:
    """Whether the parsed JSON nests deeper than MAX_DEPTH, found without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            pending.extend((child, depth + 1) for child in value)
    return False


def read_json(text: str) -> Upload:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Upload(
            problems=[
                Problem(
                    gettext("this is not valid JSON (%(error)s).") % {"error": error.msg},
                    error.lineno,
                )
            ]
        )
    except RecursionError:
        return Upload(problems=[too_deep()])
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (sys.set_int_max_str_digits).
        return Upload(problems=[Problem(gettext("the file holds a number too long to read."))])
    if _too_deep(data):
        return Upload(problems=[too_deep()])
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        return Upload(
            problems=[Problem(gettext("this file is not a question-set export from this site."), 1)]
        )
    if data.get("version") != JSON_VERSION:
        return Upload(
            problems=[
                Problem(
                    gettext("export version %(version)s is not known.")
                    % {"version": shown(data.get("version"))},
                    1,
                )
            ]
        )
    sets = data.get("question_sets")
    if not isinstance(sets, list):
        found = json_type(sets)
        return Upload(
            problems=[
                Problem(
                    gettext("The file's question_sets should be a list, not %(type)s.")
                    % {"type": found}
                )
            ]
        )
    if not sets:
        return Upload(problems=[Problem(gettext("The file holds no question sets."))])
    upload, links = Upload(), Links()
    for number, entry in enumerate(sets, start=1):
        if not isinstance(entry, dict):
            upload.problems.append(
                Problem(gettext("this is not a question set."), set_number=number)
            )
            continue
        built, problems = question_set_build(entry, links=links, set_number=number)
        upload.sets.append(built)
        upload.problems += problems
    return upload


def read_gift(text: str, *, title: str, source: str, section: str) -> Upload:
    """GIFT holds questions only: the set's title and default links come from the form."""
    located, errors = parse_gift_lines(text)
    problems = [Problem(error.message, error.line) for error in errors]
    if not located:
        return Upload(problems=problems or [Problem(gettext("the file holds no questions."), 1)])
    questions = [
        {
            **question,
            "source": question["source"] or source,
            "section": question["section"] or section,
        }
        for _, question in located
    ]
    data = {"title": title, "questions": questions}
    built, checked = question_set_build(data, links=Links(), lines=[line for line, _ in located])
    return Upload(sets=[built], problems=sorted(problems + checked, key=lambda p: p.line or 0))

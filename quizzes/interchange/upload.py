"""Read an uploaded file (JSON export or Moodle GIFT) into question-set data, with every problem
listed by line, before anything is saved."""

import json
from dataclasses import dataclass, field

from quizzes.interchange.gift import parse_gift_lines, to_gift
from quizzes.interchange.sets import JSON_FORMAT, question_set_check, question_set_to_dict
from quizzes.models import Question

JSON_VERSION = 1
GIFT_KINDS = {Question.Kind.SINGLE, Question.Kind.TRUE_FALSE, Question.Kind.MULTIPLE}


@dataclass
class Upload:
    sets: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


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
    header = f"// {question_set.title}\n// Exported from Neutrality, explained.\n\n"
    return header + to_gift([{"title": "", **q} for q in kept]), len(questions) - len(kept)


def read_json(text: str) -> Upload:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Upload(problems=[f"Line {error.lineno}: this is not valid JSON ({error.msg})."])
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        return Upload(problems=["Line 1: this file is not a question-set export from this site."])
    if data.get("version") != JSON_VERSION:
        return Upload(problems=[f"Line 1: export version {data.get('version')!r} is not known."])
    sets = data.get("question_sets")
    if not isinstance(sets, list) or not sets:
        return Upload(problems=["The file holds no question sets."])
    upload = Upload(sets=sets)
    for number, question_set in enumerate(sets, start=1):
        if not isinstance(question_set, dict):
            upload.problems.append(f"Set {number} is not a question set.")
            continue
        prefix = f"Set {number} ({question_set.get('title', 'untitled')})"
        upload.problems += [f"{prefix}: {p}" for p in question_set_check(question_set)]
    return upload


def read_gift(text: str, *, title: str, source: str, section: str) -> Upload:
    """GIFT holds questions only: the set's title and default links come from the form."""
    located, errors = parse_gift_lines(text)
    problems = [f"Line {error.line}: {error.message}" for error in errors]
    questions = []
    for line, question in located:
        question.pop("title", None)
        question["source"] = question["source"] or source
        question["section"] = question["section"] or section
        questions.append(question)
        single = {"title": title, "questions": [question]}
        problems += [
            f"Line {line}: {p.removeprefix('Question 1: ')}"
            for p in question_set_check(single)
            if p != "The set has no questions."
        ]
    if not located and not errors:
        problems.append("Line 1: the file holds no questions.")
    data = {"title": title, "topic": "", "description": "", "questions": questions}
    return Upload(sets=[data], problems=problems)

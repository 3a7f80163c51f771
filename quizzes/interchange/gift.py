"""Import and export of question sets in Moodle's GIFT format (single, true/false, multiple)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

METADATA_KEYS = ("source", "section", "term", "event")

# While the structure is parsed, escaped characters stand in as private-use code points, so that
# "\{" or "\~" inside a text is never taken for GIFT syntax; they become real characters at the end.
_ESCAPABLE = "\\~=#{}:n"
_MASK = {char: chr(0xE000 + index) for index, char in enumerate(_ESCAPABLE)}
_UNMASK = str.maketrans({code: "\n" if char == "n" else char for char, code in _MASK.items()})
_ESCAPED = re.compile(r"\\([\\~=#{}:n])")
_FORMAT = re.compile(r"\[(?:markdown|html|plain|moodle)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_BAD_WEIGHT = re.compile(r"%[^%\s]*%")
_METADATA = re.compile(r"//\s*(source|section|term|event)\s*:(.*)", re.IGNORECASE)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class GiftError:
    """A problem in GIFT input, with the line a teacher should look at."""

    line: int
    message: str


class _Problem(Exception):
    """A reason to reject one question; offset is where in its masked text, None for its start."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Entry(NamedTuple):
    """One answer as written: its = or ~ mark, optional %weight%, texts and offset."""

    mark: str
    weight: float | None
    text: str
    feedback: str
    offset: int


@dataclass
class _Block:
    """The lines of one question (comments removed) and the metadata from its comments."""

    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def parse_gift(text: str) -> tuple[list[dict], list[GiftError]]:
    """Parse GIFT text; return the questions and every error found (never raise on bad input)."""
    located, errors = parse_gift_lines(text)
    return [question for _, question in located], errors


def parse_gift_lines(text: str) -> tuple[list[tuple[int, dict]], list[GiftError]]:
    """Like ``parse_gift``, with the line each question starts on, for error messages."""
    questions: list[tuple[int, dict]] = []
    errors: list[GiftError] = []
    for number, block in enumerate(_blocks(text), start=1):
        masked = _ESCAPED.sub(lambda match: _MASK[match[1]], "\n".join(block.lines))
        try:
            question = _parse_question(masked)
        except _Problem as problem:
            # Offsets survive masking because escapes never span a line break.
            index = 0 if problem.offset is None else masked.count("\n", 0, problem.offset)
            errors.append(GiftError(block.numbers[index], f"Question {number} {problem.message}"))
            continue
        metadata = {key: block.metadata.get(key, "") for key in METADATA_KEYS}
        questions.append((block.numbers[0], {**question, **metadata}))
    return questions, errors


def _blocks(text: str) -> Iterator[_Block]:
    """Split GIFT text into questions at blank lines, reading metadata from comment lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    block = _Block()
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if block.lines:
                yield block
            # Comments followed by a blank line belong to no question, so their metadata is dropped.
            block = _Block()
        elif stripped.startswith("//"):
            if match := _METADATA.fullmatch(stripped):
                block.metadata[match[1].lower()] = match[2].strip()
        elif not stripped.startswith("$CATEGORY:"):
            block.lines.append(line)
            block.numbers.append(number)
    if block.lines:
        yield block


def _parse_question(text: str) -> dict:
    """Turn the masked text of one question into the neutral dict, without metadata."""
    start = len(text) - len(text.lstrip())
    title = ""
    if text.startswith("::", start):
        end = text.find("::", start + 2)
        if end < 0:
            raise _Problem("has a title that starts with :: but never ends with ::.")
        title, start = _clean(text[start + 2 : end], formatted=False), end + 2
    opening, closing = _answer_block(text, start)
    after = text[closing + 1 :]
    # Text after the answers makes a "missing word" question; Moodle marks the gap with a line.
    prompt = _clean(text[start:opening] + ("_____" + after if after.strip() else ""))
    if not prompt:
        raise _Problem("has no question text.")
    inner = text[opening + 1 : closing]
    explanation = ""
    if (general := inner.rfind("####")) >= 0:
        inner, explanation = inner[:general], _clean(inner[general + 4 :])
    kind, choices = _answers(inner, opening + 1)
    return {
        "kind": kind,
        "title": title,
        "prompt": prompt,
        "explanation": explanation,
        "choices": choices,
    }


def _answer_block(text: str, start: int) -> tuple[int, int]:
    """Find the offsets of the one pair of braces holding the answers."""
    opening, found = None, None
    for index in range(start, len(text)):
        if text[index] == "{":
            if opening is not None or found:
                raise _Problem(
                    "has a { inside or after its answer block; write \\{ for a literal brace.",
                    index,
                )
            opening = index
        elif text[index] == "}":
            if opening is None:
                raise _Problem("has a } with no { before it; write \\} for a literal brace.", index)
            found, opening = (opening, index), None
    if opening is not None:
        raise _Problem("has a { that is never closed with }.", opening)
    if not found:
        raise _Problem("has no answers: add them between { and }.")
    return found


def _answers(inner: str, base: int) -> tuple[str, list[dict]]:
    """Classify an answer block and read its choices; base is its offset in the question."""
    body = inner.strip()
    if not body:
        raise _Problem("is an essay question (empty { }), which cannot be imported.")
    if body.startswith("#"):
        raise _Problem("is a numerical question ({#...}), which cannot be imported.")
    if "~" not in body:
        if "->" in body:
            raise _Problem("is a matching question (->), which cannot be imported.")
        head, *feedback = body.split("#", 2)
        if head.strip().upper() in _TRUE_FALSE:
            return "true_false", _true_false(_TRUE_FALSE[head.strip().upper()], feedback)
        if body.startswith("="):
            raise _Problem(
                "is a short-answer question (= answers and no ~), which cannot be imported."
            )
        raise _Problem("has answers that are not marked with =, ~, T or F.")
    marks = [match.start() for match in re.finditer("[~=]", inner)]
    if inner[: marks[0]].strip():
        raise _Problem("has text inside { } before its first = or ~ answer.", base)
    entries = []
    for index, mark in enumerate(marks):
        end = marks[index + 1] if index + 1 < len(marks) else len(inner)
        raw, weight = inner[mark + 1 : end].lstrip(), None
        if match := _WEIGHT.match(raw):
            raw, weight = raw[match.end() :], float(match[1])
        elif _BAD_WEIGHT.match(raw):
            raise _Problem(
                "has an answer weight that is not a number; write weights like %50%.", base + mark
            )
        text, _, feedback = raw.partition("#")
        if not _clean(text):
            raise _Problem("has an answer with no text.", base + mark)
        entries.append(_Entry(inner[mark], weight, _clean(text), _clean(feedback), base + mark))
    if len(entries) < 2:
        raise _Problem("needs at least two answers.")
    rights = [entry for entry in entries if entry.mark == "="]
    if len(rights) > 1:
        raise _Problem(
            "has more than one answer marked with =. Mark only the right answer with =, "
            "or give every right answer a weight such as ~%50%.",
            rights[1].offset,
        )
    if rights:
        partial = next((e for e in entries if e.mark == "~" and (e.weight or 0) > 0), None)
        if partial:
            raise _Problem(
                "gives partial credit to a ~ answer next to an = answer, which cannot be stored.",
                partial.offset,
            )
        kind, correct = "single", [entry.mark == "=" for entry in entries]
    else:
        kind, correct = "multiple", [(entry.weight or 0) > 0 for entry in entries]
        if not any(correct):
            raise _Problem("has no correct answer: mark it with =, or weigh right answers ~%50%.")
    choices = [
        {"text": entry.text, "correct": right, "feedback": entry.feedback}
        for entry, right in zip(entries, correct, strict=True)
    ]
    return kind, choices


def _true_false(value: bool, feedback: list[str]) -> list[dict]:
    """Build the True and False choices; GIFT gives the wrong answer's feedback first."""
    wrong, right = (_clean(text) for text in [*feedback, "", ""][:2])
    return [
        {"text": "True", "correct": value, "feedback": right if value else wrong},
        {"text": "False", "correct": not value, "feedback": wrong if value else right},
    ]


def _clean(masked: str, *, formatted: bool = True) -> str:
    """Strip a text-format prefix and surrounding space, then restore escaped characters."""
    masked = masked.strip()
    if formatted and (match := _FORMAT.match(masked)):
        masked = masked[match.end() :].strip()
    return masked.translate(_UNMASK)


def to_gift(questions: list[dict]) -> str:
    """Write questions as GIFT, so that parse_gift(to_gift(qs)) == qs for supported fields."""
    return "".join(_write(question) + "\n\n" for question in questions).removesuffix("\n")


def _write(question: dict) -> str:
    """Write one question: metadata comments, title, prompt, then the answers one per line."""
    lines = [f"// {key}: {question[key]}" for key in METADATA_KEYS if question.get(key)]
    title = f"::{_escape(question['title'])}::" if question.get("title") else ""
    lines.append(f"{title}[markdown]{_escape(question['prompt'])} {{")
    choices = question["choices"]
    if question["kind"] == "true_false":
        lines.append(_true_false_answer(choices))
    else:
        lines.extend(_choice_lines(question["kind"], choices))
    if question.get("explanation"):
        lines.append(f"####{_escape(question['explanation'])}")
    lines.append("}")
    return "\n".join(lines)


def _true_false_answer(choices: list[dict]) -> str:
    """Write {TRUE#...#...} with the wrong answer's feedback first, as Moodle expects."""
    by_text = {choice["text"].lower(): choice for choice in choices}
    value = bool(by_text.get("true", {}).get("correct"))
    right = by_text.get("true" if value else "false", {}).get("feedback", "")
    wrong = by_text.get("false" if value else "true", {}).get("feedback", "")
    answer = "TRUE" if value else "FALSE"
    if wrong or right:
        answer += f"#{_escape(wrong)}"
    if right:
        answer += f"#{_escape(right)}"
    return answer


def _choice_lines(kind: str, choices: list[dict]) -> list[str]:
    """Write one =, ~ or weighted ~%n% line per choice."""
    count = max(1, sum(1 for choice in choices if choice["correct"]))
    # Five decimals give the fractions Moodle offers in its grade menu, e.g. 33.33333.
    share = f"{100 / count:.5f}".rstrip("0").rstrip(".")
    lines = []
    for choice in choices:
        text = _escape(choice["text"])
        if kind == "multiple":
            prefix = f"~%{share}%" if choice["correct"] else "~%-100%"
        else:
            prefix = "=" if choice["correct"] else "~"
            if text.startswith("%"):
                # Without an explicit weight, a leading %...% in the text would be read as one.
                prefix += "%100%" if choice["correct"] else "%0%"
        feedback = choice.get("feedback")
        lines.append(prefix + text + (f"#{_escape(feedback)}" if feedback else ""))
    return lines


def _escape(text: str) -> str:
    """Escape GIFT's special characters and newlines so the text stays on one line."""
    # Doubling only backslashes a reader would take for an escape keeps LaTeX like \alpha intact.
    text = re.sub(r"\\(?=[\\~=#{}:n\n]|\Z)", r"\\\\", text)
    text = re.sub(r"[~=#{}:]", lambda match: "\\" + match[0], text)
    return text.replace("\n", "\\n")

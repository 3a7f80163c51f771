"""Import and export of question sets in Moodle's GIFT format: single and multiple choice (with
part credit), true/false, short answer, numerical and matching. Ordering has no GIFT form."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext

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
            message = gettext("Question %(number)s %(problem)s") % {
                "number": number,
                "problem": problem.message,
            }
            errors.append(GiftError(block.numbers[index], message))
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
            raise _Problem(gettext("has a title that starts with :: but never ends with ::."))
        title, start = _clean(text[start + 2 : end], formatted=False), end + 2
    opening, closing = _answer_block(text, start)
    after = text[closing + 1 :]
    # Text after the answers makes a "missing word" question; Moodle marks the gap with a line.
    prompt = _clean(text[start:opening] + ("_____" + after if after.strip() else ""))
    if not prompt:
        raise _Problem(gettext("has no question text."))
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
                    gettext(
                        "has a { inside or after its answer block; write \\{ for a literal brace."
                    ),
                    index,
                )
            opening = index
        elif text[index] == "}":
            if opening is None:
                raise _Problem(
                    gettext("has a } with no { before it; write \\} for a literal brace."), index
                )
            found, opening = (opening, index), None
    if opening is not None:
        raise _Problem(gettext("has a { that is never closed with }."), opening)
    if not found:
        raise _Problem(gettext("has no answers: add them between { and }."))
    return found


def _answers(inner: str, base: int) -> tuple[str, list[dict]]:
    """Classify an answer block and read its choices; base is its offset in the question."""
    body = inner.strip()
    if not body:
        raise _Problem(gettext("is an essay question (empty { }), which cannot be imported."))
    if body.startswith("#"):
        return "numerical", _numerical(inner, base)
    if "~" not in body:
        if "->" in body:
            return "matching", _matching(inner, base)
        head, *feedback = body.split("#", 2)
        if head.strip().upper() in _TRUE_FALSE:
            return "true_false", _true_false(_TRUE_FALSE[head.strip().upper()], feedback)
        if body.startswith("="):
            return "short", _short_answer(inner, base)
        raise _Problem(gettext("has answers that are not marked with =, ~, T or F."))
    entries = _entries(inner, base, "[~=]")
    if len(entries) < 2:
        raise _Problem(gettext("needs at least two answers."))
    rights = [entry for entry in entries if entry.mark == "="]
    if len(rights) > 1:
        raise _Problem(
            gettext(
                "has more than one answer marked with =. Mark only the right answer with =, "
                "or give every right answer a weight such as ~%50%."
            ),
            rights[1].offset,
        )
    if not rights:
        correct = [(entry.weight or 0) > 0 for entry in entries]
        if not any(correct):
            raise _Problem(
                gettext("has no correct answer: mark it with =, or weigh right answers ~%50%.")
            )
        return "multiple", [
            {"text": entry.text, "correct": right, "feedback": entry.feedback}
            for entry, right in zip(entries, correct, strict=True)
        ]
    choices = []
    for entry in entries:
        choice = {"text": entry.text, "correct": entry.mark == "=", "feedback": entry.feedback}
        if entry.mark == "~" and (entry.weight or 0) >= 100:
            raise _Problem(
                gettext(
                    "gives a ~ answer full credit next to an = answer: a single-choice question "
                    "has one fully right answer."
                ),
                entry.offset,
            )
        if entry.mark == "~" and (entry.weight or 0) > 0:
            # Moodle's part credit for a partly right choice ("~%50%half credit answer").
            choice["credit"] = _credit(entry.weight)
        choices.append(choice)
    return "single", choices


def _entries(inner: str, base: int, marks: str, *, texts: bool = True) -> list[_Entry]:
    """Split answers at each of ``marks``, reading an optional %weight% and #feedback."""
    starts = [match.start() for match in re.finditer(marks, inner)]
    if not starts or inner[: starts[0]].strip():
        raise _Problem(gettext("has text inside { } before its first = or ~ answer."), base)
    entries = []
    for index, mark in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(inner)
        raw, weight = inner[mark + 1 : end].lstrip(), None
        if match := _WEIGHT.match(raw):
            raw, weight = raw[match.end() :], float(match[1])
        elif _BAD_WEIGHT.match(raw):
            raise _Problem(
                gettext("has an answer weight that is not a number; write weights like %50%."),
                base + mark,
            )
        if weight is not None and weight > 100:
            raise _Problem(gettext("has an answer weight over 100%."), base + mark)
        text, _, feedback = raw.partition("#")
        if texts and not _clean(text):
            raise _Problem(gettext("has an answer with no text."), base + mark)
        entries.append(_Entry(inner[mark], weight, _clean(text), _clean(feedback), base + mark))
    return entries


def _credit(weight: float) -> float:
    """A part credit from a percentage, to seven decimals: 33.33333% is 0.3333333."""
    return round(weight / 100, 7)


def _graded(entry: _Entry) -> dict:
    """Whether an = answer of a short-answer or numerical question is right, or its part credit.

    No weight (or 100%) is right; a weight between 0 and 100 is part credit; 0% or less earns
    nothing and is there for its feedback.
    """
    if entry.weight is None or entry.weight == 100:
        return {"correct": True}
    if entry.weight > 0:
        return {"correct": False, "credit": _credit(entry.weight)}
    return {"correct": False}


def _short_answer(inner: str, base: int) -> list[dict]:
    return [
        {"text": entry.text, **_graded(entry), "feedback": entry.feedback}
        for entry in _entries(inner, base, "=")
    ]


_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_TOLERANCE = re.compile(rf"({_NUMBER})(?::({_NUMBER}))?")
_RANGE = re.compile(rf"({_NUMBER})\.\.({_NUMBER})")


def _numerical(inner: str, base: int) -> list[dict]:
    """Read {#1994:0}, {#3.14:0.01}, {#1990..1991} or {# =1822:0 =%50%1822:2#feedback}."""
    hash_at = inner.index("#")
    rest = inner[hash_at + 1 :]
    if "~" in rest:
        raise _Problem(
            gettext(
                "has a ~ answer in a numerical question (feedback for any other number), which "
                "cannot be imported: give the general feedback after ####."
            ),
            base + hash_at + 1 + rest.index("~"),
        )
    if rest.strip().startswith("="):
        entries = _entries(rest, base + hash_at + 1, "=")
    else:
        value, _, feedback = rest.partition("#")
        entries = [_Entry("=", None, _clean(value), _clean(feedback), base + hash_at)]
    return [
        {**_number_and_tolerance(entry), **_graded(entry), "feedback": entry.feedback}
        for entry in entries
    ]


def _number_and_tolerance(entry: _Entry) -> dict:
    """A value with its tolerance; a range low..high as its midpoint and half-width, as Moodle."""
    text = entry.text.replace(" ", "")
    if match := _RANGE.fullmatch(text):
        low, high = Decimal(match[1]), Decimal(match[2])
        if low > high:
            raise _Problem(gettext("has a range whose start is above its end."), entry.offset)
        return {"number": float((low + high) / 2), "tolerance": float((high - low) / 2)}
    if match := _TOLERANCE.fullmatch(text):
        tolerance = abs(float(match[2])) if match[2] else 0.0
        return {"number": float(match[1]), "tolerance": tolerance}
    raise _Problem(
        gettext(
            "has a numerical answer that is not a number: write 1994, 3.14:0.01 or 1990..1991."
        ),
        entry.offset,
    )


def _matching(inner: str, base: int) -> list[dict]:
    """Read {=item -> answer ... = -> distractor}: matching has no weights or feedback."""
    choices = []
    for entry in _entries(inner, base, "=", texts=False):
        if entry.weight is not None or entry.feedback:
            raise _Problem(
                gettext("gives a matching pair a weight or feedback, which GIFT does not allow."),
                entry.offset,
            )
        item, arrow, match = entry.text.partition("->")
        if not arrow or not _clean(match):
            raise _Problem(gettext("has a matching pair without an answer after ->."), entry.offset)
        choices.append({"text": _clean(item), "match": _clean(match)})
    return choices


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
    """Write questions as GIFT, so that parse_gift(to_gift(qs)) == qs for supported fields.

    Part credits keep seven decimals (a weight's five, as a percentage), as they are imported.
    """
    return "".join(_write(question) + "\n\n" for question in questions).removesuffix("\n")


def _write(question: dict) -> str:
    """Write one question: metadata comments, title, prompt, then the answers one per line."""
    lines = [f"// {key}: {question[key]}" for key in METADATA_KEYS if question.get(key)]
    title = f"::{_escape(question['title'])}::" if question.get("title") else ""
    lines.append(f"{title}[markdown]{_escape(question['prompt'])} {{")
    choices = question["choices"]
    if question["kind"] == "true_false":
        lines.append(_true_false_answer(choices))
    elif question["kind"] == "numerical":
        lines[-1] += "#"
        lines.extend(_graded_line(f"{_number(c['number'])}:{_number(c['tolerance'])}", c)
                     for c in choices)  # fmt: skip
    elif question["kind"] == "short":
        lines.extend(_graded_line(_escape(choice["text"]), choice) for choice in choices)
    elif question["kind"] == "matching":
        lines.extend(f"={_escape(c['text'])} -> {_escape(c['match'])}" for c in choices)
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


def _number(value: float) -> str:
    """A number as GIFT reads it back exactly: 1994, 3.14, 1e-07."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _percent(credit: float) -> str:
    return f"{credit * 100:.5f}".rstrip("0").rstrip(".")


def _graded_line(answer: str, choice: dict) -> str:
    """One = answer of a short-answer or numerical question, with its weight where not 100%."""
    if choice.get("credit") is not None:
        weight = f"%{_percent(choice['credit'])}%"
    elif not choice["correct"]:
        weight = "%0%"
    else:
        # Without an explicit weight, a leading %...% in the text would be read as one.
        weight = "%100%" if answer.startswith("%") else ""
    feedback = choice.get("feedback")
    return f"={weight}{answer}" + (f"#{_escape(feedback)}" if feedback else "")


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
        elif choice.get("credit") is not None:
            prefix = f"~%{_percent(choice['credit'])}%"
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

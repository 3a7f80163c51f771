"""The rules for typed answers: when words match an accepted answer, and what a typed number is.

Short answers match forgivingly but predictably. Both the typed answer and the accepted one are
read the same way (``normalise``):

- Unicode composed (NFKC), so "ї" typed as "і" plus a combining diaeresis is "ї", then casefolded;
- apostrophes of every form (' ’ ‘ ʼ `) are dropped: "Кам’янець" and "Кам'янець" are the same;
- dashes and hyphens of every form (- ‐ ‑ – — −) separate words like a space;
- other punctuation is dropped: "U.S." is "us", "St. Petersburg" is "st petersburg";
- in a word that has Cyrillic letters, a Latin "i" or "ï" (typed where a keyboard lacks "і", "ї")
  is the Cyrillic letter;
- runs of spaces become one, and surrounding spaces go.

An accepted answer may hold ``*``, which stands for any text (Moodle's wildcard).

Numbers: a comma is a decimal separator, as in Ukraine ("3,14" is 3.14), and so is a point.
Spaces (also the narrow ones phones insert) between groups of three digits group thousands and
are ignored ("1 994" is 1994); elsewhere they make two numbers, which is refused ("1994 1995").
"1,994" could be either, so it is refused with a question rather than guessed.
"""

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

APOSTROPHES = "'’‘ʼ`´"
DASHES = "-‐‑‒–—―−"
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN_LOOKALIKES = str.maketrans({"i": "і", "ï": "ї"})
# The relative slack of float arithmetic: 3.15 - 3.14 is a little over 0.01.
_EPSILON = 1e-9


def normalise(text: str) -> str:
    """A typed or accepted answer in the form that is compared (see the module's rules)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = []
    for char in text:
        if char in APOSTROPHES:
            continue
        if char in DASHES or char.isspace():
            kept.append(" ")
        elif unicodedata.category(char).startswith("P") or char == "*":
            continue
        else:
            kept.append(char)
    words = "".join(kept).split()
    return " ".join(
        word.translate(_LATIN_LOOKALIKES) if _CYRILLIC.search(word) else word for word in words
    )


def short_answer_matches(accepted: str, typed: str) -> bool:
    """Whether ``typed`` matches the ``accepted`` answer; ``*`` in it stands for any text."""
    typed = normalise(typed)
    pieces = [normalise(piece) for piece in accepted.split("*")]
    if len(pieces) == 1:
        return typed == pieces[0]
    # Each piece is matched as written; around a wildcard, a space may or may not follow.
    pattern = ".*".join(re.escape(piece) for piece in pieces)
    return re.fullmatch(pattern, typed, flags=re.DOTALL) is not None


class NotANumber(ValueError):
    """Typed text that is not a number, with the message a student reads."""


_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?")
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
# Spaces only between groups of three digits: "1 994" is a number, "1994 1995" is two.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\s\d{3})+(?:[.,]\d*)?")
NOT_A_NUMBER = gettext_lazy("That is not one number: type it in digits only.")


def parse_number(typed: str) -> float:
    """The number a student typed; raises ``NotANumber`` with a message saying what to write."""
    # No example numbers in these messages: an example could be the answer.
    text = unicodedata.normalize("NFKC", typed).strip().lower().replace("−", "-")
    if any(char.isspace() for char in text):
        if not _GROUPED.fullmatch(text):
            raise NotANumber(NOT_A_NUMBER)
        text = "".join(char for char in text if not char.isspace())
    if not text:
        raise NotANumber(_("Type a number."))
    if _AMBIGUOUS.fullmatch(text):
        raise NotANumber(
            _(
                "Is “%(typed)s” a number in thousands, or one with a decimal comma? Write "
                "thousands without a comma, and decimals with a point."
            )
            % {"typed": typed.strip()}
        )
    if not _NUMBER.fullmatch(text):
        raise NotANumber(NOT_A_NUMBER)
    try:
        value = float(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        value = math.inf
    if not math.isfinite(value):
        raise NotANumber(_("That number is too large."))
    return value


def number_matches(number: float, tolerance: float | None, typed: float) -> bool:
    """Whether ``typed`` is within ``tolerance`` of ``number`` (exactly, without one)."""
    slack = _EPSILON * max(1.0, abs(number))
    return abs(typed - number) <= (tolerance or 0.0) + slack

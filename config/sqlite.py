"""SQLite's LIKE, case-insensitive beyond A to Z, as PostgreSQL's is.

Django turns the admin's searches (``icontains``) into LIKE on SQLite and into UPPER(…) LIKE
UPPER(…) on PostgreSQL. SQLite's own LIKE folds the case of A to Z only, so on SQLite a teacher's
search for "стамбул" missed "Стамбульські пропозиції", which PostgreSQL finds. Each new SQLite
connection gets a like() that folds case as Python does, for every letter. Django's SQLite backend
also compiles ``contains``, ``startswith`` and ``endswith`` to LIKE; these were already
case-insensitive for A to Z on SQLite, and now are for every letter.

What it costs: SQLite calls this function once per row it compares, and each call takes Python's
interpreter lock. Over the shipped content (a few hundred rows) a search takes milliseconds on an
idle server, but up to about a second while other threads of the same worker are busy. The site's
own pages use no LIKE; the admin's searches do.
"""

import functools
import re

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@functools.lru_cache(maxsize=256)
def compiled(pattern: str, escape: str | None) -> tuple[tuple[re.Pattern, int], ...] | None:
    """A LIKE pattern as the runs between its % signs, each a regular expression and the number
    of characters it matches: _ is any one character, and the escape character makes the
    character after it literal. None for a pattern that matches nothing (an escape with nothing
    after it, as in SQLite)."""
    runs = [[]]
    characters = iter(pattern)
    for character in characters:
        if character == escape:
            literal = next(characters, None)
            if literal is None:
                return None
            runs[-1].append(re.escape(literal))
        elif character == "%":
            runs.append([])
        elif character == "_":
            runs[-1].append(".")
        else:
            runs[-1].append(re.escape(character))
    return tuple((re.compile("".join(run), re.IGNORECASE | re.DOTALL), len(run)) for run in runs)


def matches(runs: tuple[tuple[re.Pattern, int], ...], value: str) -> bool:
    """Whether ``value`` is the runs in order with anything between them. The first run starts
    the value and the last ends it; each run between is taken where it first fits, which leaves
    the most room for the rest, so nothing is tried twice. (One regular expression with ``.*`` for
    each % would try every way of splitting the value: seconds for a few % signs and a long
    value.)"""
    if len(runs) == 1:
        return runs[0][0].fullmatch(value) is not None
    (first, first_length), *middle, (last, last_length) = runs
    if first.match(value) is None:
        return False
    position = first_length
    for run, _length in middle:
        found = run.search(value, position)
        if found is None:
            return False
        position = found.end()
    start = len(value) - last_length
    return start >= position and last.fullmatch(value, start) is not None


def like(pattern, value, escape=None):
    """SQLite's like(X, Y[, Z]): whether Y matches the pattern X, with Z as the escape."""
    if pattern is None or value is None:
        return None
    if escape is not None and len(escape) != 1:
        raise ValueError("ESCAPE expression must be a single character")
    runs = compiled(str(pattern), escape)
    return runs is not None and matches(runs, str(value))


@receiver(connection_created)
def case_insensitive_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        for arguments in (2, 3):
            connection.connection.create_function("like", arguments, like, deterministic=True)

"""SQLite's LIKE, case-insensitive beyond A to Z, as PostgreSQL's is.

Django turns the admin's searches (``icontains``) into LIKE on SQLite and into UPPER(…) LIKE
UPPER(…) on PostgreSQL. SQLite's own LIKE folds the case of A to Z only, so on SQLite a teacher's
search for "стамбул" missed "Стамбульські пропозиції", which PostgreSQL finds. Each new SQLite
connection gets a like() that folds case as Python does, for every letter. Django's SQLite backend
also compiles ``contains``, ``startswith`` and ``endswith`` to LIKE; these were already
case-insensitive for A to Z on SQLite, and now are for every letter.
"""

import functools
import re

from django.db.backends.signals import connection_created
from django.dispatch import receiver

NEVER = re.compile(r"(?!)")


@functools.lru_cache(maxsize=256)
def compiled(pattern: str, escape: str | None) -> re.Pattern:
    """A LIKE pattern as a regular expression: % is any run of characters, _ one character, and
    the escape character makes the character after it literal."""
    parts = []
    characters = iter(pattern)
    for character in characters:
        if character == escape:
            literal = next(characters, None)
            if literal is None:  # an escape with nothing after it matches nothing, as in SQLite
                return NEVER
            parts.append(re.escape(literal))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern, value, escape=None):
    """SQLite's like(X, Y[, Z]): whether Y matches the pattern X, with Z as the escape."""
    if pattern is None or value is None:
        return None
    if escape is not None and len(escape) != 1:
        raise ValueError("ESCAPE expression must be a single character")
    return compiled(str(pattern), escape).fullmatch(str(value)) is not None


@receiver(connection_created)
def case_insensitive_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        for arguments in (2, 3):
            connection.connection.create_function("like", arguments, like, deterministic=True)

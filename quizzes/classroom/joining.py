"""Joining an assignment with a code, and the limits on wrong codes.

A wrong code is one that no assignment has. A code that exists never counts as wrong, whatever
state its assignment or set is in, so a class typing its real code early cannot lock itself out.
"""

import itertools
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from quizzes.models import Assignment, JoinThrottle

WRONG_CODE_WINDOW = timedelta(minutes=15)
# One browser (session) gets ten wrong codes: more typos than anyone makes, and a prankster's
# guesses are stopped before they use up the allowance of the whole school's address.
WRONG_CODE_LIMIT = 10
# A whole school reaches the site from one address. 120 leaves room for four classes of 30 to
# each mistype once in the same quarter hour, while one address can try at most 11,520 codes a
# day: against 2**40 codes and 1,000 live classes, a hit takes about 260 years on average.
ADDRESS_LIMIT = 120
# Rows whose window has ended are deleted every this many wrong codes (per server process), so
# the table holds about one window of failures however long a flood goes on.
PRUNE_EVERY = 50
_failures = itertools.count(1)


def join_limits(*, student_key: str, address: str, code: str | None) -> dict[str, int]:
    """The keys a wrong code counts against, each with its limit.

    ``code`` only for a code no assignment has: trying one such code from many browsers is
    limited too, but a real code is never counted.
    """
    limits = {f"session:{student_key}": WRONG_CODE_LIMIT}
    if address:
        # Cut to fit the column: a proxy header is not guaranteed to hold a short address.
        limits[f"address:{address[:100]}"] = ADDRESS_LIMIT
    if code is not None:
        limits[f"code:{code}"] = WRONG_CODE_LIMIT
    return limits


def join_blocked_until(limits: dict[str, int], *, now=None) -> datetime | None:
    """When joining is allowed again, if any key has reached its limit in its current window."""
    now = now or timezone.now()
    reached = Q()
    for key, limit in limits.items():
        reached |= Q(key=key, failures__gte=limit)
    latest = JoinThrottle.objects.filter(
        reached, window_started__gt=now - WRONG_CODE_WINDOW
    ).aggregate(latest=Max("window_started"))["latest"]
    return None if latest is None else latest + WRONG_CODE_WINDOW


def join_failed(limits: dict[str, int], *, now=None) -> None:
    """Count one wrong code against each key, starting a new window where the old one ended."""
    now = now or timezone.now()
    expired = Q(window_started__lte=now - WRONG_CODE_WINDOW)
    for key in limits:
        with transaction.atomic():
            JoinThrottle.objects.filter(Q(key=key) & expired).update(failures=0, window_started=now)
            updated = JoinThrottle.objects.filter(key=key).update(failures=F("failures") + 1)
            if not updated:
                try:
                    with transaction.atomic():
                        JoinThrottle.objects.create(key=key, failures=1, window_started=now)
                except IntegrityError:
                    JoinThrottle.objects.filter(key=key).update(failures=F("failures") + 1)
    if next(_failures) % PRUNE_EVERY == 0:
        prune_join_limits(now=now)


def prune_join_limits(now=None) -> int:
    """Delete the counts whose window has ended; return how many were deleted."""
    now = now or timezone.now()
    deleted, _ = JoinThrottle.objects.filter(window_started__lte=now - WRONG_CODE_WINDOW).delete()
    return deleted


def find_assignment(code: str) -> Assignment | None:
    return Assignment.objects.select_related("question_set").filter(join_code=code).first()

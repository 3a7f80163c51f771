"""Joining an assignment with a code, and the limit on wrong codes."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from quizzes.models import Assignment, JoinThrottle

WRONG_CODE_LIMIT = 10
WRONG_CODE_WINDOW = timedelta(minutes=15)


def throttle_keys(*, student_key: str, code: str) -> list[str]:
    # Per session and per code typed, never per IP address: a whole class shares one address.
    return [f"session:{student_key}", f"code:{code}"]


def join_blocked(keys: list[str], *, now=None) -> bool:
    now = now or timezone.now()
    return JoinThrottle.objects.filter(
        key__in=keys, failures__gte=WRONG_CODE_LIMIT, window_started__gt=now - WRONG_CODE_WINDOW
    ).exists()


def join_failed(keys: list[str], *, now=None) -> None:
    """Count one wrong code against each key, starting a new window where the old one ended."""
    now = now or timezone.now()
    expired = Q(window_started__lte=now - WRONG_CODE_WINDOW)
    for key in keys:
        with transaction.atomic():
            JoinThrottle.objects.filter(Q(key=key) & expired).update(failures=0, window_started=now)
            updated = JoinThrottle.objects.filter(key=key).update(failures=F("failures") + 1)
            if not updated:
                try:
                    with transaction.atomic():
                        JoinThrottle.objects.create(key=key, failures=1, window_started=now)
                except IntegrityError:
                    JoinThrottle.objects.filter(key=key).update(failures=F("failures") + 1)


def find_assignment(code: str) -> Assignment | None:
    return Assignment.objects.select_related("question_set").filter(join_code=code).first()

"""What the site forgets about students, and when (docs/privacy.md).

Three kinds of deletion: the daily purge of what is older than ``settings.RETENTION_DAYS`` and of
spent join-limit records; a teacher's deletion of one assignment's answers; a student's erasure
of their own practice attempts. Deleting an attempt deletes its answers with it (CASCADE).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from quizzes.classroom.joining import WRONG_CODE_WINDOW
from quizzes.models import Answer, Assignment, Attempt, JoinThrottle


@dataclass(frozen=True)
class Removed:
    """How many attempts and answers a deletion removed, or would remove."""

    attempts: int
    answers: int


@dataclass(frozen=True)
class PurgeReport:
    practice: Removed
    classes: Removed
    join_limits: int
    cutoff: datetime


def retention_cutoff(*, now: datetime) -> datetime:
    return now - timedelta(days=settings.RETENTION_DAYS)


def expired_practice_attempts(*, now: datetime) -> QuerySet[Attempt]:
    """Attempts outside any class that started before the retention period."""
    return Attempt.objects.filter(assignment__isnull=True, started_at__lt=retention_cutoff(now=now))


def expired_class_attempts(*, now: datetime) -> QuerySet[Attempt]:
    """Attempts of assignments that closed before the retention period; open-ended ones stay."""
    return Attempt.objects.filter(assignment__closes_at__lt=retention_cutoff(now=now))


def spent_join_limits(*, now: datetime) -> QuerySet[JoinThrottle]:
    """Wrong-code counts whose window is over: they no longer block anyone."""
    return JoinThrottle.objects.filter(window_started__lte=now - WRONG_CODE_WINDOW)


def attempts_count(attempts: QuerySet[Attempt]) -> Removed:
    return Removed(
        attempts=attempts.count(), answers=Answer.objects.filter(attempt__in=attempts).count()
    )


def attempts_delete(*, attempts: QuerySet[Attempt]) -> Removed:
    """Delete the attempts and their answers; the counts come from what was deleted."""
    with transaction.atomic():
        _, per_model = attempts.delete()
    return Removed(
        attempts=per_model.get(Attempt._meta.label, 0),
        answers=per_model.get(Answer._meta.label, 0),
    )


def expired_data_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete what has been kept for longer than the retention period (only count: ``dry_run``)."""
    now = now or timezone.now()
    practice = expired_practice_attempts(now=now)
    classes = expired_class_attempts(now=now)
    join_limits = spent_join_limits(now=now)
    if dry_run:
        return PurgeReport(
            practice=attempts_count(practice),
            classes=attempts_count(classes),
            join_limits=join_limits.count(),
            cutoff=retention_cutoff(now=now),
        )
    return PurgeReport(
        practice=attempts_delete(attempts=practice),
        classes=attempts_delete(attempts=classes),
        join_limits=join_limits.delete()[0],
        cutoff=retention_cutoff(now=now),
    )


def assignment_data_delete(*, assignment: Assignment) -> Removed:
    """Every attempt and answer of one class; the assignment itself (title, code, times) stays."""
    return attempts_delete(attempts=Attempt.objects.filter(assignment=assignment))


def practice_attempts_erase(*, student_key: str) -> Removed:
    """This browser's attempts outside any class; a class's attempts are its teacher's records."""
    return attempts_delete(
        attempts=Attempt.objects.filter(student_key=student_key, assignment__isnull=True)
    )

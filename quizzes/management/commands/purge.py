from django.conf import settings
from django.core.management.base import BaseCommand

from quizzes.retention import expired_data_purge


class Command(BaseCommand):
    help = (
        "Delete students' answers kept longer than DJANGO_RETENTION_DAYS: practice attempts that "
        "started before then and the attempts of assignments that closed before then; and the "
        "wrong-code records whose window is over. Run it daily (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="count what would be deleted, and delete nothing",
        )

    def handle(self, *args, dry_run, **options):
        report = expired_data_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        cutoff = report.cutoff.strftime("%Y-%m-%d %H:%M %Z")
        self.stdout.write(
            f"{verb} (kept for {settings.RETENTION_DAYS} days: before {cutoff}):\n"
            f"  practice attempts: {report.practice.attempts} "
            f"(answers: {report.practice.answers})\n"
            f"  class attempts, assignment closed: {report.classes.attempts} "
            f"(answers: {report.classes.answers})\n"
            f"  join-limit records: {report.join_limits}"
        )

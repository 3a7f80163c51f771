from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from explainer.loading import load_explainer


class Command(BaseCommand):
    help = "Load the explainer from fixtures/. Safe to re-run: existing rows are left as they are."

    def handle(self, *args, **options):
        try:
            counts = load_explainer()
        except (ValidationError, KeyError) as error:
            raise CommandError(f"Content not loaded, nothing was saved: {error}") from error
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(f"Created {summary}.")

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from explainer.loading import load_explainer
from quizzes.interchange.fixtures import load_quizzes


class Command(BaseCommand):
    help = (
        "Load the explainer and the shared quizzes from fixtures/. "
        "Safe to re-run: what already exists is left as it is."
    )

    def handle(self, *args, **options):
        try:
            # One transaction for both: quizzes link to the explainer's rows, and a broken quiz
            # must not leave the explainer half loaded.
            with transaction.atomic():
                counts = {**load_explainer(), **load_quizzes()}
        except (ValidationError, KeyError, ValueError) as error:
            raise CommandError(f"Content not loaded, nothing was saved: {error}") from error
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        if options["verbosity"]:
            self.stdout.write(f"Created {summary}.")

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from explainer.loading import load_explainer
from quizzes.interchange.fixtures import load_quizzes


class Command(BaseCommand):
    help = (
        "Load the explainer and the shared quizzes from fixtures/. "
        "Safe to re-run: what already exists is left as it is."
    )

    def handle(self, *args, **options):
        try:
            counts = {**load_explainer(), **load_quizzes()}
        except (ValidationError, KeyError) as error:
            raise CommandError(f"Content not loaded, nothing was saved: {error}") from error
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        if options["verbosity"]:
            self.stdout.write(f"Created {summary}.")

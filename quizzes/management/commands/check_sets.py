from django.core.management.base import BaseCommand, CommandError, no_translations

from quizzes.models import QuestionSet
from quizzes.quality import question_set_warnings


class Command(BaseCommand):
    help = (
        "Run the question-writing checks on question sets (by slug; by default every published "
        "set) and print their warnings. Exits with 1 if there is any warning, unless --warn-only; "
        "with 2 if a slug names no set."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument(
            "--warn-only", action="store_true", help="Print the warnings but exit with 0."
        )

    # The warnings are read in a terminal or CI log: English, whatever language is active.
    @no_translations
    def handle(self, *args, slugs, warn_only, **options):
        if slugs:
            question_sets = list(QuestionSet.objects.filter(slug__in=slugs).order_by("slug"))
            missing = sorted(set(slugs) - {question_set.slug for question_set in question_sets})
            if missing:
                raise CommandError(
                    f"No question set with the slug {', '.join(missing)}.", returncode=2
                )
        else:
            question_sets = list(QuestionSet.objects.published().order_by("slug"))
        warned = 0
        for question_set in question_sets:
            warnings = question_set_warnings(question_set)
            if warnings:
                warned += 1
                self.stdout.write(f"{question_set.slug} ({question_set.title}):")
                self.stdout.write("".join(f"  - {warning}\n" for warning in warnings), ending="")
        total = f"{len(question_sets)} set{'' if len(question_sets) == 1 else 's'}"
        if not warned:
            self.stdout.write(f"No warnings in {total}.")
        elif warn_only:
            self.stdout.write(f"Warnings in {warned} of {total}.")
        else:
            raise CommandError(f"Warnings in {warned} of {total}.")

"""The explainer's content. Each fact lives in one row; quiz questions point at these rows."""

from django.db import models
from django.urls import reverse
from django.utils import dateformat


class Source(models.Model):
    key = models.SlugField(max_length=80, unique=True, help_text="Stable id used by fixtures.")
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    published = models.CharField(
        max_length=100, help_text='As precise as known: "29 March 2022", "March 2024", "1907".'
    )
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self):
        return f"{self.publisher}: {self.title} ({self.published})"

    def get_absolute_url(self):
        return f"{reverse('explainer:sources')}#source-{self.key}"


class SectionQuerySet(models.QuerySet):
    def toc(self):
        return self.only("slug", "number", "title", "summary")

    def for_reading(self):
        """Every section, with its table flags and whether it has a changelog or claims: the
        contents list and the open section come from this one query."""
        return self.with_tables().annotate(
            has_changes=models.Exists(SectionChange.objects.filter(section=models.OuterRef("pk"))),
            has_claims=models.Exists(Claim.objects.filter(section=models.OuterRef("pk"))),
        )

    def with_tables(self):
        """Flag the structured tables (``SECTION_TABLES``) each section shows, so that a page
        queries only the ones it has."""
        return self.annotate(
            **{
                f"has_{name}": models.Exists(model.objects.filter(section=models.OuterRef("pk")))
                for name, model in SECTION_TABLES.items()
            }
        )


class Section(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    number = models.PositiveSmallIntegerField(unique=True, help_text="Reading order.")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One sentence for the table of contents.")
    body = models.TextField(help_text="Markdown. Raw HTML is removed when the page is shown.")
    sources = models.ManyToManyField(Source, related_name="sections")
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the section was last checked against the fact sheet; shown on its page.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("explainer:section", args=[self.slug])


class SectionChange(models.Model):
    """One entry of a section's changelog: what a review changed, in words a teacher can read."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="changes")
    date = models.DateField()
    note = models.TextField(help_text="What changed, in a sentence or two of Markdown.")

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "date"], name="%(app_label)s_%(class)s_one_entry_a_day"
            )
        ]

    def __str__(self):
        return f"{self.section.title}, {self.date:%d %B %Y}"


class Term(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text='Other spellings linked to this term, e.g. ["non-bloc"].',
    )
    definition = models.TextField(help_text="One or two sentences of Markdown.")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="terms"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('explainer:glossary')}#term-{self.slug}"

    def spellings(self):
        return [self.name, *self.aliases]


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def date_label(day, precision: str) -> str:
    """A date as precisely as it is known: "12 January 2024", "January 2024" or "2024"; in
    Ukrainian "12 січня 2024", "січень 2024" or "2024" (E is the month as a day's date needs it)."""
    if precision == Precision.YEAR:
        return str(day.year)
    if precision == Precision.MONTH:
        return dateformat.format(day, "F Y")
    return dateformat.format(day, "j E Y")


class TimelineEvent(models.Model):
    Precision = Precision

    slug = models.SlugField(max_length=80, unique=True)
    date = models.DateField(help_text="For a month or a year, use its first day.")
    precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    title = models.CharField(
        max_length=200, help_text="Without the date: ordering questions show titles only."
    )
    description = models.TextField(help_text="Markdown.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="events")
    sources = models.ManyToManyField(Source, related_name="events")

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date_label}: {self.title}"

    def get_absolute_url(self):
        return f"{reverse('explainer:timeline')}#event-{self.slug}"

    @property
    def date_label(self):
        return date_label(self.date, self.precision)


class SectionItem(models.Model):
    """A row of structured data shown in a table or list on one section's page."""

    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    sources = models.ManyToManyField(Source, related_name="+")

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class NeutralState(SectionItem):
    country = models.CharField(max_length=100)
    basis = models.CharField(max_length=300, help_text="What makes it neutral.")
    since = models.CharField(max_length=100)
    today = models.CharField(max_length=300, help_text="What changed since.")

    class Meta(SectionItem.Meta):
        pass

    def __str__(self):
        return self.country


class ProposalPoint(SectionItem):
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")

    class Meta(SectionItem.Meta):
        verbose_name = "Istanbul proposal point"

    def __str__(self):
        return self.title


class Guarantor(SectionItem):
    class Group(models.TextChoices):
        P5 = "p5", "Permanent member of the UN Security Council"
        OTHER = "other", "Other proposed guarantor"

    name = models.CharField(max_length=100)
    group = models.CharField(max_length=5, choices=Group)
    nato_member_since = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year it joined NATO; empty if it is not a member."
    )

    class Meta(SectionItem.Meta):
        verbose_name = "proposed guarantor"

    def __str__(self):
        return self.name


class ClaimQuerySet(models.QuerySet):
    def contested(self):
        return self.filter(status=Claim.Status.CONTESTED)


class Claim(models.Model):
    """What someone said about a question, attributed to them: shown beside the other accounts
    of the same question, and never a quiz's correct answer when contested."""

    class Status(models.TextChoices):
        ESTABLISHED = "established", "Established"
        CONTESTED = "contested", "Contested"

    slug = models.SlugField(max_length=80, unique=True)
    topic = models.SlugField(
        max_length=80, help_text='The question it answers, as a slug: "why-talks-failed".'
    )
    question = models.CharField(
        max_length=200, help_text="That question in words; the same for every claim on the topic."
    )
    speaker = models.CharField(max_length=200, help_text="Who said it, with their role.")
    date = models.DateField(help_text="When it was said; for a month or a year, its first day.")
    precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    paraphrase = models.TextField(help_text="What they said, in our words. Markdown.")
    status = models.CharField(max_length=11, choices=Status)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="claims")
    facts = models.JSONField(default=list, help_text='Fact ids in docs/facts.md, e.g. ["H6"].')
    position = models.PositiveSmallIntegerField(default=0)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.speaker}, {self.date_label}"

    @property
    def date_label(self):
        return date_label(self.date, self.precision)


# The structured tables a section's page can show after its text, by their name in the template.
SECTION_TABLES = {
    "neutral_states": NeutralState,
    "proposal_points": ProposalPoint,
    "guarantors": Guarantor,
}

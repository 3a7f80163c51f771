"""The explainer's content. Each fact lives in one row; quiz questions point at these rows."""

from django.db import models
from django.urls import reverse


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

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("explainer:section", args=[self.slug])


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


class TimelineEvent(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

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
        if self.precision == self.Precision.YEAR:
            return str(self.date.year)
        if self.precision == self.Precision.MONTH:
            return self.date.strftime("%B %Y")
        return f"{self.date.day} {self.date:%B %Y}"


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

    class Meta(SectionItem.Meta):
        verbose_name = "proposed guarantor"

    def __str__(self):
        return self.name


# The structured tables a section's page can show after its text, by their name in the template.
SECTION_TABLES = {
    "neutral_states": NeutralState,
    "proposal_points": ProposalPoint,
    "guarantors": Guarantor,
}

"""The explainer's content. Each fact lives in one row; quiz questions point at these rows."""

from django.db import models
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Stable id used by fixtures.")
    )
    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    published = models.CharField(
        _("published"),
        max_length=100,
        help_text=_('As precise as known: "29 March 2022", "March 2024", "1907".'),
    )
    url = models.URLField(_("url"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
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
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("Reading order.")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence for the table of contents.")
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown. Raw HTML is removed when the page is shown.")
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="sections")
    reviewed_on = models.DateField(
        _("reviewed on"),
        null=True,
        blank=True,
        help_text=_("When the section was last checked against the fact sheet; shown on its page."),
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("explainer:section", args=[self.slug])


class SectionChange(models.Model):
    """One entry of a section's changelog: what a review changed, in words a teacher can read."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="changes"
    )
    date = models.DateField(_("date"))
    note = models.TextField(
        _("note"), help_text=_("What changed, in a sentence or two of Markdown.")
    )

    class Meta:
        verbose_name = _("section change")
        verbose_name_plural = _("section changes")
        ordering = ["-date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "date"], name="%(app_label)s_%(class)s_one_entry_a_day"
            )
        ]

    def __str__(self):
        return f"{self.section.title}, {self.date:%d %B %Y}"


class Term(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        help_text=_('Other spellings linked to this term, e.g. ["non-bloc"].'),
    )
    definition = models.TextField(_("definition"), help_text=_("One or two sentences of Markdown."))
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terms",
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('explainer:glossary')}#term-{self.slug}"

    def spellings(self):
        return [self.name, *self.aliases]


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


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

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    date = models.DateField(_("date"), help_text=_("For a month or a year, use its first day."))
    precision = models.CharField(
        _("precision"), max_length=5, choices=Precision, default=Precision.DAY
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Without the date: ordering questions show titles only."),
    )
    description = models.TextField(_("description"), help_text=_("Markdown."))
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="events"
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="events")

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
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

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="+")

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class NeutralState(SectionItem):
    country = models.CharField(_("country"), max_length=100)
    basis = models.CharField(_("basis"), max_length=300, help_text=_("What makes it neutral."))
    since = models.CharField(_("since"), max_length=100)
    today = models.CharField(_("today"), max_length=300, help_text=_("What changed since."))

    class Meta(SectionItem.Meta):
        verbose_name = _("neutral state")
        verbose_name_plural = _("neutral states")
        pass

    def __str__(self):
        return self.country


class ProposalPoint(SectionItem):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown."))

    class Meta(SectionItem.Meta):
        verbose_name = _("Istanbul proposal point")
        verbose_name_plural = _("Istanbul proposal points")

    def __str__(self):
        return self.title


class Guarantor(SectionItem):
    class Group(models.TextChoices):
        P5 = "p5", _("Permanent member of the UN Security Council")
        OTHER = "other", _("Other proposed guarantor")

    name = models.CharField(_("name"), max_length=100)
    group = models.CharField(_("group"), max_length=5, choices=Group)
    nato_member_since = models.PositiveSmallIntegerField(
        _("nato member since"),
        null=True,
        blank=True,
        help_text=_("The year it joined NATO; empty if it is not a member."),
    )

    class Meta(SectionItem.Meta):
        verbose_name = _("proposed guarantor")
        verbose_name_plural = _("proposed guarantors")

    def __str__(self):
        return self.name


class ClaimQuerySet(models.QuerySet):
    def contested(self):
        return self.filter(status=Claim.Status.CONTESTED)


class Claim(models.Model):
    """What someone said about a question, attributed to them: shown beside the other accounts
    of the same question, and never a quiz's correct answer when contested."""

    class Status(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        CONTESTED = "contested", _("Contested")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    topic = models.SlugField(
        _("topic"),
        max_length=80,
        help_text=_('The question it answers, as a slug: "why-talks-failed".'),
    )
    question = models.CharField(
        _("question"),
        max_length=200,
        help_text=_("That question in words; the same for every claim on the topic."),
    )
    speaker = models.CharField(
        _("speaker"), max_length=200, help_text=_("Who said it, with their role.")
    )
    date = models.DateField(
        _("date"), help_text=_("When it was said; for a month or a year, its first day.")
    )
    precision = models.CharField(
        _("precision"), max_length=5, choices=Precision, default=Precision.DAY
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="claims"
    )
    paraphrase = models.TextField(
        _("paraphrase"), help_text=_("What they said, in our words. Markdown.")
    )
    status = models.CharField(_("status"), max_length=11, choices=Status)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="claims"
    )
    facts = models.JSONField(
        _("facts"), default=list, help_text=_('Fact ids in docs/facts.md, e.g. ["H6"].')
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
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

"""The explainer in the admin: each text in English and Ukrainian, side by side."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from explainer.models import (
    Claim,
    Guarantor,
    NeutralState,
    ProposalPoint,
    Section,
    SectionChange,
    Source,
    Term,
    TimelineEvent,
)


@admin.register(Source)
class SourceAdmin(TranslationAdmin):
    list_display = ["publisher", "title", "published", "key"]
    search_fields = ["publisher", "title", "key"]
    # An address typed without a scheme ("www.bbc.com/…") is taken as https://, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SectionChangeInline(TranslationTabularInline):
    model = SectionChange
    extra = 0


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["number", "title", "reviewed_on", "slug"]
    list_display_links = ["title"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["sources"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionChangeInline]


@admin.register(Term)
class TermAdmin(TranslationAdmin):
    list_display = ["name", "section"]
    search_fields = ["name", "definition"]
    autocomplete_fields = ["section"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TimelineEvent)
class TimelineEventAdmin(TranslationAdmin):
    list_display = ["date", "precision", "title", "section"]
    list_filter = ["section"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["section", "sources"]
    date_hierarchy = "date"


class SectionItemAdmin(TranslationAdmin):
    list_editable = ["position"]
    autocomplete_fields = ["section", "sources"]


@admin.register(NeutralState)
class NeutralStateAdmin(SectionItemAdmin):
    list_display = ["country", "since", "position"]
    search_fields = ["country"]


@admin.register(ProposalPoint)
class ProposalPointAdmin(SectionItemAdmin):
    list_display = ["title", "position"]
    search_fields = ["title", "body"]


@admin.register(Guarantor)
class GuarantorAdmin(SectionItemAdmin):
    list_display = ["name", "group", "nato_member_since", "position"]
    list_filter = ["group"]
    search_fields = ["name"]


@admin.register(Claim)
class ClaimAdmin(TranslationAdmin):
    list_display = ["speaker", "date", "topic", "status", "section"]
    list_filter = ["status", "topic", "section"]
    search_fields = ["speaker", "paraphrase", "question"]
    autocomplete_fields = ["section", "source"]
    prepopulated_fields = {"slug": ["speaker"]}

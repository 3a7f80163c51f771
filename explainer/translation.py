"""The explainer's authored text in English and Ukrainian: django-modeltranslation adds a `_en`
and a `_uk` column beside each field named here, and the field itself reads the active language,
falling back to English where the Ukrainian is empty."""

from modeltranslation.translator import TranslationOptions, register

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


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title",)


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(SectionChange)
class SectionChangeTranslation(TranslationOptions):
    fields = ("note",)


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("name", "aliases", "definition")
    # A term's name is unique in each language: an untranslated name is NULL, not "", so that
    # many terms can wait for their Ukrainian name at once.
    empty_values = {"name": None}


@register(TimelineEvent)
class TimelineEventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(NeutralState)
class NeutralStateTranslation(TranslationOptions):
    fields = ("country", "basis", "since", "today")


@register(ProposalPoint)
class ProposalPointTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Guarantor)
class GuarantorTranslation(TranslationOptions):
    fields = ("name",)


@register(Claim)
class ClaimTranslation(TranslationOptions):
    fields = ("question", "speaker", "paraphrase")

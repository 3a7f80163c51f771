"""Every change to what a question page shows moves its set's ``updated_at`` forward.

Question pages keep each question, with its choices and the explainer items it links to, in a
per-process cache keyed by that timestamp (``quizzes.views.question_for_display``), so an edit in
the admin reaches every server process at once, without any process being told.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.models import Choice, Question, QuestionSet


def touch_sets(condition: Q) -> None:
    QuestionSet.objects.filter(condition).update(updated_at=timezone.now())


@receiver(pre_save, sender=Question)
def question_leaving_its_set(sender, instance, raw=False, **kwargs):
    # A question moved to another set must also disappear from the set it leaves.
    if instance.pk is not None and not raw:
        touch_sets(Q(questions=instance.pk) & ~Q(pk=instance.question_set_id))


@receiver(post_save, sender=Question)
@receiver(post_delete, sender=Question)
def question_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_sets(Q(pk=instance.question_set_id))


@receiver(post_save, sender=Choice)
@receiver(post_delete, sender=Choice)
def choice_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_sets(Q(questions=instance.question_id))


# Explainer items: pre_delete, because by post_delete a term or event is already unlinked.
LINKS = {
    Source: ["questions__source"],
    Section: ["questions__section"],
    Term: ["questions__term"],
    TimelineEvent: ["questions__event", "questions__choices__event"],
}


@receiver(post_save, sender=Source)
@receiver(post_save, sender=Section)
@receiver(post_save, sender=Term)
@receiver(post_save, sender=TimelineEvent)
@receiver(pre_delete, sender=Source)
@receiver(pre_delete, sender=Section)
@receiver(pre_delete, sender=Term)
@receiver(pre_delete, sender=TimelineEvent)
def explainer_item_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return  # a new item is linked from no question yet
    touch_sets(Q(*((lookup, instance) for lookup in LINKS[sender]), _connector=Q.OR))

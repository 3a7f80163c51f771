"""The per-process cache of questions, and the receivers that keep it true.

Question pages keep each question, with its choices and the explainer items it links to, in a
per-process cache keyed by its set's ``updated_at``. Every change to what a question page shows
moves that timestamp forward (the receivers below), so an edit in the admin reaches every server
process at once, without any process being told.

The rule this rests on: content models (questions, choices, and the sources, sections, terms and
timeline events questions link to) are changed through ``save()`` and ``delete()``, which send
signals; never through ``QuerySet.update()`` or ``bulk_update()``, which send none. A bulk write
that cannot avoid them must call ``touch_sets`` itself for the sets it changes.
"""

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from explainer.models import Section, Source, Term, TimelineEvent
from quizzes.models import Attempt, Choice, Question, QuestionSet


class QuestionCache:
    """Questions with their choices and links, kept while their set's ``version`` stays the same.

    Authored content changes rarely and students read it all the time; the cache spares each
    question page and answer two of its queries, and a results page two queries per question.
    It keeps the ``maxsize`` questions used last; a question no longer in its set is kept as
    None. Callers only read what it returns. Safe for the threads of one process.
    """

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple, Question | None] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def many(
        self, question_ids: Iterable[int], question_set_id: int, version: datetime
    ) -> dict[int, Question]:
        """The questions of the set among ``question_ids``, by id; the ones not cached yet are
        fetched together, in two queries."""
        found, missing = {}, []
        with self._lock:
            for question_id in question_ids:
                key = (question_id, question_set_id, version)
                if key in self._entries:
                    self._entries.move_to_end(key)
                    if (question := self._entries[key]) is not None:
                        found[question_id] = question
                else:
                    missing.append(question_id)
        if not missing:
            return found
        loaded = {
            question.pk: question
            for question in Question.objects.for_display().filter(
                pk__in=missing, question_set_id=question_set_id
            )
        }
        with self._lock:
            for question_id in missing:
                self._entries[(question_id, question_set_id, version)] = loaded.get(question_id)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return found | loaded


questions = QuestionCache(maxsize=1024)


class QuestionRemoved(Http404):
    """The attempt lists the question, but it has left the set (possible only in older data), or
    it was deleted while an answer to it was being saved."""


def load_question(attempt: Attempt, number: int) -> Question:
    """Question ``number`` (from 1) of the attempt, from the cache; 404 if there is none."""
    if not 1 <= number <= attempt.total:
        raise Http404(_("There is no such question in this quiz."))
    question_set = attempt.question_set
    question_id = attempt.question_ids[number - 1]
    question = questions.many([question_id], question_set.pk, question_set.updated_at).get(
        question_id
    )
    if question is None:
        raise QuestionRemoved("This question was removed from the quiz.")
    return question


def attempt_questions(attempt: Attempt) -> dict[int, Question]:
    """The attempt's questions still in its set, by id, from the cache."""
    question_set = attempt.question_set
    return questions.many(attempt.question_ids, question_set.pk, question_set.updated_at)


def touch_sets(condition: Q) -> None:
    """Move the matching sets' ``updated_at`` forward, so their cached questions are dropped."""
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


@receiver(pre_save, sender=Choice)
def choice_leaving_its_question(sender, instance, raw=False, **kwargs):
    # A choice moved to another question must also disappear from the question it leaves.
    if instance.pk is not None and not raw:
        touch_sets(Q(questions__choices=instance.pk) & ~Q(questions=instance.question_id))


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

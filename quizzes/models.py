"""Question sets, questions and choices (authored); attempts and answers (students' work)."""

import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from explainer.models import Section, Source, Term, TimelineEvent


class QuestionSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_practice(self):
        """The sets anyone may practise from the quiz list, with instant feedback."""
        return self.published().filter(audience=QuestionSet.Audience.PRACTICE)

    def with_question_count(self):
        return self.annotate(question_count=Count("questions"))

    def shared(self):
        """The published sets that ship with the site, readable by every teacher."""
        return self.filter(owner__isnull=True, is_published=True)

    def visible_to(self, user):
        if user.is_superuser:
            return self
        return self.filter(Q(owner=user) | Q(owner__isnull=True, is_published=True))

    def editable_by(self, user):
        return self if user.is_superuser else self.filter(owner=user)


def answers_hidden_until(family, now=None) -> models.Subquery:
    """When the answer key of a family of sets may next be shown to students; None if it may be now.

    The rule for every page that could show a correct answer: while an assignment that shows
    answers only after it closes is open, no student sees the answers of its set anywhere (that
    assignment, another assignment, practice), nor of any set of the same family: a copy has the
    same questions as its original. The value is the latest closing time of such assignments.
    ``family`` is the family's root set (``QuestionSet.family_id``): a pk or an expression.
    """
    return models.Subquery(hiding_closes_at(family, now)[:1])


def hiding_closes_at(family, now=None) -> models.QuerySet:
    """The closing times of the assignments that hide the family's answers, latest first (see
    ``answers_hidden_until``)."""
    now = now or timezone.now()
    hiding = Assignment.objects.filter(
        Q(question_set=family) | Q(question_set__origin=family),
        Q(opens_at__isnull=True) | Q(opens_at__lte=now),
        reveal=Assignment.Reveal.AFTER_CLOSE,
        closes_at__gt=now,
    )
    return hiding.order_by("-closes_at").values_list("closes_at", flat=True)


class QuestionSet(models.Model):
    class Audience(models.TextChoices):
        PRACTICE = "practice", _("Anyone: listed on the quizzes page for practice")
        CLASSES = "classes", _("My classes only: students need a join code from an assignment")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.CharField(
        _("description"), max_length=300, help_text=_("One line shown in the quiz list.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published sets are shown to students.")
    )
    audience = models.CharField(
        _("who can take it"),
        max_length=10,
        choices=Audience,
        # The sets that ship with the site (no owner) are for practice; every way a teacher makes
        # a set (the admin's form, import, duplicate) chooses "classes only" itself.
        default=Audience.PRACTICE,
        help_text=_(
            "A quiz for anyone is listed on the site and shows the correct answer after each "
            "question, so students can read its answers before a test. Choose “my classes "
            "only” for a quiz you will grade."
        ),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_("Give part of a point for a partly right select-all or ordering answer."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        # A teacher with sets cannot be deleted by accident: their private sets would become shared.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_sets",
        help_text=_("Empty for the shared sets that ship with the site."),
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("origin"),
        # The root of the chain of copies, never a copy itself: one step finds the whole family.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        editable=False,
        help_text=_("The set this one was copied from, or the set that one was copied from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuestionSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=["practice", "classes"]),
                name="%(app_label)s_%(class)s_audience_valid",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:detail", args=[self.slug])

    @property
    def family_id(self):
        """The root set of this set's copies: the same questions' text is in every set of it."""
        return self.origin_id or self.pk

    def family_has_shared_set(self) -> bool:
        family = self.family_id
        return QuestionSet.objects.filter(
            Q(pk=family) | Q(origin=family), owner__isnull=True
        ).exists()

    def has_attempts(self) -> bool:
        return self.pk is not None and Attempt.objects.filter(question_set=self.pk).exists()


@receiver(pre_delete, sender=QuestionSet)
def keep_copies_one_family(sender, instance: QuestionSet, **kwargs):
    """A deleted set's copies stay one family: the oldest becomes the root of the others.

    Otherwise ``origin``'s SET_NULL would leave each copy a family of its own, and a graded copy
    would no longer hide the answers of its siblings (``answers_hidden_until``).
    """
    heir, *others = list(instance.copies.order_by("pk").values_list("pk", flat=True)) or [None]
    if others:
        QuestionSet.objects.filter(pk__in=others).update(origin=heir)


class QuestionQuerySet(models.QuerySet):
    def for_display(self):
        """Questions with everything a question or review page shows, in two queries.

        The long texts of the linked explainer items are left out: these pages link to them.
        """
        return (
            self.select_related("source", "section", "term", "event")
            .defer("section__body", "term__definition", "event__description")
            .prefetch_related(
                models.Prefetch(
                    "choices", Choice.objects.select_related("event").defer("event__description")
                )
            )
        )


# Why a question of a set that students have started stays where it is: their attempts list it.
STARTED_SET = _("Students have started this set: duplicate it to change its questions.")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        TRUE_FALSE = "true_false", _("True or false")
        MULTIPLE = "multiple", _("Select all that apply")
        ORDERING = "ordering", _("Put in order")
        SHORT = "short", _("Short answer (typed words)")
        NUMERICAL = "numerical", _("Number or year (typed)")
        MATCHING = "matching", _("Matching pairs")

    question_set = models.ForeignKey(
        QuestionSet,
        verbose_name=_("question set"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SINGLE)
    prompt = models.TextField(_("prompt"), help_text=_("Markdown."))
    explanation = models.TextField(
        _("explanation"), help_text=_("Shown after answering. Markdown.")
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="questions",
        help_text=_("The explainer section a student should reread after a wrong answer."),
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    event = models.ForeignKey(
        TimelineEvent,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "single",
                        "true_false",
                        "multiple",
                        "ordering",
                        "short",
                        "numerical",
                        "matching",
                    ]
                ),
                name="%(app_label)s_%(class)s_kind_valid",
            )
        ]

    def __str__(self):
        return self.prompt[:80]

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        before = Question.objects.filter(pk=self.pk).values_list("question_set", flat=True).first()
        if before not in (None, self.question_set_id) and QuestionSet(pk=before).has_attempts():
            raise ValidationError({"question_set": STARTED_SET})

    @property
    def is_ordering(self):
        return self.kind == self.Kind.ORDERING

    @property
    def is_multiple(self):
        return self.kind == self.Kind.MULTIPLE

    @property
    def is_short(self):
        return self.kind == self.Kind.SHORT

    @property
    def is_numerical(self):
        return self.kind == self.Kind.NUMERICAL

    @property
    def is_matching(self):
        return self.kind == self.Kind.MATCHING

    @property
    def is_typed(self):
        """Whether the student types the answer (short answer or number) instead of choosing."""
        return self.kind in (self.Kind.SHORT, self.Kind.NUMERICAL)

    @property
    def is_choice(self):
        """Whether the student picks from choices, each right or wrong on its own."""
        return self.kind in (self.Kind.SINGLE, self.Kind.TRUE_FALSE, self.Kind.MULTIPLE)


class Choice(models.Model):
    """An answer option; for an ordering question, one item to place, with its correct position.

    For a short-answer question, one accepted answer (``text``, ``*`` a wildcard); for a numerical
    one, a ``number`` with its ``tolerance``; either earns the whole point when ``is_correct``, or
    its ``credit``. For a matching question, an item (``text``) and its ``match``; a ``match``
    without ``text`` is a distractor.
    """

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(
        _("text"),
        max_length=500,
        blank=True,
        help_text=_(
            "Short answer: an accepted answer (* stands for any text). Matching: the item. "
            "Leave empty on an ordering item to show its event, or on a matching distractor."
        ),
    )
    is_correct = models.BooleanField(_("correct"), default=False)
    correct_position = models.PositiveSmallIntegerField(
        _("correct position"),
        null=True,
        blank=True,
        help_text=_("Ordering questions only: 1 for the earliest item."),
    )
    event = models.ForeignKey(
        TimelineEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Shown when a student picks this choice. Markdown.")
    )
    credit = models.FloatField(
        _("part credit"),
        null=True,
        blank=True,
        help_text=_(
            "Single choice, short answer, number: the part of a point (between 0 and 1, e.g. "
            "0.5) for an answer that is partly right. Empty on a correct or a wrong answer."
        ),
    )
    number = models.FloatField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Numerical questions only: the value (e.g. a year)."),
    )
    tolerance = models.FloatField(
        _("tolerance"),
        null=True,
        blank=True,
        help_text=_(
            "Numerical questions only: how far off an answer may be and still count (0 "
            "or empty: exactly)."
        ),
    )
    match = models.CharField(
        _("match"),
        max_length=500,
        blank=True,
        help_text=_(
            "Matching questions only: the answer this item goes with. Alone, without a "
            "text, it is a distractor that matches no item."
        ),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit__isnull=True) | (Q(credit__gt=0) & Q(credit__lt=1)),
                name="%(app_label)s_%(class)s_credit_between_0_1",
                violation_error_message=_("Part credit is more than 0 and less than 1, e.g. 0.5."),
            ),
            models.CheckConstraint(
                condition=Q(credit__isnull=True) | Q(is_correct=False),
                name="%(app_label)s_%(class)s_credit_not_on_correct",
                violation_error_message=_(
                    "A correct answer earns the whole point: leave its part credit empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True)
                | (Q(tolerance__gte=0) & Q(number__isnull=False)),
                name="%(app_label)s_%(class)s_tolerance_of_a_number",
                violation_error_message=_("A tolerance is 0 or more, and needs a number."),
            ),
            # Two items of one ordering question cannot share a place.
            models.UniqueConstraint(
                fields=["question", "correct_position"],
                condition=Q(correct_position__isnull=False),
                name="%(app_label)s_%(class)s_distinct_positions",
            ),
            models.CheckConstraint(
                condition=Q(correct_position__isnull=True) | Q(correct_position__gte=1),
                name="%(app_label)s_%(class)s_position_from_1",
            ),
            # An ordering item is placed, never marked correct; an answer needs text or an event.
            models.CheckConstraint(
                condition=Q(correct_position__isnull=True) | Q(is_correct=False),
                name="%(app_label)s_%(class)s_item_not_marked_correct",
            ),
            models.CheckConstraint(
                condition=~Q(text="")
                | Q(event__isnull=False)
                | Q(number__isnull=False)
                | ~Q(match=""),
                name="%(app_label)s_%(class)s_has_text_or_event",
                violation_error_message=_("Give the answer a text (or an event, number or match)."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.number is not None:
            return self.number_label
        return self.text or (self.event.title if self.event_id else "")

    @property
    def number_label(self):
        """The number as a teacher wrote it, with its tolerance: "1994", "3.14 ± 0.01"."""
        value = plain_number(self.number)
        return f"{value} ± {plain_number(self.tolerance)}" if self.tolerance else value

    @property
    def earns(self) -> float:
        """The share of a point this answer earns: 1 if correct, its part credit, or 0."""
        return 1.0 if self.is_correct else (self.credit or 0.0)


def plain_number(value: float) -> str:
    """A float as people write it: 1994, not 1994.0."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: no 0/O, no 1/I
JOIN_LENGTH = 8  # 8 symbols of 5 bits: 40 bits


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


# Capital Cyrillic letters drawn like Latin ones: a code read off the board and typed on a
# Ukrainian keyboard layout comes out in them.
CYRILLIC_TWINS = str.maketrans("АВСЕНІЈКМОРЅТУХ", "ABCEHIJKMOPSTYX")


def normalise_join_code(typed: str) -> str:
    """What a student typed, in the stored form: upper case, without spaces or dashes.

    Full-width letters and digits (NFKC) and Cyrillic look-alikes become their Latin twins.
    """
    latin = unicodedata.normalize("NFKC", typed).upper().translate(CYRILLIC_TWINS)
    return "".join(char for char in latin if char.isalnum())


class AssignmentQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self if user.is_superuser else self.filter(owner=user)


# An assignment that hides answers until it closes hides them on every set of its family; on a
# shared set's family that is the practice everyone uses, so it may not last longer than this.
SHARED_EMBARGO_LIMIT = timedelta(days=14)
SHARED_EMBARGO_MESSAGE = _(
    "This set is one of the shared sets, or a copy of one. While this assignment is open, "
    "students practising it see no answers, so with “Only after the assignment closes” it may "
    "stay open for at most 14 days. Close it sooner, or show answers straight after each question."
)


class Assignment(models.Model):
    """A question set handed to a class, joined with a code and open between two times."""

    class Reveal(models.TextChoices):
        AFTER_EACH = "after_each", _("Straight after each question")
        AFTER_CLOSE = "after_close", _("Only after the assignment closes")

    class Attempts(models.IntegerChoices):
        ONE = 1, _("One attempt")
        UNLIMITED = 0, _("Unlimited attempts")

    class Pace(models.TextChoices):
        SELF = "self", _("Self-paced: each student at their own speed")
        TEACHER = "teacher", _("Teacher-paced: one question at a time, from the class screen")

    class Phase(models.TextChoices):
        ANSWERING = "answering", _("Answering")
        REVEALED = "revealed", _("Answer shown")
        FINISHED = "finished", _("Finished")

    title = models.CharField(
        _("title"), max_length=200, help_text=_('For example "Year 10 history, set B".')
    )
    question_set = models.ForeignKey(
        QuestionSet,
        verbose_name=_("question set"),
        on_delete=models.PROTECT,
        related_name="assignments",
        help_text=_("Only published sets can be assigned."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    join_code = models.CharField(
        _("join code"), max_length=JOIN_LENGTH, unique=True, default=new_join_code
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Empty: never closes.")
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), choices=Attempts, default=Attempts.ONE
    )
    reveal = models.CharField(
        _("show correct answers"), max_length=12, choices=Reveal, default=Reveal.AFTER_EACH
    )
    # A class run live from the teacher's screen (quizzes/classroom/live.py).
    pace = models.CharField(
        _("pace"),
        max_length=8,
        choices=Pace,
        default=Pace.SELF,
        help_text=_("Teacher-paced: the whole class answers the question the teacher opens."),
    )
    current_question = models.PositiveSmallIntegerField(
        _("current question"),
        default=0,
        help_text=_("Teacher-paced: the open question's number; 0 before the first."),
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, default=Phase.ANSWERING)
    hide_names = models.BooleanField(
        _("hide names on the class screen"),
        default=False,
        help_text=_("The projected class screen counts students without showing their names."),
    )
    # Moved forward by every change of the live state: students' devices and the teacher's
    # screen compare it to know whether anything changed since they last looked.
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=models.F("closes_at")),
                name="%(app_label)s_%(class)s_opens_before_closing",
                violation_error_message=_("The assignment must open before it closes."),
            ),
            models.CheckConstraint(
                condition=~Q(reveal="after_close") | Q(closes_at__isnull=False),
                name="%(app_label)s_%(class)s_reveal_needs_close",
                violation_error_message=_(
                    "To show answers only after the assignment closes, give it a closing time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(attempts_allowed__in=[0, 1]),
                name="%(app_label)s_%(class)s_attempts_one_or_unlimited",
            ),
            models.CheckConstraint(
                condition=Q(pace__in=["self", "teacher"])
                & Q(phase__in=["answering", "revealed", "finished"]),
                name="%(app_label)s_%(class)s_live_state_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.question_set_id is None:
            return
        if self.pk is not None:
            before = Assignment.objects.filter(pk=self.pk).values_list("question_set", flat=True)
            if before.first() not in (None, self.question_set_id) and self.attempts.exists():
                raise ValidationError(
                    {
                        "question_set": _(
                            "Students have started this assignment, so it keeps its set."
                        )
                    }
                )
        if self.shared_embargo_too_long():
            raise ValidationError({"closes_at": SHARED_EMBARGO_MESSAGE})

    def shared_embargo_too_long(self) -> bool:
        """Whether it would hide a shared set's practice answers for longer than allowed."""
        if self.reveal != self.Reveal.AFTER_CLOSE or self.closes_at is None:
            return False
        start = self.opens_at or timezone.now()
        if self.closes_at - start <= SHARED_EMBARGO_LIMIT:
            return False
        return self.question_set.family_has_shared_set()

    @property
    def display_code(self):
        return f"{self.join_code[:4]}-{self.join_code[4:]}"

    def has_opened(self, now=None):
        return self.opens_at is None or self.opens_at <= (now or timezone.now())

    def has_closed(self, now=None):
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    def answers_visible(self, now=None):
        return self.reveal == self.Reveal.AFTER_EACH or self.has_closed(now)

    @property
    def teacher_paced(self):
        return self.pace == self.Pace.TEACHER


class JoinThrottle(models.Model):
    """Wrong join codes counted per student session and per code typed, in a time window."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_started = models.DateTimeField(_("window started"))

    class Meta:
        verbose_name = _("join throttle")
        verbose_name_plural = _("join throttles")

    def __str__(self):
        return f"{self.key}: {self.failures}"


class Attempt(models.Model):
    """One student's run through a question set, tied to their anonymous session."""

    # A set that students have started cannot be deleted: delete their attempts first.
    question_set = models.ForeignKey(
        QuestionSet,
        verbose_name=_("question set"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attempts",
    )
    display_name = models.CharField(_("display name"), max_length=40, blank=True)
    student_key = models.CharField(_("student key"), max_length=64, db_index=True)
    question_ids = models.JSONField(
        _("question ids"), help_text=_("The questions in the order this student sees them.")
    )
    seed = models.PositiveIntegerField(
        _("seed"), help_text=_("Fixes the order of choices for this attempt.")
    )
    answered_count = models.PositiveSmallIntegerField(_("answered count"), default=0)
    score = models.FloatField(_("score"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        indexes = [
            models.Index(
                fields=["student_key", "question_set"],
                condition=Q(finished_at__isnull=True),
                name="quizzes_attempt_unfinished",
            )
        ]

    def __str__(self):
        return _("Attempt %(number)s on %(set)s") % {"number": self.pk, "set": self.question_set}

    def get_absolute_url(self):
        return reverse("quizzes:results", args=[self.pk])

    @property
    def total(self):
        return len(self.question_ids)

    @property
    def is_finished(self):
        return self.finished_at is not None

    def question_url(self, number):
        return reverse("quizzes:question", args=[self.pk, number])


class Answer(models.Model):
    """A student's answer to one question of an attempt: given once, scored on the server."""

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    # Deleting a question would change attempts' scores and counts behind their backs.
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    selected = models.JSONField(
        _("selected"),
        help_text=_(
            "Chosen choice ids; for an ordering question, the items in the order given; "
            "for a matching question, [item id, chosen match's id] pairs; for a typed answer, the "
            "accepted answer it matched (none if it matched none)."
        ),
    )
    # What the student typed, as typed, for short-answer and numerical questions: the teacher's
    # results show it, and item analysis counts the wrong answers that students actually gave.
    text = models.CharField(_("text"), max_length=200, blank=True)
    score = models.FloatField(_("score"))
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    # The same question in either language is one row: this only tells the teacher which was used.
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the page the answer was given on."),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="%(app_label)s_%(class)s_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1),
                name="%(app_label)s_%(class)s_score_0_1",
            ),
        ]

    def __str__(self):
        return _("Answer to %(question)s in attempt %(attempt)s") % {
            "question": self.question_id,
            "attempt": self.attempt_id,
        }

    @property
    def is_correct(self):
        return self.score == 1

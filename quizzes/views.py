"""The student's quiz: the list, a set's page, one question at a time, and the results.

Every view works without JavaScript (POST, redirect, GET); with htmx it swaps only the answer area.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Min, OuterRef
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from quizzes import charts, rendered
from quizzes.classroom.forms import NameForm
from quizzes.classroom.live import question_open
from quizzes.forms import AnswerForm
from quizzes.http import HtmxHttpRequest
from quizzes.languages import shown_in_english
from quizzes.models import Answer, Attempt, Choice, Question, QuestionSet, answers_hidden_until
from quizzes.question_cache import QuestionRemoved, attempt_questions, load_question
from quizzes.retention import practice_attempts_erase
from quizzes.scoring import correct_choices, displayed_choices, matched_pairs, score_answer
from quizzes.services import attempt_answer, attempt_start
from quizzes.students import (
    ATTEMPT_ANSWERS,
    answer_to,
    first_unanswered,
    hidden_until,
    next_unanswered,
    own_attempt,
    student_key,
)

# A quiz's length in minutes is estimated at one minute per question: reading a prompt and its
# choices, answering and reading the feedback.
MINUTES_PER_QUESTION = 1


@require_GET
def quiz_list(request: HtmxHttpRequest) -> HttpResponse:
    """The practice sets in the explainer's reading order, with this browser's progress in each."""
    question_sets = list(
        QuestionSet.objects.for_practice()
        .with_question_count()
        .annotate(
            first_section=Min("questions__section__number"),
            answers_hidden_until=answers_hidden_until(Coalesce(OuterRef("origin"), OuterRef("pk"))),
        )
        .order_by(F("first_section").asc(nulls_last=True), "title")
    )
    key = student_key(request)
    progress = practice_progress(key) if key else {}
    for question_set in question_sets:
        question_set.minutes = question_set.question_count * MINUTES_PER_QUESTION
        question_set.progress = progress.get(question_set.pk)
    return render(
        request,
        "quizzes/list.html",
        {"question_sets": question_sets, "known_student": bool(key)},
    )


def practice_progress(key: str) -> dict[int, Attempt]:
    """Per set, this browser's practice attempt to show: the unfinished one, else the latest
    finished one (in one query)."""
    progress = {}
    attempts = (
        Attempt.objects.filter(student_key=key, assignment__isnull=True)
        .order_by(F("finished_at").desc(nulls_first=True), "-started_at")
        .only("question_set_id", "question_ids", "answered_count", "score", "finished_at")
    )
    for attempt in attempts:
        progress.setdefault(attempt.question_set_id, attempt)
    return progress


@require_GET
def quiz_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    question_set = get_object_or_404(
        QuestionSet.objects.for_practice().with_question_count(), slug=slug
    )
    key = student_key(request)
    unfinished = None
    if key:
        unfinished = Attempt.objects.filter(
            question_set=question_set, student_key=key, finished_at__isnull=True
        ).first()
    return render(
        request, "quizzes/detail.html", {"question_set": question_set, "unfinished": unfinished}
    )


@require_POST
def quiz_start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    question_set = get_object_or_404(QuestionSet.objects.for_practice(), slug=slug)
    if not question_set.questions.exists():
        raise Http404(_("This quiz has no questions yet."))
    attempt = attempt_start(
        question_set=question_set, student_key=student_key(request, create=True)
    )
    return redirect(attempt.question_url(first_unanswered(attempt)))


def question_labels(attempt: Attempt, number: int) -> dict:
    """ "Question 3 of 12", which a question page shows three times (its title, its progress bar and
    the bar's label), and the page's description: each translated once per request, not in each
    place with a ``{% blocktranslate %}``."""
    progress = _("Question %(number)s of %(total)s") % {"number": number, "total": attempt.total}
    description = _("Question %(number)s of %(total)s in the quiz “%(title)s”: %(description)s") % {
        "number": number,
        "total": attempt.total,
        "title": attempt.question_set.title,
        "description": attempt.question_set.description,
    }
    return {"progress": progress, "description": description}


def answers_shown(attempt: Attempt) -> bool:
    """Whether a student's pages of this attempt may show correct answers now.

    Not while its own assignment keeps them until it closes, nor while any open assignment of the
    same set does (``hidden_until``): otherwise practice, or another class's assignment, would
    give away a graded quiz's answers.
    """
    hidden = hidden_until(attempt)  # the templates show until when
    if attempt.assignment is not None and not attempt.assignment.answers_visible():
        return False
    return hidden is None


class Feedback:
    """What the feedback on an answer lists, each part worked out when a template first reads it: a
    fragment rendered from the cache (``feedback_key``) reads none of them."""

    def __init__(self, question: Question, choices: list[Choice], answer: Answer):
        self.question, self.choices, self.answer = question, choices, answer

    @cached_property
    def given(self) -> list:
        """The answer given: the choices picked, in order for ordering, as pairs for matching."""
        question, choices, selected = self.question, self.choices, self.answer.selected
        if question.is_matching:
            return matched_pairs(choices, selected)
        if question.is_ordering:
            chosen = {choice.pk: choice for choice in choices}
            return [chosen[pk] for pk in selected if pk in chosen]
        return [c for c in sorted(choices, key=lambda c: c.position) if c.pk in selected]

    @cached_property
    def expected(self) -> list[Choice]:
        return correct_choices(self.question, self.choices)

    @cached_property
    def matched_feedback(self) -> list[Choice]:
        """A typed answer's note is the matched answer's; matching has none per pair."""
        if not self.question.is_typed:
            return []
        return [choice for choice in self.given if choice.feedback]

    @cached_property
    def wrong_picks(self) -> list[Choice]:
        """The notes on the choices picked that are not right (choice questions only)."""
        question = self.question
        if question.is_typed or question.is_matching or question.is_ordering:
            return []
        return [c for c in self.given if not c.is_correct and c.feedback]


def question_version(attempt: Attempt, question: Question) -> tuple[int, str]:
    """The question as its set's ``updated_at`` last left it, for the keys of cached fragments:
    every edit to a set, its questions or their choices moves ``updated_at`` forward."""
    return question.pk, attempt.question_set.updated_at.isoformat()


def feedback_context(
    attempt: Attempt, question: Question, choices: list[Choice], answer: Answer, *, reveal: bool
) -> dict:
    """What a student sees once a question is answered: never before.

    Without ``reveal`` (see ``answers_shown``) the student sees what they answered, and nothing
    about whether it was right. With it, ``feedback_key`` names everything the feedback shows
    (the question as its set's ``updated_at`` last left it, and the answer), so that it is
    rendered once per language for every student who gives the same answer (the ``{% cache %}``
    in quizzes/_feedback.html, and ``review_items`` for a results page).
    """
    feedback = Feedback(question, choices, answer)
    if not reveal:
        return {"answer": answer, "feedback": feedback, "hidden": True}
    return {
        "answer": answer,
        "feedback": feedback,
        "feedback_key": (
            *question_version(attempt, question),
            answer.selected,
            answer.score,
            answer.text,
        ),
    }


# Pages that show a student's answers stay out of caches: classroom computers are shared.
@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def question_page(request: HtmxHttpRequest, attempt_id: int, number: int) -> HttpResponse:
    attempt = own_attempt(request, attempt_id)
    name_form = None
    if request.method == "POST" and "display_name" in request.POST:
        if not may_rename(attempt):
            raise PermissionDenied(RENAME_REFUSED)
        name_form = NameForm(request.POST)
        if name_form.is_valid():
            return rename(request, attempt, name_form.cleaned_data["display_name"], number)
    assignment = attempt.assignment
    try:
        if (
            name_form is None
            and assignment is not None
            and assignment.teacher_paced
            and not assignment.has_closed()
        ):
            return teacher_paced_question(request, attempt, number)
        return answer_flow(
            request,
            attempt,
            number,
            question_url=attempt.question_url,
            end_url=attempt.get_absolute_url,
            name_form=name_form,
        )
    except QuestionRemoved:
        # Say so and lead on; the results page never sends the student back here.
        template = "quizzes/question_removed.html"
        if request.htmx:
            template += "#notice"
        last = number >= attempt.total
        next_url = attempt.get_absolute_url() if last else attempt.question_url(number + 1)
        context = {"attempt": attempt, "number": number, "next_url": next_url}
        context.update(question_labels(attempt, number))
        return render(request, template, context, status=410)


RENAME_REFUSED = gettext_lazy(
    "Your name can be changed only in an open class, before your first answer."
)


def may_rename(attempt: Attempt) -> bool:
    """Whether a student may still correct the name they joined a class with.

    Only before their first answer: after it, the teacher's results show answers under the name.
    """
    return (
        attempt.assignment is not None
        and not attempt.assignment.has_closed()
        and attempt.answered_count == 0
    )


def rename(request: HtmxHttpRequest, attempt: Attempt, name: str, number: int) -> HttpResponse:
    # The answer count is checked in the same statement, so an answer sent meanwhile wins.
    changed = Attempt.objects.filter(pk=attempt.pk, answered_count=0).update(display_name=name)
    if not changed:
        raise PermissionDenied(RENAME_REFUSED)
    messages.success(
        request, _("Saved: your teacher will see the name “%(name)s”.") % {"name": name}
    )
    return redirect(attempt.question_url(number))


def teacher_paced_question(request: HtmxHttpRequest, attempt: Attempt, number: int) -> HttpResponse:
    """Only the question the teacher has open takes answers; the live page shows the rest."""
    live = reverse("quizzes:live", args=[attempt.pk])
    refusal = question_open(attempt.assignment, number)
    if request.method == "GET" and not refusal:
        load_question(attempt, number)  # a question removed from the set says so (410)
    if request.method == "GET" and (refusal or answer_to(attempt, number)):
        return redirect(live)
    response = answer_flow(
        request,
        attempt,
        number,
        question_url=lambda _: live,
        end_url=lambda: live,
        refusal=refusal,
        teacher_shows=True,
    )
    if response.status_code == 200 and request.method == "POST":
        # Answered with htmx: the whole page becomes the waiting page.
        response["HX-Redirect"] = live
    return response


@staff_member_required
@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def preview_question(request: HtmxHttpRequest, set_id: int, number: int) -> HttpResponse:
    """A set exactly as students see it, for staff; answers are scored but never saved."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), pk=set_id)
    attempt = Attempt(
        question_set=question_set,
        question_ids=list(question_set.questions.values_list("pk", flat=True)),
        seed=set_id,
    )
    if not attempt.question_ids:
        raise Http404(_("This set has no questions to preview yet."))
    return answer_flow(
        request,
        attempt,
        number,
        question_url=lambda n: reverse("quizzes:preview", args=[set_id, n]),
        end_url=lambda: reverse("admin:quizzes_questionset_change", args=[set_id]),
    )


def answer_flow(
    request: HtmxHttpRequest,
    attempt: Attempt,
    number: int,
    *,
    question_url: Callable[[int], str],
    end_url: Callable[[], str],
    name_form: NameForm | None = None,
    refusal: str | None = None,
    teacher_shows: bool = False,
) -> HttpResponse:
    """Show a question, take its answer once, then show the feedback.

    An unsaved attempt is a preview: its answers are scored and shown, never recorded. With a
    ``refusal`` (a teacher-paced class elsewhere) an answer is refused with that reason. With
    ``teacher_shows`` (a teacher-paced class) the feedback only says the answer is saved: the
    teacher shows the correct answer to the whole class, on the live page. ``question_url(n)`` and
    ``end_url()`` give the addresses of question ``n`` and of the page after the last question:
    only the one the page links to is worked out.
    """
    recording = attempt.pk is not None
    assignment = attempt.assignment if recording else None
    closed = assignment is not None and assignment.has_closed()
    question = load_question(attempt, number)
    choices = list(question.choices.all())
    shown = displayed_choices(
        question, choices, seed=attempt.seed, shuffle=attempt.question_set.shuffle_choices
    )
    answer = None
    changed = ""
    status = 200

    # A POST that corrects the student's name (refused by its form) is not an answer.
    answering = request.method == "POST" and name_form is None
    taken = answering and not closed and not refusal
    form = AnswerForm(question, shown, request.POST if taken else None)
    if name_form is not None:
        status = 422
    elif answering and closed:
        # Too late: nothing changes, and what was answered before stays as it was.
        answer = answer_to(attempt, number)
        status = 403
    elif answering and refusal:
        status = 409
    elif answering:
        if form.is_valid() and recording:
            # The unique constraint decides: a repeated answer gets the first one back.
            answer, _ = attempt_answer(
                attempt=attempt,
                question=question,
                choices=choices,
                selected=form.selected_ids(),
                text=form.typed_text(),
                language=request.LANGUAGE_CODE,
            )
        elif form.is_valid():
            answer = Answer(question=question, selected=form.selected_ids(), text=form.typed_text())
            answer.score = score_answer(
                question, choices, answer.selected, partial=attempt.question_set.partial_credit
            )
        elif recording:
            answer = answer_to(attempt, number)
        if answer is None:
            status = 422
            if form.layout_changed:
                # The question as it is now, nothing picked, with the reason.
                changed = " ".join(form.non_field_errors())
                form = AnswerForm(question, shown)
        elif recording and not request.htmx:
            return redirect(question_url(number))
    elif recording:
        answer = answer_to(attempt, number)

    renaming = recording and may_rename(attempt)
    context = {
        "attempt": attempt,
        "question": question,
        "number": number,
        "shown": shown,
        "form": form,
        "preview": not recording,
        "closed": closed,
        "refusal": refusal,
        "picked": request.POST.getlist("choice")
        if answering and status == 422 and not changed
        else [],
        "changed": changed,
        "renaming": renaming,
        "name_form": name_form
        or (NameForm(initial={"display_name": attempt.display_name}) if renaming else None),
        "next_url": question_url(number + 1) if number < attempt.total else end_url(),
    }
    if not request.htmx:  # the fragment that htmx swaps in has no title or progress bar
        context.update(question_labels(attempt, number))
    if not form.is_bound and not changed and not (name_form and name_form.errors):
        # The question's fields, nothing picked, are the same for every attempt that shows its
        # choices in this order (the form's layout): rendered once per process and language.
        context["fields_key"] = (*question_version(attempt, question), form.layout)
    reveal = answer is not None and not teacher_shows and (not recording or answers_shown(attempt))
    context["live_pending"] = teacher_shows
    if answer is not None:
        context.update(feedback_context(attempt, question, choices, answer, reveal=reveal))
    context["shown_in_english"] = shown_in_english(question, choices, explained=reveal)
    context["action"] = request.path
    template = "quizzes/question.html"
    if request.htmx:
        template += "#answer-area"
        if recording and status == 200 and "feedback_key" in context and not (closed or refusal):
            # An answer and its feedback: the same fragment for every student who gives this
            # answer to this question at this number of a quiz of this length, but for the link
            # onwards, filled in for each.
            return rendered.whole(
                request,
                template,
                context,
                [
                    *context["feedback_key"],
                    number,
                    attempt.total,
                    context["shown_in_english"],
                ],
                {"next_url": context["next_url"]},
            )
    elif (
        request.method == "GET"
        and recording
        and "fields_key" in context
        and answer is None
        and not (closed or refusal or renaming)
    ):
        # A question not answered yet shows the same page to every student at this number of the
        # quiz (or class) who sees its choices in this order: rendered once per process and
        # language, and only the CSRF token and the addresses filled in for each. Not a staff
        # preview, which says it is one.
        return rendered.page(
            request,
            template,
            context,
            [
                *context["fields_key"],
                number,
                context["description"],
                f"class: {assignment.title}" if assignment else "practice",
                context["shown_in_english"],
                teacher_shows,
            ],
        )
    return render(request, template, context, status=status)


@cache_control(private=True, no_store=True)
@require_GET
def results(request: HtmxHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = own_attempt(request, attempt_id)
    assignment = attempt.assignment
    closed = assignment is not None and assignment.has_closed()
    paced = assignment is not None and assignment.teacher_paced
    ended = closed or (paced and assignment.phase == assignment.Phase.FINISHED)
    if paced and not ended:
        # The class is still running: the teacher shows each answer, on the live page.
        return redirect("quizzes:live", attempt.pk)
    if not attempt.is_finished and not ended:
        number = next_unanswered(attempt)
        # With every question still in the quiz answered, the rest are shown even unfinished.
        if number is not None:
            return redirect(attempt.question_url(number))
    by_id = attempt_questions(attempt)
    reveal = answers_shown(attempt)
    answers = {a.question_id: a for a in ATTEMPT_ANSWERS.all(attempt.pk)}
    review = []
    reread = {}
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = by_id.get(question_id)
        answer = answers.get(question_id)
        if question is None or answer is None:
            continue
        choices = list(question.choices.all())
        review.append(
            {
                "number": number,
                "question": question,
                **feedback_context(attempt, question, choices, answer, reveal=reveal),
            }
        )
        if not answer.is_correct:
            reread.setdefault(question.section_id, question.section)
    right, partly = charts.whole_questions(review)
    # The review opens on the questions missed; ?show=all lists every one.
    show_all = request.GET.get("show") == "all" or not reveal
    shown = review if show_all else [item for item in review if not item["answer"].is_correct]
    return render(
        request,
        "quizzes/results.html",
        {
            "attempt": attempt,
            "review": review_items(attempt, shown),
            "show_all": show_all,
            "missed": len(review) - right,
            "reveal": reveal,
            "reread": sorted(reread.values(), key=lambda section: section.number),
            "right": right,
            "partly": partly,
            "percent": round(100 * attempt.score / attempt.total) if attempt.total else 0,
            "section_bars": charts.student_sections(review) if reveal else [],
        },
    )


def review_items(attempt: Attempt, items: list[dict]) -> list[str]:
    """Each review item of a results page, rendered. A revealed item shows only its question and
    the answer (``feedback_key``), so it is rendered once per process for each question, answer,
    number and language, and the page's revealed items come from the cache in one look-up."""
    return rendered.many(
        "quizzes/_review_item.html",
        [{"item": item, "attempt": attempt} for item in items],
        [
            [item["number"], item["feedback_key"]] if "feedback_key" in item else None
            for item in items
        ],
    )


@require_POST
def erase_practice(request: HtmxHttpRequest) -> HttpResponse:
    """Delete this browser's practice attempts; its class attempts stay in the teachers' results."""
    key = student_key(request)
    removed = practice_attempts_erase(student_key=key) if key else None
    if removed and removed.attempts:
        attempts = ngettext(
            "Erased %(count)d practice attempt",
            "Erased %(count)d practice attempts",
            removed.attempts,
        ) % {"count": removed.attempts}
        answers = ngettext("%(count)d answer", "%(count)d answers", removed.answers) % {
            "count": removed.answers
        }
        messages.success(
            request,
            # Translators: "Erased 2 practice attempts" and "5 answers", put together.
            _("%(attempts)s and %(answers)s from this browser.")
            % {"attempts": attempts, "answers": answers},
        )
    else:
        messages.info(request, _("This browser had no practice answers to erase."))
    return redirect("privacy")

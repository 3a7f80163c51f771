"""Small builders for quiz data, on top of the shipped explainer content."""

import itertools

from explainer.models import Section, Source, TimelineEvent
from quizzes.models import Choice, Question, QuestionSet

_numbers = itertools.count(1)


def make_question_set(*, questions=5, kinds=("single",), published=True, **fields):
    number = next(_numbers)
    question_set = QuestionSet.objects.create(
        slug=fields.pop("slug", f"set-{number}"),
        title=fields.pop("title", f"Set {number}"),
        topic="Test topic",
        description="A set built by a test.",
        is_published=published,
        **fields,
    )
    for position in range(1, questions + 1):
        make_question(question_set, kinds[(position - 1) % len(kinds)], position=position)
    return question_set


def make_question(question_set, kind="single", *, position=1):
    question = Question.objects.create(
        question_set=question_set,
        position=position,
        kind=kind,
        prompt=f"Prompt {position} ({kind})",
        explanation=f"Explanation {position}",
        source=Source.objects.order_by("pk").first(),
        section=Section.objects.order_by("number").first(),
    )
    if kind == "ordering":
        events = TimelineEvent.objects.order_by("date")[:4]
        for i, event in enumerate(events, start=1):
            Choice.objects.create(question=question, position=i, event=event, correct_position=i)
    elif kind == "true_false":
        Choice.objects.create(question=question, position=1, text="True", is_correct=True)
        Choice.objects.create(question=question, position=2, text="False", feedback="No.")
    else:
        correct = {1, 3} if kind == "multiple" else {1}
        for i in range(1, 5):
            Choice.objects.create(
                question=question,
                position=i,
                text=f"Choice {i}",
                is_correct=i in correct,
                feedback="" if i in correct else f"Why choice {i} is wrong.",
            )
    return question

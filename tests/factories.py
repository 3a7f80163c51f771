"""Small builders for tests: quiz data on top of the shipped explainer content, teachers, signed-in
clients, and a student who answers through the public pages."""

import itertools
import threading
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import timezone

from explainer.models import Section, Source, TimelineEvent
from quizzes.models import Assignment, Attempt, Choice, Question, QuestionSet
from quizzes.scoring import displayed_choices, matching_options

_numbers = itertools.count(1)
# A matching question's items and answers; the last answer is a distractor that matches no item.
MATCHING_PAIRS = [
    ("Switzerland", "Congress of Vienna"),
    ("Austria", "Constitutional law of 1955"),
    ("Turkmenistan", "UN General Assembly resolution"),
    ("", "Hague Convention"),
]


def shipped_content():
    """A transactional test empties the tables after itself (pytest-django runs those last): the
    next one loads the shipped content again."""
    if not Section.objects.exists():
        call_command("load_content", verbosity=0)


@contextmanager
def the_sites_database(settings_dict):
    """On SQLite, this thread uses a file database with the site's options (WAL, IMMEDIATE
    transactions, a busy timeout) instead of Django's shared in-memory test database, whose
    table locks fail at once ("database table is locked") where a file's make a writer wait."""
    if settings_dict is None:
        yield
        return
    original = connections["default"]
    connections["default"] = type(original)(settings_dict, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original


def in_threads(*targets, database=None):
    """Runs each target in its own thread, started together; returns what each raised."""
    barrier = threading.Barrier(len(targets))
    errors = []

    def run(target):
        try:
            with the_sites_database(database):
                barrier.wait()
                target()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


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
    elif kind == "short":
        Choice.objects.create(question=question, position=1, text="Trilateral Statement",
                              is_correct=True)  # fmt: skip
        Choice.objects.create(question=question, position=2, text="Trilateral*", credit=0.5,
                              feedback="Which trilateral document?")  # fmt: skip
    elif kind == "numerical":
        Choice.objects.create(question=question, position=1, number=1994, tolerance=0,
                              is_correct=True)  # fmt: skip
        Choice.objects.create(question=question, position=2, number=1994, tolerance=1,
                              credit=0.5, feedback="One year off.")  # fmt: skip
    elif kind == "matching":
        for i, (item, match) in enumerate(MATCHING_PAIRS, start=1):
            Choice.objects.create(question=question, position=i, text=item, match=match)
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


def graded(question_set, owner, **fields):
    """An assignment open for an hour that shows the answers only after it closes; ``fields``
    change any of that."""
    return Assignment.objects.create(
        **{
            "title": "Year 10, graded",
            "question_set": question_set,
            "owner": owner,
            "closes_at": timezone.now() + timedelta(hours=1),
            "reveal": Assignment.Reveal.AFTER_CLOSE,
            **fields,
        }
    )


def make_teacher(username: str, password: str = "a long teacher password 91"):
    """A staff user in the Teachers group (made by the quizzes' data migrations)."""
    user = get_user_model().objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Teachers"))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Student:
    """A browser without an account: starts attempts and answers through the public pages."""

    def __init__(self, client):
        self.client = client

    def start(self, question_set):
        response = self.client.post(f"/quizzes/{question_set.slug}/start/")
        assert response.status_code == 302, response
        return Attempt.objects.filter(question_set=question_set).order_by("-pk").first()

    def page(self, attempt, number, **kwargs):
        return self.client.get(f"/attempts/{attempt.pk}/{number}/", **kwargs)

    def answer(self, attempt, number, data, **kwargs):
        """Send ``data`` form-encoded, as a browser and htmx send the question's form."""
        return self.client.post(
            f"/attempts/{attempt.pk}/{number}/",
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
            **kwargs,
        )

    def shown(self, attempt, number):
        """The displayed choices of a question, as the view computes them."""
        question = Question.objects.get(pk=attempt.question_ids[number - 1])
        return displayed_choices(
            question,
            list(question.choices.all()),
            seed=attempt.seed,
            shuffle=attempt.question_set.shuffle_choices,
        )

    def right_answer(self, attempt, number):
        """Form data that answers question ``number`` correctly."""
        shown = self.shown(attempt, number)
        question = shown[0].question
        if question.is_short:
            return {"answer": "trilateral statement"}
        if question.is_numerical:
            return {"answer": "1994"}
        if question.is_matching:
            options = [o.match for o in matching_options(list(question.choices.all()))]
            return {f"match-{i}": options.index(c.match) + 1 for i, c in enumerate(shown, start=1)}
        if question.is_ordering:
            return {f"position-{i}": c.correct_position for i, c in enumerate(shown, start=1)}
        return {"choice": [i for i, c in enumerate(shown, start=1) if c.is_correct]}

    def wrong_answer(self, attempt, number):
        shown = self.shown(attempt, number)
        question = shown[0].question
        if question.is_short:
            return {"answer": "Treaty of Versailles"}
        if question.is_numerical:
            return {"answer": "1900"}
        if question.is_matching:
            options = [o.match for o in matching_options(list(question.choices.all()))]
            return {f"match-{i}": options.index("Hague Convention") + 1 for i in range(1, 4)}
        if question.is_ordering:
            return {f"position-{i}": i for i in range(1, len(shown) + 1)}
        return {"choice": [next(i for i, c in enumerate(shown, start=1) if not c.is_correct)]}

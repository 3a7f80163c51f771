"""Upgrading from the oldest supported release keeps a term's results.

The database is taken back to the migrations of release 0.1.0, filled through the models as they
were then (a student's answer was called Response), and migrated forward to this release.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quizzes.models import Answer, Assignment, Attempt, Choice, Question, QuestionSet

# The last migration of release 0.1.0; the later ones belong to newer releases.
OLDEST_SUPPORTED = ("quizzes", "0005_teachers_assign")
CLOSES = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill_release_0_1_0(apps):
    """A teacher's set, an assignment and a student's finished attempt, as 0.1.0 stored them."""
    Source = apps.get_model("explainer", "Source")
    Section = apps.get_model("explainer", "Section")
    User = apps.get_model("auth", "User")
    QuestionSetThen = apps.get_model("quizzes", "QuestionSet")
    QuestionThen = apps.get_model("quizzes", "Question")
    ChoiceThen = apps.get_model("quizzes", "Choice")
    AssignmentThen = apps.get_model("quizzes", "Assignment")
    AttemptThen = apps.get_model("quizzes", "Attempt")
    Response = apps.get_model("quizzes", "Response")

    source = Source.objects.create(
        key="upgrade-source", publisher="Publisher", title="Title", published="2022"
    )
    section = Section.objects.create(
        slug="upgrade-section", number=900, title="Section", summary="Summary", body="Body"
    )
    teacher = User.objects.create(username="upgrade-teacher", is_staff=True)
    question_set = QuestionSetThen.objects.create(
        slug="upgrade-set",
        title="Kept across the upgrade",
        topic="Topic",
        description="A set made by release 0.1.0.",
        is_published=True,
        owner=teacher,
    )
    questions, choices = [], []
    for position in (1, 2):
        question = QuestionThen.objects.create(
            question_set=question_set,
            position=position,
            kind="single",
            prompt=f"Question {position}?",
            explanation=f"Because {position}.",
            source=source,
            section=section,
        )
        questions.append(question)
        choices.append(
            [
                ChoiceThen.objects.create(
                    question=question,
                    position=number,
                    text=f"Choice {number}",
                    is_correct=number == 1,
                    feedback="" if number == 1 else "Not this one.",
                )
                for number in (1, 2)
            ]
        )
    assignment = AssignmentThen.objects.create(
        title="Year 10, spring term",
        question_set=question_set,
        owner=teacher,
        join_code="ABCDEFGH",
        closes_at=CLOSES,
        attempts_allowed=1,
        reveal="after_close",
    )
    attempt = AttemptThen.objects.create(
        question_set=question_set,
        assignment=assignment,
        display_name="Olena",
        student_key="upgrade-student",
        question_ids=[question.pk for question in questions],
        seed=7,
        answered_count=2,
        score=1.0,
        finished_at=CLOSES - datetime.timedelta(days=1),
    )
    responses = [
        Response.objects.create(
            attempt=attempt, question=questions[0], selected=[choices[0][0].pk], score=1.0
        ),
        Response.objects.create(
            attempt=attempt, question=questions[1], selected=[choices[1][1].pk], score=0.0
        ),
    ]
    return {
        "set": question_set.pk,
        "questions": [question.pk for question in questions],
        "choices": [[choice.pk for choice in pair] for pair in choices],
        "assignment": assignment.pk,
        "attempt": attempt.pk,
        "responses": [response.pk for response in responses],
        "started_at": attempt.started_at,
        "answered_at": [response.answered_at for response in responses],
    }


# Transactional: migrations change the schema, which a test wrapped in a transaction cannot
# undo on every database. Its rows are its own; the flush after it empties the database, and the
# tests that run after transactional ones load the shipped content themselves.
@pytest.mark.django_db(transaction=True)
def test_a_term_of_results_survives_the_upgrade_from_release_0_1_0():
    leaves = latest()
    try:
        executor = migrate([OLDEST_SUPPORTED])
        made = fill_release_0_1_0(executor.loader.project_state([OLDEST_SUPPORTED]).apps)
    finally:
        migrate(leaves)

    question_set = QuestionSet.objects.get(pk=made["set"])
    assert (question_set.slug, question_set.title, question_set.owner.username) == (
        "upgrade-set",
        "Kept across the upgrade",
        "upgrade-teacher",
    )
    questions = list(Question.objects.filter(question_set=question_set).order_by("position"))
    assert [q.pk for q in questions] == made["questions"]
    assert [(q.prompt, q.section.slug, q.source.key) for q in questions] == [
        ("Question 1?", "upgrade-section", "upgrade-source"),
        ("Question 2?", "upgrade-section", "upgrade-source"),
    ]
    for question, choice_ids in zip(questions, made["choices"], strict=True):
        assert list(
            Choice.objects.filter(question=question)
            .order_by("position")
            .values_list("pk", "text", "is_correct")
        ) == [(choice_ids[0], "Choice 1", True), (choice_ids[1], "Choice 2", False)]

    assignment = Assignment.objects.get(pk=made["assignment"])
    assert (assignment.title, assignment.join_code, assignment.closes_at, assignment.reveal) == (
        "Year 10, spring term",
        "ABCDEFGH",
        CLOSES,
        "after_close",
    )
    attempt = Attempt.objects.get(pk=made["attempt"])
    assert attempt.assignment_id == assignment.pk
    assert (attempt.display_name, attempt.student_key, attempt.seed) == (
        "Olena",
        "upgrade-student",
        7,
    )
    assert attempt.question_ids == made["questions"]
    assert (attempt.answered_count, attempt.score) == (2, 1.0)
    assert attempt.started_at == made["started_at"]
    assert attempt.finished_at == CLOSES - datetime.timedelta(days=1)

    answers = list(Answer.objects.filter(attempt=attempt).order_by("pk"))
    assert [a.pk for a in answers] == made["responses"]
    assert [(a.question_id, a.selected, a.score) for a in answers] == [
        (made["questions"][0], [made["choices"][0][0]], 1.0),
        (made["questions"][1], [made["choices"][1][1]], 0.0),
    ]
    assert [a.answered_at for a in answers] == made["answered_at"]
    assert list(attempt.answers.order_by("pk")) == answers

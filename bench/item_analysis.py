"""Time the results of one assignment: 1,000 finished attempts of a 15-question set.

Run: .venv/bin/python bench/item_analysis.py [--attempts 1000] [--questions 15]
It builds its own throwaway SQLite database (or uses DATABASE_URL if set) and prints its numbers;
BENCH_PROFILE=1 prints a cProfile report of one run first.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="bench-analysis-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "true"  # development settings: no secrets needed here
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from quizzes.classroom.analysis import assignment_results
    from quizzes.models import Answer, Assignment, Attempt, Choice, Question, QuestionSet

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    source = QuestionSet.objects.first().questions.first().source
    section = QuestionSet.objects.first().questions.first().section
    question_set = QuestionSet.objects.create(
        slug="bench", title="Bench", topic="t", description="d", is_published=True
    )
    questions = Question.objects.bulk_create(
        Question(question_set=question_set, position=i, kind="single", prompt=f"Q{i}",
                 explanation="e", source=source, section=section)
        for i in range(1, args.questions + 1)
    )  # fmt: skip
    choices = Choice.objects.bulk_create(
        Choice(question=q, position=p, text=f"C{p}", is_correct=p == 1)
        for q in questions
        for p in range(1, 5)
    )
    by_question = {}
    for choice in choices:
        by_question.setdefault(choice.question_id, []).append(choice)
    owner = get_user_model().objects.create_user("bench-teacher")
    assignment = Assignment.objects.create(title="Bench", question_set=question_set, owner=owner)
    now = timezone.now()
    rng = random.Random(1)
    attempts = Attempt.objects.bulk_create(
        Attempt(question_set=question_set, assignment=assignment, display_name=f"S{i}",
                student_key=f"k{i}", question_ids=[q.pk for q in questions], seed=i,
                answered_count=len(questions), started_at=now, finished_at=now)
        for i in range(args.attempts)
    )  # fmt: skip
    responses = []
    for attempt in attempts:
        ability = rng.random()
        score = 0
        for question in questions:
            right = rng.random() < ability
            choice = by_question[question.pk][0 if right else rng.randrange(1, 4)]
            responses.append(
                Answer(attempt=attempt, question=question, selected=[choice.pk],
                         score=1.0 if right else 0.0)
            )  # fmt: skip
            score += right
        attempt.score = score
    Attempt.objects.bulk_update(attempts, ["score"], batch_size=500)
    Answer.objects.bulk_create(responses, batch_size=2000)

    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx("assignment_results(assignment)", globals(), locals(), sort="cumtime")
    timings = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            results = assignment_results(assignment)
            timings.append(time.perf_counter() - start)
    flagged = sum(row.flagged for row in results.questions)
    print(f"item analysis: {args.attempts} attempts x {args.questions} questions "
          f"({len(responses)} responses) on {connection.vendor}")  # fmt: skip
    print(f"  queries: {len(queries)}")
    print(f"  time: best {min(timings):.3f} s, worst {max(timings):.3f} s over {args.repeat} runs")
    print(
        f"  flagged questions: {flagged}; target < 1 s: {'met' if max(timings) < 1 else 'MISSED'}"
    )
    workdir.cleanup()


if __name__ == "__main__":
    main()

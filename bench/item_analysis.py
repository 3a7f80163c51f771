"""Time the results of one assignment: 1,000 finished attempts of a 15-question set.

Run: .venv/bin/python bench/item_analysis.py [--attempts 1000] [--questions 15] [--repeat 5]
It builds its own throwaway SQLite database (or uses DATABASE_URL if set): the set with the tests'
factories, each attempt started and answered through quizzes.services as a student's would be
(untimed), and prints its numbers; BENCH_PROFILE=1 prints a cProfile report of one run first.
"""

import os
import random
import sys
import time

from common import arguments, django_with_content, heading


def finished_attempts(assignment, count, rng):
    """``count`` students who each answered every question, each right with their own chance."""
    from django.db import reset_queries, transaction

    from quizzes.services import attempt_answer, attempt_start

    questions = list(assignment.question_set.questions.prefetch_related("choices"))
    with transaction.atomic():  # one commit for the lot: the setup is not what is measured
        for number in range(count):
            reset_queries()  # as each request does; DEBUG's query log would overflow otherwise
            attempt = attempt_start(
                question_set=assignment.question_set,
                student_key=f"bench-{number}",
                assignment=assignment,
                display_name=f"S{number}",
            )
            ability = rng.random()
            for question in questions:
                choices = list(question.choices.all())
                right = [c for c in choices if c.is_correct]
                wrong = [c for c in choices if not c.is_correct]
                picked = right[0] if rng.random() < ability else rng.choice(wrong)
                attempt_answer(
                    attempt=attempt, question=question, choices=choices, selected=[picked.pk]
                )


def main():
    parser = arguments(__doc__)
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with django_with_content("analysis"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from quizzes.classroom.analysis import assignment_results
        from quizzes.models import Answer, Assignment
        from tests.factories import make_question_set, make_teacher

        question_set = make_question_set(questions=args.questions, kinds=("single",))
        assignment = Assignment.objects.create(
            title="Bench", question_set=question_set, owner=make_teacher("bench-teacher")
        )
        finished_attempts(assignment, args.attempts, random.Random(1))
        answers = Answer.objects.filter(attempt__assignment=assignment).count()

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
        heading(
            "item analysis",
            f"{args.attempts} attempts x {args.questions} questions ({answers} responses) "
            f"on {connection.vendor}",
        )
    print(f"  queries: {len(queries)}")
    print(f"  time: best {min(timings):.3f} s, worst {max(timings):.3f} s over {args.repeat} runs")
    print(
        f"  flagged questions: {flagged}; target < 1 s: {'met' if max(timings) < 1 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

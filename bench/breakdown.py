"""Where the server's time goes on a question page and on an answer.

Run: .venv/bin/python bench/breakdown.py [--requests 300] [--database sqlite|postgres]

In-process, with the production settings on a throwaway database (as the other benchmarks make
it): --requests students, each with their own session and attempt, load their
first question (GET), answer it with htmx, then answer the second one with the plain form (both
form-encoded, as a browser sends them), while the parts of the view are timed with
time.process_time (CPU time of this process; nothing else runs in it). "Django and middleware" is
the rest of the time inside the request handler: the middleware stack, URL resolving, the form,
and the view's own code. Times are per request, from the best of three rounds.
"""

import random
import sys
import time
from collections import defaultdict

from common import Site, arguments, heading, load, table

QUIZ = "the-proposals"
PARTS = {
    "own_attempt": "load the attempt with its set and assignment (1 query)",
    "load_question": "load the question and its choices (2 queries, then cached)",
    "answer_to": "look up an earlier answer (1 query; none before the first answer)",
    "hidden_until": "whether an open assignment hides the answers (1 query, with feedback)",
    "attempt_answer": "record the answer (INSERT + UPDATE in a transaction)",
    "render": "render the template (or fill in the page or fragment kept whole)",
}


def main():
    parser = arguments(__doc__, databases=("sqlite", "postgres"))
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    if not 10 <= args.requests <= 1000:
        parser.error("--requests takes 10 to 1000")

    with Site("breakdown", database=args.database) as site:
        from django.core.handlers.base import BaseHandler
        from django.test import Client

        from quizzes import rendered, views
        from quizzes.models import QuestionSet
        from tests.factories import Student

        spent = defaultdict(float)

        def timed(name, func):
            def wrapper(*a, **kw):
                start = time.process_time()
                try:
                    return func(*a, **kw)
                finally:
                    spent[name] += time.process_time() - start

            return wrapper

        for name in PARTS:
            setattr(views, name, timed(name, getattr(views, name)))
        rendered.whole = timed("render", rendered.whole)  # a question page's too
        BaseHandler.get_response = timed("total", BaseHandler.get_response)

        rng = random.Random(1)
        question_set = QuestionSet.objects.get(slug=QUIZ)

        def start():
            student = Student(Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
            return student, student.start(question_set)

        def some_answer(student, attempt, number):
            """Right or wrong at random, as the form sends it."""
            answer = rng.choice([student.right_answer, student.wrong_answer])
            return answer(attempt, number)

        def measure(kind, students, send, status):
            spent.clear()
            for student, attempt in students:
                reply = send(student, attempt)
                if reply.status_code != status:
                    raise SystemExit(f"{kind}: HTTP {reply.status_code}")
            rounds[kind].append({k: v / len(students) for k, v in spent.items()})

        def question_page(student, attempt):
            return student.page(attempt, 1)

        def htmx_answer(student, attempt):
            data = some_answer(student, attempt, 1)
            return student.answer(attempt, 1, data, headers={"HX-Request": "true"})

        def plain_answer(student, attempt):
            return student.answer(attempt, 2, some_answer(student, attempt, 2))

        kinds = ["question page (GET)", "answer (htmx POST)", "answer (POST, no JS)"]
        rounds = defaultdict(list)
        for _ in range(3):
            students = [start() for _ in range(args.requests)]
            measure(kinds[0], students, question_page, 200)
            measure(kinds[1], students, htmx_answer, 200)
            for student, attempt in students:
                student.page(attempt, 2)  # as a browser shows it before it is answered; untimed
            measure(kinds[2], students, plain_answer, 302)
        best = {kind: min(rounds[kind], key=lambda r: r["total"]) for kind in kinds}

        heading(
            "breakdown",
            site.describe(),
            f"in-process, production settings; {args.requests} requests of each kind per round, "
            "best of three rounds",
        )
        rows = []
        for name, label in [*PARTS.items(), ("rest", "Django and middleware (the rest)")]:
            row = [label]
            for kind in kinds:
                part = best[kind]
                value = (
                    part["total"] - sum(part.get(n, 0) for n in PARTS)
                    if name == "rest"
                    else (part.get(name, 0))
                )
                row.append(f"{value * 1000:.2f} ({value / part['total']:.0%})" if value else "-")
            rows.append(row)
        rows.append(["whole request (CPU ms)", *(f"{best[k]['total'] * 1000:.2f}" for k in kinds)])
        print(table(["part", *kinds], rows))
        print(f"  load average after: {load()}")
        return 0


if __name__ == "__main__":
    sys.exit(main())

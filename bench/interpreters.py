"""Two builds of Python against each other: the CPU time of a question page and an answer, in turn.

Run: .venv/bin/python bench/interpreters.py OTHER_PYTHON [--rounds 10] [--students 100]

OTHER_PYTHON is the python of another virtualenv with the project installed, for example one made
with Debian's python3: make PYTHON=/usr/bin/python3 VENV=.venv-debian .venv-debian/.installed-dev

Each interpreter runs this script as a worker (--worker) in its own process: a throwaway copy of
the site (production settings, SQLite, as the other benchmarks make it), warmed up by one round,
with what it has loaded then frozen for the garbage collector, as gunicorn.conf.py does.
Then the two are asked in turn, --rounds times, to serve --students question pages (GET) and
answers (htmx POST, form-encoded as a browser sends it) in-process, as bench/breakdown.py does, and
each reports the CPU time per request spent in Django's request handler (time.process_time; nothing
else runs in the process). The interpreter that goes first changes every round, and only one
worker works at a time. The ratio of each round is taken between runs seconds apart, so a machine
whose speed moves from minute to minute still compares the two fairly; the median of the ratios
is the result.
"""

import gc
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from common import ROOT, Site, arguments, heading, interpreter, table

QUIZ = "the-proposals"
# Every worker stops by then, whatever happens (--rounds and --students are bounded too).
DEADLINE_SECONDS = 20 * 60


def main():
    parser = arguments(__doc__)
    parser.add_argument("other", nargs="?", help="the python of another virtualenv")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--worker", action="store_true", help="(used by the script itself)")
    args = parser.parse_args()
    if not 2 <= args.rounds <= 40:
        parser.error("--rounds takes 2 to 40")
    if not 20 <= args.students <= 500:
        parser.error("--students takes 20 to 500")
    if args.worker:
        return worker(args.students)
    if not args.other:
        parser.error("name the other interpreter (the python of another virtualenv)")
    if not Path(args.other).exists():
        parser.error(f"{args.other}: no such file")
    return compare([sys.executable, args.other], args.rounds, args.students)


def compare(pythons, rounds, students):
    command = [__file__, "--worker", "--students", str(students)]
    workers = [
        subprocess.Popen(
            [python, *command], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for python in pythons
    ]
    watchdog = threading.Timer(DEADLINE_SECONDS, lambda: [w.terminate() for w in workers])
    watchdog.daemon = True
    watchdog.start()
    try:
        names = [reply(w, "ready") for w in workers]
        results = [[] for _ in workers]
        for number in range(rounds):
            order = range(len(workers)) if number % 2 == 0 else reversed(range(len(workers)))
            for index in order:
                workers[index].stdin.write("round\n")
                workers[index].stdin.flush()
                question, answer = map(float, reply(workers[index], "round").split())
                results[index].append((question, answer))
    finally:
        watchdog.cancel()
        for w in workers:
            if w.stdin and not w.stdin.closed:
                w.stdin.close()
        for w in workers:
            try:
                w.wait(timeout=60)
            except subprocess.TimeoutExpired:
                w.terminate()

    heading(
        "interpreters",
        f"in-process, production settings, SQLite; {students} question pages and {students} "
        f"answers per round and interpreter; {rounds} rounds, in turn",
        *(f"{letter}: {name}" for letter, name in zip("AB", names, strict=False)),
    )
    rows = []
    for number, ((qa, aa), (qb, ab)) in enumerate(zip(*results, strict=True), start=1):
        rows.append([number, f"{qa:.2f}", f"{qb:.2f}", f"{qb / qa:.2f}", f"{aa:.2f}", f"{ab:.2f}",
                     f"{ab / aa:.2f}"])  # fmt: skip
    ratios = [
        statistics.median(b[part] / a[part] for a, b in zip(*results, strict=True))
        for part in (0, 1)
    ]
    headers = ["round", "question A", "question B", "B / A", "answer A", "answer B", "B / A"]
    print(table(headers, rows))
    print(
        f"  CPU ms per request in Django's handler; median B / A: question page {ratios[0]:.2f}, "
        f"answer {ratios[1]:.2f}"
    )
    return 0


def reply(worker, kind):
    """The worker's next line of ``kind`` (its other output, such as warnings, is passed on)."""
    for line in worker.stdout:
        if line.startswith(kind + " "):
            return line[len(kind) + 1 :].strip()
        print(line, end="", file=sys.stderr)
    raise SystemExit(f"a worker stopped before it was done (exit status {worker.wait()})")


def worker(students):
    with Site("interpreters"):
        from django.core.handlers.base import BaseHandler
        from django.test import Client

        from quizzes.models import QuestionSet
        from tests.factories import Student

        spent = {"question": 0.0, "answer": 0.0}
        timing = {"on": None}
        handle = BaseHandler.get_response

        def timed(self, request):
            if timing["on"] is None:
                return handle(self, request)
            start = time.process_time()
            try:
                return handle(self, request)
            finally:
                spent[timing["on"]] += time.process_time() - start

        BaseHandler.get_response = timed
        question_set = QuestionSet.objects.get(slug=QUIZ)
        rng = random.Random(1)  # the same answers in both workers

        def one_round():
            started = []
            for _ in range(students):
                student = Student(Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
                started.append((student, student.start(question_set)))
            spent.update(question=0.0, answer=0.0)
            for student, attempt in started:
                timing["on"] = "question"
                page = student.page(attempt, 1)
                answer = rng.choice([student.right_answer, student.wrong_answer])(attempt, 1)
                timing["on"] = "answer"
                answered = student.answer(
                    attempt,
                    1,
                    urlencode(answer, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                    headers={"HX-Request": "true"},
                )
                timing["on"] = None
                if page.status_code != 200 or answered.status_code != 200:
                    raise SystemExit(f"HTTP {page.status_code}, {answered.status_code}")
            return spent["question"] * 1000 / students, spent["answer"] * 1000 / students

        one_round()
        # As gunicorn.conf.py does before it forks a worker: what is loaded by now stays, and the
        # full garbage collections of the rounds need not walk it again and again.
        gc.freeze()
        print(f"ready Python {sys.version.split()[0]} ({interpreter()})", flush=True)
        for _ in sys.stdin:
            question, answer = one_round()
            print(f"round {question:.4f} {answer:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
is the result. Both workers use the same answers and the same PYTHONHASHSEED; each is one process
for the whole run, so run it in both orders (this interpreter as A, then as B), and the same
interpreter against itself to see how far the machine alone moves the ratio. The test client does
not check CSRF tokens: the milliseconds are for comparing, not for the targets (bench/targets.py).
"""

import argparse
import contextlib
import gc
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

from common import (
    ROOT,
    Site,
    arguments,
    die_with_parent,
    exit_on_signal,
    heading,
    interpreter,
    table,
)

QUIZ = "the-proposals"
# Every worker is stopped by then, whatever happens; --rounds × --students is bounded to fit.
DEADLINE_SECONDS = 20 * 60
MOST_REQUESTS = 4000  # rounds × students: about 45 ms a student and worker, 6 minutes in all


def main():
    parser = arguments(__doc__)
    parser.add_argument("other", nargs="?", help="the python of another virtualenv")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 2 <= args.rounds <= 40:
        parser.error("--rounds takes 2 to 40")
    if not 20 <= args.students <= 500:
        parser.error("--students takes 20 to 500")
    if args.worker:
        if sys.stdin is None or sys.stdin.isatty():
            parser.error("--worker is how the script starts its own workers")
        return worker(args.students)
    if args.rounds * args.students > MOST_REQUESTS:
        parser.error(f"--rounds × --students takes at most {MOST_REQUESTS}")
    if not args.other:
        parser.error("name the other interpreter (the python of another virtualenv)")
    other = shutil.which(args.other)  # a name on PATH, or a path from here
    if other is None or not os.path.isfile(other):
        parser.error(f"{args.other}: not an executable file")
    signal.signal(signal.SIGTERM, exit_on_signal)
    try:
        return compare([sys.executable, os.path.abspath(other)], args.rounds, args.students)
    except KeyboardInterrupt:
        return 130


class Worker:
    """This script with --worker under one interpreter, and the lines it sends back."""

    def __init__(self, python, students, expired):
        self.python = python
        self.expired = expired  # set when the time limit killed the workers
        self.folder = None  # its throwaway site, named as soon as it is made
        self.process = subprocess.Popen(
            [python, __file__, "--worker", "--students", str(students)],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=die_with_parent,
        )

    def ask(self):
        try:
            self.process.stdin.write("round\n")
            self.process.stdin.flush()
        except OSError:
            self.stopped()

    def reply(self, kind):
        """The worker's next line of ``kind`` (other output, such as warnings, is passed on)."""
        for line in self.process.stdout:
            if line.startswith("folder "):
                self.folder = line[len("folder ") :].rstrip("\n")
            elif line.startswith(kind + " "):
                return line[len(kind) + 1 :].strip()
            else:
                print(line, end="", file=sys.stderr)
        self.stopped()

    def stopped(self):
        why = f"the time limit of {DEADLINE_SECONDS} s" if self.expired.is_set() else "it failed"
        status = self.process.wait()
        raise SystemExit(f"the worker on {self.python} stopped ({why}; exit status {status})")

    def end(self):
        """Close its input, which stops it; kill it if it does not; remove its folder."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.folder is None:  # it may have died before it was asked anything
            for line in self.process.stdout:
                if line.startswith("folder "):
                    self.folder = line[len("folder ") :].rstrip("\n")
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def compare(pythons, rounds, students):
    workers = []
    expired = threading.Event()

    def stop_all():
        expired.set()
        for w in workers:
            w.process.kill()

    watchdog = threading.Timer(DEADLINE_SECONDS, stop_all)
    watchdog.daemon = True
    watchdog.start()
    try:
        for python in pythons:
            workers.append(Worker(python, students, expired))
        names = [w.reply("ready") for w in workers]
        results = [[] for _ in workers]
        for number in range(rounds):
            order = range(len(workers)) if number % 2 == 0 else reversed(range(len(workers)))
            for index in order:
                workers[index].ask()
                results[index].append(tuple(map(float, workers[index].reply("round").split())))
    except OSError as error:
        raise SystemExit(f"could not run a worker: {error}") from None
    finally:
        watchdog.cancel()
        for w in workers:
            w.end()

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


def worker(students):
    # Ctrl-C is the script's to answer: it ends the workers by closing their input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    site = Site("interpreters")
    print(f"folder {site.workdir}", flush=True)  # for the script to remove, should this one die
    with site:
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
                answered = student.answer(attempt, 1, answer, headers={"HX-Request": "true"})
                timing["on"] = None
                if page.status_code != 200 or answered.status_code != 200:
                    raise SystemExit(f"HTTP {page.status_code}, {answered.status_code}")
            return spent["question"] * 1000 / students, spent["answer"] * 1000 / students

        one_round()
        # As gunicorn.conf.py does before it forks a worker: what is loaded by now stays, and the
        # full garbage collections of the rounds need not walk it again and again.
        gc.freeze()
        import django

        print(
            f"ready Python {sys.version.split()[0]} ({interpreter()}), Django "
            f"{django.get_version()}, SQLite {sqlite3.sqlite_version}",
            flush=True,
        )
        for _ in sys.stdin:
            question, answer = one_round()
            print(f"round {question:.4f} {answer:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

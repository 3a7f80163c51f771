"""Burst: a class presses "Check answer" at the same instant.

Run: .venv/bin/python bench/burst.py [--students 30,100,300] [--database sqlite|postgres]
                                     [--plain] [--smoke]

Burst sizes go up to 1000; the targets are checked for 300 (p95 <= 0.7 s) and 1000 (p95 <= 2.5 s).

Each student has their own session and attempt: it opens a quiz, presses Start and loads the first
question (a few at a time, untimed). Then every student's thread waits on one threading.Barrier
and, released together, opens a connection and POSTs an answer, as htmx sends it (--plain: the
form without JavaScript, answered by a redirect). Afterwards the database must hold exactly one
response per student. The site is a throwaway copy served by gunicorn with gunicorn.conf.py and
the production settings on 127.0.0.1, with its own database; everything is removed at the end.

Latency is one request's time, from just before it connects to its last byte; "all answered" is
the time from the release to the last answer. The client runs on the same machine as the server.
--smoke checks correctness only (no errors, every response recorded) and never time; any failure
makes the exit status 1, with or without --smoke.
"""

import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import (
    Browser,
    Page,
    Site,
    arguments,
    exit_status,
    first_question,
    gunicorn_shape,
    heading,
    load,
    ms,
    percentile,
    table,
)

QUIZ = "the-proposals"  # question 1 is a single-choice question
TARGETS = {300: 0.7, 1000: 2.5}  # seconds, p95 of a burst of this many students


def prepare(port, count, *, seed, timeout):
    """Students with an attempt each, on the first question's page, answer chosen."""

    def one(i):
        rng = random.Random(seed * 100_000 + i)
        browser = Browser(port, timeout=timeout)
        attempt_id, path, reply = first_question(browser, QUIZ)
        browser.close()
        fields = Page(reply.text).answer(rng)
        return {"browser": browser, "attempt": attempt_id, "path": path, "fields": fields}

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


def burst(server, students, *, htmx, timeout):
    """Release every student at once; returns (latencies, errors, seconds until the last)."""
    count = len(students)
    barrier = threading.Barrier(count + 1)
    latencies = [None] * count
    errors = [None] * count
    finished = [None] * count

    def press(i):
        student = students[i]
        try:
            barrier.wait(timeout=120)
        except threading.BrokenBarrierError:
            errors[i] = "not released (barrier broken)"
            return
        try:
            reply = student["browser"].post(
                student["path"], student["fields"], referer=student["path"], htmx=htmx, fresh=True
            )
        except Exception as error:  # a refused, reset or timed-out connection is an error
            errors[i] = f"{type(error).__name__}: {error}"
            return
        finally:
            finished[i] = time.perf_counter()
        latencies[i] = reply.elapsed
        if htmx:
            ok = reply.status == 200 and 'class="feedback' in reply.text
        else:
            ok = reply.status == 302 and reply.location == student["path"]
        if not ok:
            errors[i] = f"HTTP {reply.status}"

    threads = [threading.Thread(target=press, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    cpu_before = server.cpu_seconds()
    client_before = time.process_time()
    barrier.wait(timeout=120)
    released = time.perf_counter()
    deadline = released + timeout + 10
    for thread in threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    for i, thread in enumerate(threads):
        if thread.is_alive():
            errors[i] = errors[i] or "no answer before the time limit"
    cpu = server.cpu_seconds() - cpu_before
    client_cpu = time.process_time() - client_before
    done = [t for t in finished if t is not None]
    last = (max(done) - released) if done else None
    return [x for x in latencies if x is not None], [e for e in errors if e], last, cpu, client_cpu


def recorded(students):
    """Responses in the database for these students' attempts: (total, attempts with exactly 1)."""
    from django.db.models import Count

    from quizzes.models import Answer, Attempt

    ids = [student["attempt"] for student in students]
    per_attempt = dict(
        Answer.objects.filter(attempt_id__in=ids)
        .values_list("attempt_id")
        .annotate(n=Count("id"))
        .values_list("attempt_id", "n")
    )
    exactly_one = sum(per_attempt.get(i) == 1 for i in ids)
    counted = Attempt.objects.filter(pk__in=ids, answered_count=1).count()
    return sum(per_attempt.values()), min(exactly_one, counted)


def main():
    parser = arguments(__doc__, databases=("sqlite", "postgres"), seed=True)
    parser.add_argument("--students", default="30,100,300", help="comma-separated burst sizes")
    parser.add_argument("--plain", action="store_true", help="POST without htmx (302 answer)")
    parser.add_argument("--smoke", action="store_true", help="correctness only: no timing target")
    parser.add_argument("--timeout", type=float, default=60, help="seconds one request may take")
    args = parser.parse_args()
    sizes = [int(n) for n in args.students.split(",") if n.strip()]
    if not sizes or min(sizes) < 1 or max(sizes) > 1000:
        parser.error("--students takes burst sizes from 1 to 1000")

    htmx = not args.plain
    with Site("burst", database=args.database) as site:
        server = site.serve()
        heading(
            "burst",
            site.describe(),
            f"{gunicorn_shape()}, answer POST "
            f"{'with HX-Request (htmx fragment)' if htmx else 'without htmx (302)'}",
        )
        if site.postgres is not None:
            print("  (server CPU is gunicorn's; PostgreSQL's own processes are not counted)")
        rows, failures, targets = [], [], []
        for round_number, size in enumerate(sizes, start=1):
            students = prepare(server.port, size, seed=round_number + args.seed, timeout=60)
            load_before = load().split()[0]
            latencies, errors, last, cpu, client_cpu = burst(
                server, students, htmx=htmx, timeout=args.timeout
            )
            total, exactly_one = recorded(students)
            p95 = percentile(latencies, 0.95)
            rows.append(
                [
                    size,
                    len(errors),
                    f"{total} ({exactly_one} attempts with 1)",
                    ms(percentile(latencies, 0.5)),
                    ms(p95),
                    ms(max(latencies, default=None)),
                    ms(last),
                    f"{cpu * 1000 / size:.1f}",
                    f"{client_cpu * 1000 / size:.1f}",
                    load_before,
                ]
            )
            if errors:
                kinds = sorted(set(errors))
                failures.append(f"{size} students: {len(errors)} errors, e.g. {kinds[:3]}")
            if total != size or exactly_one != size:
                failures.append(f"{size} students: {total} responses recorded, expected {size}")
            if size in TARGETS:
                ok = not errors and total == size == exactly_one
                met = ok and p95 is not None and p95 <= TARGETS[size]
                targets.append(
                    f"target, burst of {size}: 0 errors, exactly {size} recorded and p95 <= "
                    f"{TARGETS[size] * 1000:.0f} ms: {'met' if met else 'MISSED'}"
                )
        print(
            table(
                [
                    "students",
                    "errors",
                    "responses recorded",
                    "p50 ms",
                    "p95 ms",
                    "max ms",
                    "all answered ms",
                    "server CPU ms/answer",
                    "client CPU ms/answer",
                    "load",
                ],
                rows,
            )
        )
        if args.smoke:
            print("smoke:", "FAILED" if failures else "ok (correctness only, time not checked)")
        else:
            print("\n".join(targets))
        return exit_status("burst", failures)


if __name__ == "__main__":
    sys.exit(main())

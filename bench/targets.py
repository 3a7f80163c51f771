"""Targets: server CPU per request of the pages a class uses most, against the floor, in one run.

Run: .venv/bin/python bench/targets.py [--seconds 5] [--clients 8] [--unfrozen]

One throwaway copy of the site (SQLite, gunicorn with gunicorn.conf.py, production settings, on
127.0.0.1; served through bench/floor_wsgi.py, which adds only its /bench/ pages). --clients
clients send requests back to back, without thinking, for --seconds (after 1 second of warm-up) to
one page at a time, as bench/steady.py's part 2 does: gunicorn alone (/bench/gunicorn/, a few bytes
that Django never sees: the part of every request no change to the site can take off), the floor
(/healthz: the middleware and one "SELECT 1"), a question page (GET), an answer (htmx POST), a
student's results page of a 20-question quiz, a teacher's results page of a class of 30 students
who each answered the same 20 questions (/admin/quizzes/assignment/<id>/results/), and the floor
again. Server CPU is gunicorn's (master and workers) over each measured window, divided by the
requests served in it. Each row is printed against its target; the exit status is 1 if a request
failed, not when a target is missed (the machine is shared; see docs/performance.md). Then the
workers' garbage collection over the whole run: its passes, their CPU time and their share of the
server's CPU. --unfrozen undoes gunicorn.conf.py's ``gc.freeze()`` in each worker, to compare.

The bursts of the same table take minutes each; the commands that measure them are printed at
the end (bench/burst.py).
"""

import json
import queue
import random
import sys
from concurrent.futures import ThreadPoolExecutor

from common import (
    Browser,
    Page,
    Site,
    arguments,
    exit_status,
    expect,
    gunicorn_shape,
    heading,
    load,
    ms,
    percentile,
    table,
)
from live_class import PASSWORD, make_teacher
from steady import CAPACITY_QUIZ, closed_loop, question_shapes, ready_sessions, student_pages

CLASS_SIZE = 30
# (page, target in CPU ms per request, target as a multiple of the floor or None)
TARGETS = {
    "gunicorn alone, without Django": (None, None),
    "floor (/healthz)": (None, None),
    "question page (GET)": (2.0, 3.0),
    "answer (htmx POST)": (2.5, None),
    "student results page, 20 questions": (5.0, None),
    f"teacher results page, {CLASS_SIZE} students x 20 questions": (50.0, None),
    "floor (/healthz), again": (None, None),
}
BURSTS = [
    (
        "burst of 300 at once, SQLite (5 runs)",
        "for i in 1 2 3 4 5; do .venv/bin/python bench/burst.py --students 300; done",
        "p95 <= 0.7 s in 5 of 5 runs, 0 errors, exactly 300 recorded",
    ),
    (
        "burst of 1,000 at once, SQLite",
        ".venv/bin/python bench/burst.py --students 1000",
        "0 errors, exactly 1,000 recorded, p95 <= 2.5 s",
    ),
    (
        "burst of 1,000 at once, PostgreSQL",
        ".venv/bin/python bench/burst.py --students 1000 --database postgres",
        "0 errors, exactly 1,000 recorded, p95 <= 2.5 s",
    ),
]


def a_class(question_set_slug, size, rng):
    """An assignment of the set with ``size`` students who answered every question (in this
    process, through the site's own views); returns the assignment and its teacher's name."""
    from django.test import Client

    from quizzes.models import Assignment, Attempt, QuestionSet
    from tests.factories import Student

    teacher = make_teacher("targets-teacher")
    question_set = QuestionSet.objects.get(slug=question_set_slug)
    assignment = Assignment.objects.create(
        title="Targets class", question_set=question_set, owner=teacher
    )
    for i in range(size):
        student = Student(Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
        joined = student.client.post("/join/", {"code": assignment.join_code, "name": f"S{i}"})
        if joined.status_code != 302:
            raise SystemExit(f"joining the class: HTTP {joined.status_code}")
        attempt = Attempt.objects.filter(assignment=assignment).latest("pk")
        for number in range(1, attempt.total + 1):
            answer = rng.choice([student.right_answer, student.wrong_answer])
            reply = student.answer(attempt, number, answer(attempt, number))
            if reply.status_code != 302:
                raise SystemExit(f"answering question {number}: HTTP {reply.status_code}")
    return assignment, teacher.username


def signed_in_teacher(port, username):
    browser = Browser(port, timeout=60)
    page = Page(browser.get("/admin/login/").text)
    fields = [
        ("csrfmiddlewaretoken", page.csrf),
        ("username", username),
        ("password", PASSWORD),
        ("next", "/admin/"),
    ]
    expect(browser.post("/admin/login/", fields, referer="/admin/login/"), 302, "sign in")
    return browser


def garbage_collection(port, server_cpu: float) -> str:
    """Each worker's garbage collection since its fork (bench/floor_wsgi.py's /bench/gc/), summed:
    a new connection lands on any worker, so it asks on 50 new connections."""
    seen = {}
    for _ in range(50):
        stats = json.loads(Browser(port).get("/bench/gc/").text)
        seen[stats["pid"]] = stats
    line = [f"  garbage collection in {len(seen)} workers"]
    for kind in ("full", "young"):
        passes = sum(stats[kind]["passes"] for stats in seen.values())
        cpu_ms = sum(stats[kind]["cpu_ms"] for stats in seen.values())
        line.append(f"{kind} passes {passes}, {cpu_ms:.0f} ms ({cpu_ms / 10 / server_cpu:.1f} %)")
    frozen = ", ".join(str(stats["frozen"]) for stats in seen.values())
    return "; ".join(line) + f" of the server's CPU; objects frozen: {frozen}"


def main():
    parser = arguments(__doc__, seed=True)
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per page")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--unfrozen", action="store_true", help="undo gc.freeze() in the workers, to compare"
    )
    args = parser.parse_args()
    if not 1 <= args.seconds <= 60 or not 1 <= args.clients <= 64:
        parser.error("--seconds takes 1 to 60, --clients 1 to 64")

    rng = random.Random(args.seed)
    with Site("targets") as site:
        assignment, teacher = a_class(CAPACITY_QUIZ, CLASS_SIZE, rng)
        if args.unfrozen:
            site.env["BENCH_GC_UNFROZEN"] = "1"
        server = site.serve("bench.floor_wsgi")
        port = server.port
        heading(
            "targets",
            site.describe(),
            f"{gunicorn_shape()}; {args.clients} clients back to back, {args.seconds:g} s per page"
            + ("; gc.freeze() undone in the workers" if args.unfrozen else ""),
        )
        shapes = question_shapes(port)

        def browser_setup(_):
            return Browser(port)

        def floor_step(browser):
            reply = browser.get("/healthz")
            return reply, reply.status == 200

        def gunicorn_step(browser):
            reply = browser.get("/bench/gunicorn/")
            return reply, reply.status == 200 and reply.body.endswith(b"<p>ok</p>")

        sessions = queue.Queue()
        started_during = []  # sessions the answers started inside their window, if they ran out
        pages = student_pages(port, shapes, rng, sessions, started_during)

        teacher_path = f"/admin/quizzes/assignment/{assignment.pk}/results/"

        def teacher_setup(_):
            return signed_in_teacher(port, teacher)

        def teacher_step(browser):
            reply = browser.get(teacher_path)
            return reply, reply.status == 200 and b"S29" in reply.body

        steps = [
            (browser_setup, gunicorn_step),
            (browser_setup, floor_step),
            pages["question"],
            pages["answer"],
            pages["results"],
            (teacher_setup, teacher_step),
            (browser_setup, floor_step),
        ]
        rows, problems, measured = [], [], {}
        for name, (setup, step) in zip(TARGETS, steps, strict=True):
            if step is pages["answer"][1]:
                # Sessions enough for 1,000 answers a second, over the warm-up and the window; more
                # are started if they run out, and counted below.
                wanted = int(1000 * (args.seconds + 1) / len(shapes)) + args.clients
                with ThreadPoolExecutor(1) as pool:
                    for session in pool.submit(ready_sessions, port, min(wanted, 3000)).result():
                        sessions.put(session)
            load_before = load().split()[0]
            done, failures, cpu, _client = closed_loop(
                server, args.clients, args.seconds, setup, step
            )
            measured[name] = (cpu / max(1, len(done)), done, load_before)
            problems += [f"{name}: {failure}" for failure in failures[:5]]
            if not done:
                problems.append(f"{name}: no request finished")

        floors = [measured[name][0] for name in TARGETS if name.startswith("floor")]
        floor = sum(floors) / len(floors)
        for name, (ms_target, times_floor) in TARGETS.items():
            cpu_per, done, load_before = measured[name]
            if ms_target is None:
                target, status = "-", "-"
            else:
                met = cpu_per * 1000 <= ms_target and (
                    times_floor is None or cpu_per <= times_floor * floor
                )
                target = f"<= {ms_target:g} ms" + (
                    f" and <= {times_floor:g} x floor" if times_floor else ""
                )
                status = "met" if met else "MISSED"
            rows.append(
                [
                    name,
                    len(done),
                    ms(percentile(done, 0.95)),
                    f"{cpu_per * 1000:.2f}",
                    f"{cpu_per / floor:.1f}",
                    target,
                    status,
                    load_before,
                ]
            )
        print(
            table(
                [
                    "page",
                    "requests",
                    "p95 ms",
                    "server CPU ms/request",
                    "x floor",
                    "target",
                    "status",
                    "load",
                ],
                rows,
            )
        )
        print(f"  floor: the mean of its two runs, {floor * 1000:.2f} ms; load after: {load()}")
        if started_during:
            print(
                f"  answers: {len(started_during)} more students started the quiz while they were"
                " measured (3 requests each, in the answer's server CPU)"
            )
        print(garbage_collection(port, server.cpu_seconds()))
        print("Bursts (minutes each; run them one after another, not beside other benchmarks):")
        for name, command, target in BURSTS:
            print(f"  {name}: {command}\n    target: {target}")
        return exit_status("targets", problems)


if __name__ == "__main__":
    sys.exit(main())

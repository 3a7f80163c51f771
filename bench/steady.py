"""Steady load at a student's pace, then each page's capacity against the floor.

Run: .venv/bin/python bench/steady.py [--students 50] [--seconds 60] [--think 1,5]
                                      [--clients 16] [--capacity-seconds 10]
                                      [--database sqlite|postgres] [--skip-pace]
                                      [--pages floor,layout,query,question,answer,results]

Part 1, pace. --students simulated students, each part-way through a quiz as in a lesson under
way (a random number of its questions answered beforehand, untimed), arrive over the first 5
seconds and work for --seconds: for each question load the page, think, answer (the htmx POST),
think; at the end of a quiz load the results, then open another quiz and press Start. Each think
time is drawn uniformly from --think seconds. Reported per page: requests served, throughput and
latency.

Part 2, capacity and the floor. --clients clients send requests back to back, without thinking,
for --capacity-seconds (after 1 second of warm-up) to one page at a time: the floor (a trivial
Django view, bench/floor_wsgi.py), the floor plus the site's layout template, the floor plus one
ORM query, a question page, the answer POST (htmx, each to a question not yet answered, from
sessions started beforehand), a results page of 20 questions, and the floor again. Reported:
requests per second, latency, the server's CPU time per request (read from /proc for the
gunicorn master and its workers), and each page's ratio to the floor, by throughput and by CPU
time. The client runs on the same cores as the server, which lifts every throughput ratio
towards 1; the CPU time per request is the server's alone.

Failed requests are counted in the tables and do not change the exit status (burst.py and
two_servers.py are the correctness checks).

The site is a throwaway copy served by gunicorn with gunicorn.conf.py and the production
settings on 127.0.0.1, with its own database; everything is removed at the end.
"""

import queue
import random
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from common import (
    QUIZZES,
    BenchError,
    Browser,
    Page,
    Site,
    Stopwatch,
    arguments,
    expect,
    first_question,
    gunicorn_shape,
    heading,
    load,
    ms,
    percentile,
    start_quiz,
    table,
)

CAPACITY_QUIZ = "the-proposals"  # 20 questions, in a fixed order
MAX_ROUNDS = 100_000  # every loop also stops after this many rounds
PAGE_NAMES = {
    "layout": "floor + layout template",
    "query": "floor + one query",
    "question": "question",
    "answer": "answer",
    "results": "results",
    "floor": "floor",
}


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.messages = []

    def record(self, kind, reply, ok=None):
        ok = reply.status < 400 if ok is None else ok
        with self.lock:
            if ok:
                self.latencies[kind].append(reply.elapsed)
            else:
                self.errors[kind] += 1
                self.messages.append(f"{kind}: HTTP {reply.status}")

    def error(self, kind, message):
        with self.lock:
            self.errors[kind] += 1
            self.messages.append(f"{kind}: {message}")


# ---------------------------------------------------------------------------------------------
# Part 1: students at their own pace


def in_progress(port, number, seed):
    """A student part-way through a quiz, as in a lesson already under way: a session and an
    attempt started over HTTP, then a random number of its questions answered directly in the
    database (untimed). Returns the browser and the path of the first unanswered question."""
    from quizzes.models import Attempt, Question
    from quizzes.services import attempt_answer

    rng = random.Random(seed * 1000 + number)
    browser = Browser(port)
    attempt_id, _ = start_quiz(browser, rng.choice(QUIZZES))
    browser.close()
    attempt = Attempt.objects.select_related("question_set").get(pk=attempt_id)
    done = rng.randrange(attempt.total)
    for question in Question.objects.filter(pk__in=attempt.question_ids[:done]):
        choices = list(question.choices.all())
        if question.is_ordering:
            selected = [c.pk for c in rng.sample(choices, len(choices))]
        else:
            selected = [rng.choice(choices).pk]
        attempt_answer(attempt=attempt, question=question, choices=choices, selected=selected)
    return browser, attempt.question_url(done + 1)


def pace_student(student, number, watch, recorder, think, seed):
    browser, path = student
    rng = random.Random(seed * 1000 + number + 1)
    watch.sleep(rng.uniform(0, 5))
    for _ in range(MAX_ROUNDS):
        if watch.expired:
            break
        try:
            if path is None:
                _, path = start_quiz(browser, rng.choice(QUIZZES), record=recorder.record)
            for _ in range(100):  # questions in one quiz
                if watch.expired:
                    break
                reply = browser.get(path)
                page = Page(reply.text)
                recorder.record("question", reply, reply.status == 200 and page.has_question)
                expect(reply, 200, "question")
                watch.sleep(rng.uniform(*think))
                if watch.expired:
                    break
                reply = browser.post(path, page.answer(rng), referer=path, htmx=True)
                after = Page(reply.text)
                recorder.record("answer", reply, reply.status == 200 and bool(after.buttons))
                expect(reply, 200, "answer")
                watch.sleep(rng.uniform(*think))
                path = after.buttons[0]
                if path.endswith("/results/"):
                    if not watch.expired:
                        reply = browser.get(path)
                        recorder.record("results", reply, reply.status == 200)
                        watch.sleep(rng.uniform(*think))
                    break
        except (BenchError, OSError, IndexError) as error:
            recorder.error("student", f"{type(error).__name__}: {error}")
            watch.sleep(1)
        path = None
    return browser.retries


def pace(server, args):
    from django.db import connections

    students = [in_progress(server.port, i, args.seed) for i in range(args.students)]
    connections.close_all()
    recorder = Recorder()
    watch = Stopwatch(args.seconds)
    started = time.monotonic()
    cpu_before = server.cpu_seconds()
    with ThreadPoolExecutor(args.students) as pool:
        futures = [
            pool.submit(pace_student, student, i, watch, recorder, args.think, args.seed)
            for i, student in enumerate(students)
        ]
        retries = sum(f.result(timeout=args.seconds + 120) for f in futures)
    elapsed = time.monotonic() - started
    cpu = server.cpu_seconds() - cpu_before
    rows = []
    for kind in ("quiz page", "start", "question", "answer", "results"):
        values = recorder.latencies[kind]
        rows.append(
            [
                kind,
                len(values),
                recorder.errors[kind],
                f"{len(values) / elapsed:.1f}",
                ms(percentile(values, 0.5)),
                ms(percentile(values, 0.95)),
                ms(percentile(values, 0.99)),
                ms(max(values, default=None)),
            ]
        )
    total = sum(len(v) for v in recorder.latencies.values())
    print(
        f"\npart 1, pace: {args.students} students, think {args.think[0]:g}-{args.think[1]:g} s, "
        f"{args.seconds:g} s; {total} requests, {total / elapsed:.1f}/s; server CPU "
        f"{cpu / elapsed * 100:.0f}% of one core; {retries} retried connections"
    )
    headers = ["page", "served", "errors", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    print(table(headers, rows))
    if recorder.messages:
        print(f"  errors, e.g.: {sorted(set(recorder.messages))[:5]}")
    return sum(recorder.errors.values())


# ---------------------------------------------------------------------------------------------
# Part 2: capacity, against the floor


def ready_sessions(port, count):
    """Students who have started the capacity quiz: (browser, attempt path prefix, csrf token)."""

    def one(_):
        browser = Browser(port)
        _, path, reply = first_question(browser, CAPACITY_QUIZ)
        browser.close()
        return browser, path.rsplit("/", 2)[0], Page(reply.text).csrf

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


def question_shapes(port):
    """Each question's form (its kind and number of choices are the same in every attempt)."""
    browser = Browser(port)
    _, path = start_quiz(browser, CAPACITY_QUIZ)
    prefix, shapes = path.rsplit("/", 2)[0], []
    rng = random.Random(0)
    for number in range(1, 101):
        page_path = f"{prefix}/{number}/"
        reply = browser.get(page_path)
        if reply.status == 404:
            break
        expect(reply, 200, page_path)
        page = Page(reply.text)
        shapes.append(page)
        browser.post(page_path, page.answer(rng), referer=page_path, htmx=True)
    browser.close()
    return shapes


def closed_loop(server, clients, seconds, setup, step):
    """``clients`` threads call ``step`` back to back; measured after 1 s of warm-up."""
    with ThreadPoolExecutor(8) as pool:
        states = list(pool.map(setup, range(clients)))
    gate = threading.Barrier(clients + 1)
    done = []  # latencies of the requests that finished inside the window
    failures = []
    window = {}

    def client(state):
        gate.wait(timeout=60)
        for _ in range(MAX_ROUNDS):
            if time.monotonic() >= window["end"]:
                break
            try:
                reply, ok = step(state)
            except (BenchError, OSError) as error:
                failures.append(f"{type(error).__name__}: {error}")
                continue
            finished = time.monotonic()
            if not ok:
                failures.append(f"HTTP {reply.status}")
            elif window["start"] <= finished <= window["end"]:
                done.append(reply.elapsed)

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in states]
    for thread in threads:
        thread.start()
    window["start"] = time.monotonic() + 1.0
    window["end"] = window["start"] + seconds
    gate.wait(timeout=60)
    time.sleep(max(0.0, window["start"] - time.monotonic()))
    cpu_before, client_before = server.cpu_seconds(), time.process_time()
    time.sleep(max(0.0, window["end"] - time.monotonic()))
    cpu, client_cpu = server.cpu_seconds() - cpu_before, time.process_time() - client_before
    for thread in threads:
        thread.join(timeout=60)
    return done, failures, cpu, client_cpu


def student_pages(port, shapes, rng, sessions, extra) -> dict:
    """(setup, step) for closed_loop, by page: a question page (GET), an answer (htmx POST) and a
    results page of a quiz of ``shapes``. Answers use the started sessions queued in ``sessions``,
    and start one more when they run out, noting it in ``extra``."""

    def question_setup(_):
        browser = Browser(port)
        _, path = start_quiz(browser, CAPACITY_QUIZ)
        return browser, path

    def question_step(state):
        browser, path = state
        reply = browser.get(path)
        return reply, reply.status == 200 and b'name="choice"' in reply.body

    def answer_setup(_):
        return {"session": None, "number": len(shapes)}

    def answer_step(state):
        if state["number"] >= len(shapes):
            try:
                state["session"] = sessions.get_nowait()
            except queue.Empty:
                state["session"] = ready_sessions(port, 1)[0]
                extra.append(1)
            state["number"] = 0
        browser, prefix, csrf = state["session"]
        page = shapes[state["number"]]
        state["number"] += 1
        path = f"{prefix}/{state['number']}/"
        fields = [("csrfmiddlewaretoken", csrf), *page.answer(rng)[1:]]
        reply = browser.post(path, fields, referer=path, htmx=True)
        return reply, reply.status == 200 and b'class="feedback' in reply.body

    def results_setup(_):
        browser = Browser(port)
        attempt, path = start_quiz(browser, CAPACITY_QUIZ)
        for number, page in enumerate(shapes, start=1):
            path = f"/attempts/{attempt}/{number}/"
            fields = [("csrfmiddlewaretoken", browser.cookies["csrftoken"]), *page.answer(rng)[1:]]
            expect(browser.post(path, fields, referer=path, htmx=True), 200, path)
        return browser, f"/attempts/{attempt}/results/"

    def results_step(state):
        browser, path = state
        reply = browser.get(path)
        return reply, reply.status == 200 and b'class="score"' in reply.body

    return {
        "question": (question_setup, question_step),
        "answer": (answer_setup, answer_step),
        "results": (results_setup, results_step),
    }


def capacity(server, args):
    port = server.port
    shapes = question_shapes(port)
    rng = random.Random(args.seed)

    def floor_setup(_):
        return Browser(port)

    def floor_step(browser):
        reply = browser.get("/bench/floor/")
        return reply, reply.status == 200

    def layout_step(browser):
        reply = browser.get("/bench/floor/layout/")
        return reply, reply.status == 200 and b"site-header" in reply.body

    def query_step(browser):
        reply = browser.get("/bench/floor/query/")
        return reply, reply.status == 200

    # Enough started sessions for the answers the question page's rate suggests; more are
    # started during the measurement only if these run out (counted below).
    sessions = queue.Queue()
    extra = []
    pages = student_pages(port, shapes, rng, sessions, extra)

    measured = {}
    runs = [
        ("floor", floor_setup, floor_step),
        ("floor + layout template", floor_setup, layout_step),
        ("floor + one query", floor_setup, query_step),
        ("question", *pages["question"]),
        ("answer", *pages["answer"]),
        ("results", *pages["results"]),
        ("floor (again)", floor_setup, floor_step),
    ]
    chosen = {"floor", "floor (again)", *(PAGE_NAMES[p] for p in args.pages)}
    runs = [run for run in runs if run[0] in chosen]
    for name, setup, step in runs:
        if name == "answer":
            rate = (
                len(measured["question"][0]) / args.capacity_seconds
                if "question" in measured
                else 150
            )
            wanted = int(rate * (args.capacity_seconds + 1) * 1.5 / len(shapes)) + args.clients
            for session in ready_sessions(port, min(wanted, 2000)):
                sessions.put(session)
        load_before = load().split()[0]
        done, failures, cpu, client = closed_loop(
            server, args.clients, args.capacity_seconds, setup, step
        )
        measured[name] = (done, failures, cpu, client, load_before)

    floors = [measured["floor"], measured["floor (again)"]]
    floor_rate = sum(len(f[0]) for f in floors) / (2 * args.capacity_seconds)
    floor_cpu = sum(f[2] for f in floors) / max(1, sum(len(f[0]) for f in floors))
    rows, ratios = [], {}
    for name, (done, failures, cpu, client, load_before) in measured.items():
        rate = len(done) / args.capacity_seconds
        cpu_per = cpu / max(1, len(done))
        client_per = client / max(1, len(done))
        ratios[name] = rate / floor_rate
        rows.append(
            [
                name,
                len(done),
                len(failures),
                f"{rate:.0f}",
                ms(percentile(done, 0.5)),
                ms(percentile(done, 0.95)),
                f"{cpu_per * 1000:.1f}",
                f"{client_per * 1000:.1f}",
                f"{rate / floor_rate:.2f}",
                f"{floor_cpu / cpu_per:.2f}",
                load_before,
            ]
        )
    print(
        f"\npart 2, capacity: {args.clients} clients back to back, {args.capacity_seconds:g} s "
        f"per page after 1 s of warm-up; the floor is the mean of its two runs "
        f"({floor_rate:.0f}/s, {floor_cpu * 1000:.1f} ms CPU)"
    )
    print(
        table(
            [
                "page",
                "served",
                "errors",
                "per s",
                "p50 ms",
                "p95 ms",
                "server CPU ms/req",
                "client CPU ms/req",
                "x floor (per s)",
                "x floor (CPU)",
                "load",
            ],
            rows,
        )
    )
    if extra:
        print(f"  ({len(extra)} sessions were started during the answer run)")
    errors = sum(len(m[1]) for m in measured.values())
    if errors:
        examples = sorted({f for m in measured.values() for f in m[1]})[:5]
        print(f"  errors, e.g.: {examples}")
    if "question" not in measured:
        return errors
    ratio = ratios["question"]
    cpu_ratio = floor_cpu / (measured["question"][2] / max(1, len(measured["question"][0])))
    print(f"  question page by server CPU time: {cpu_ratio:.2f} x the floor")
    print(
        f"target, question page throughput >= 0.6 x the floor: {ratio:.2f} x, "
        f"{'met' if ratio >= 0.6 else 'MISSED'}"
    )
    return errors


def main():
    parser = arguments(__doc__, databases=("sqlite", "postgres"), seed=True)
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", default="1,5", help="think time range in seconds: MIN,MAX")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--capacity-seconds", type=float, default=10)
    parser.add_argument("--skip-pace", action="store_true", help="only part 2")
    parser.add_argument(
        "--pages", default=",".join(PAGE_NAMES), help="part 2's pages, of: " + ",".join(PAGE_NAMES)
    )
    args = parser.parse_args()
    args.think = tuple(float(x) for x in args.think.split(","))
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    if any(p not in PAGE_NAMES for p in args.pages):
        parser.error(f"--pages takes some of {','.join(PAGE_NAMES)}")
    if not (
        1 <= args.students <= 500
        and 1 <= args.clients <= 100
        and args.seconds <= 600
        and args.capacity_seconds <= 120
        and len(args.think) == 2
    ):
        parser.error("keep to 1-500 students, 1-100 clients, 600 s of pace, 120 s per page")

    with Site("steady", database=args.database) as site:
        server = site.serve("bench.floor_wsgi")
        heading("steady", site.describe(), gunicorn_shape())
        errors = 0 if args.skip_pace else pace(server, args)
        errors += capacity(server, args)
        if errors:
            print(f"steady: {errors} failed requests in all (reported, not failed: see above)")
        return 0


if __name__ == "__main__":
    sys.exit(main())

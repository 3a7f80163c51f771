"""Live class: a teacher-paced class of 300 whose devices poll while the teacher runs ten questions.

Run: .venv/bin/python bench/live_class.py [--students 300] [--questions 10]
                                          [--database sqlite|postgres] [--smoke]

A throwaway copy of the site (production settings, gunicorn with gunicorn.conf.py serving
bench/floor_wsgi.py, its own database) gets a teacher, who signs in through the admin's form and
runs "The proposals" teacher-paced from /teach/. Every student joins with the code and a name
(a few at a time, untimed) and lands on the waiting page. From then on each student's thread
polls its waiting page's status URL every 2 s, as htmx does, sending the ETag it last got in
If-None-Match; when the answer says the class moved (HX-Redirect), it loads the live page, and if
that sends it to a question, loads it, waits 0-3 s and answers it as htmx sends it.

First, with everyone joined and nothing happening, 10 s of idle polling: the server's CPU share
of the two cores, and its CPU per poll against the floor (a trivial view in the same gunicorn,
measured just before with 8 clients back to back). Then the teacher opens each question, waits
until every student has answered it (at most 30 s), shows the answer, waits 2 s and moves on;
after the last one the teacher ends the class and every student's device must reach its results.

Reported: answers' p50/p95 (one POST, connect to last byte), polls' p95, errors, the answers
recorded (exactly students x questions, each student one per question), and the idle CPU. Server
CPU is gunicorn's (master and workers); PostgreSQL's own processes are not counted. The client
runs on the same two cores. --smoke checks correctness only (20 students, 3 questions, no
timings printed); any problem makes the exit status 1.
"""

import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import (
    BenchError,
    Browser,
    Page,
    Site,
    Stopwatch,
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

QUIZ = "the-proposals"
POLL_EVERY = 2.0
ANSWER_WITHIN = 3.0
IDLE_SECONDS = 10.0
STATUS_URL = re.compile(r'data-hx-get="(/attempts/\d+/live/status/\?v=\d+)"')
PASSWORD = "bench teacher password 1234"


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.polls = []  # (monotonic time, latency)
        self.answers = []
        self.errors = []

    def poll(self, reply):
        with self.lock:
            self.polls.append((time.monotonic(), reply.elapsed))

    def answer(self, reply):
        with self.lock:
            self.answers.append(reply.elapsed)

    def error(self, message):
        with self.lock:
            self.errors.append(message)


class Student:
    def __init__(self, number, port, code, rng):
        self.number = number
        self.browser = Browser(port, timeout=60)
        self.rng = rng
        self.status_url = None
        self.etag = ""
        self.done = False
        self.answered = 0
        join = f"/join/?code={code}"
        page = Page(self._get(join, 200).text)
        fields = [("csrfmiddlewaretoken", page.csrf), ("code", code), ("name", f"S{number}")]
        reply = self.browser.post("/join/", fields, referer=join)
        expect(reply, 302, "join")
        self.live = reply.location
        self.follow(None)

    def _get(self, path, status=None, **kwargs):
        reply = self.browser.get(path, **kwargs)
        if status is not None:
            expect(reply, status, f"GET {path}")
        return reply

    def follow(self, recorder):
        """Load the live page and do what it says: answer the open question, wait, or stop."""
        reply = self._get(self.live)
        if reply.status == 302 and reply.location.endswith("/results/"):
            self._get(reply.location, 200)
            self.done = True
            return
        if reply.status == 302:
            question = reply.location
            page = Page(self._get(question, 200).text)
            if not page.has_question:
                raise BenchError(f"{question} shows no question")
            fields = page.answer(self.rng)
            time.sleep(self.rng.uniform(0, ANSWER_WITHIN))
            answered = self.browser.post(question, fields, referer=question, htmx=True)
            expect(answered, 200, f"answer {question}")
            if answered.header("HX-Redirect") != self.live:
                raise BenchError(f"answer {question}: HX-Redirect {answered.header('HX-Redirect')}")
            if recorder is not None:
                recorder.answer(answered)
            self.answered += 1
            reply = self._get(self.live)
        expect(reply, 200, f"GET {self.live}")
        match = STATUS_URL.search(reply.text)
        if not match:
            raise BenchError(f"{self.live} has no status URL")
        self.status_url, self.etag = match.group(1).replace("&amp;", "&"), ""

    def poll(self, recorder):
        headers = {"HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        reply = self.browser.get(self.status_url, headers=headers)
        recorder.poll(reply)
        if reply.status not in (200, 304):
            raise BenchError(f"poll {self.status_url}: HTTP {reply.status}")
        self.etag = reply.header("ETag") or self.etag
        if reply.status == 200 and reply.header("HX-Redirect"):
            self.follow(recorder)

    def run(self, recorder, stop, watch):
        time.sleep(self.rng.uniform(0, POLL_EVERY))  # devices do not poll in step
        while not self.done and not stop.is_set() and not watch.expired:
            started = time.monotonic()
            try:
                self.poll(recorder)
            except (BenchError, OSError) as error:
                recorder.error(f"student {self.number}: {type(error).__name__}: {error}")
            time.sleep(max(0.0, POLL_EVERY - (time.monotonic() - started)))


class Teacher:
    def __init__(self, port, username):
        self.browser = Browser(port, timeout=60)
        page = Page(self.browser.get("/admin/login/").text)
        fields = [
            ("csrfmiddlewaretoken", page.csrf),
            ("username", username),
            ("password", PASSWORD),
            ("next", "/teach/"),
        ]
        expect(self.browser.post("/admin/login/", fields, referer="/admin/login/"), 302, "login")
        home = self.browser.get("/teach/")
        expect(home, 200, "/teach/")
        self.csrf = Page(home.text).csrf

    def run(self, set_id, pace):
        fields = [("csrfmiddlewaretoken", self.csrf), ("pace", pace)]
        reply = self.browser.post(f"/teach/sets/{set_id}/run/", fields, referer="/teach/")
        expect(reply, 302, "run with a class")
        self.screen = reply.location
        return int(self.screen.rstrip("/").rsplit("/", 1)[1])

    def move(self, action, question):
        fields = [("csrfmiddlewaretoken", self.csrf), ("action", action), ("question", question)]
        reply = self.browser.post(f"{self.screen}move/", fields, referer=self.screen)
        expect(reply, 302, f"{action} from question {question}")


def make_teacher(username):
    """A teacher, as manage.py create_teacher makes one, who signs in with PASSWORD."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Teachers"))
    return user


def cpu_per_request(server, make_step, seconds=3.0, clients=8):
    """Server CPU ms per request, with ``clients`` sending requests back to back on kept-alive
    connections; ``make_step(i)`` gives client i's request."""
    count = [0]
    lock = threading.Lock()
    steps = [make_step(i) for i in range(clients)]
    end = time.monotonic() + seconds

    def client(step):
        while time.monotonic() < end:
            step()
            with lock:
                count[0] += 1

    before = server.cpu_seconds()
    threads = [threading.Thread(target=client, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 1000 * (server.cpu_seconds() - before) / max(1, count[0]), count[0]


def floor_step(port):
    def make(_):
        browser = Browser(port)
        return lambda: expect(browser.get("/bench/floor/"), 200, "floor")

    return make


def poll_step(port, students):
    """A student's unchanged poll, sent as their device sends it: 304."""

    def make(i):
        student = students[i % len(students)]
        browser = Browser(port, cookies=dict(student.browser.cookies))
        headers = {"HX-Request": "true", "If-None-Match": student.etag}
        return lambda: expect(browser.get(student.status_url, headers=headers), 304, "poll")

    return make


def start_devices(students, recorder, stop, watch):
    """Every student's device polls from now on, in its own thread."""
    threads = [
        threading.Thread(target=s.run, args=(recorder, stop, watch), daemon=True) for s in students
    ]
    for thread in threads:
        thread.start()
    return threads


def teach(teacher, assignment_id, question_ids, watch):
    """Open each question, wait until every student answered it, show the answer, end the class.

    Returns the problems seen (a question not answered by everyone within 30 s)."""
    from quizzes.models import Answer, Attempt

    problems = []
    students = Attempt.objects.filter(assignment_id=assignment_id).count()
    for number, question_id in enumerate(question_ids, start=1):
        teacher.move("next", number - 1)
        answers = Answer.objects.filter(
            attempt__assignment_id=assignment_id, question_id=question_id
        )
        deadline = time.monotonic() + 30
        while answers.count() < students:
            if time.monotonic() > deadline or watch.expired:
                problems.append(f"question {number}: {answers.count()} of {students} answered")
                break
            time.sleep(0.5)
        teacher.move("reveal", number)
        time.sleep(POLL_EVERY)
    teacher.move("finish", len(question_ids))
    return problems


def finish(threads, stop):
    """Wait for every device to reach its results (then stop any still polling)."""
    for thread in threads:
        thread.join(timeout=POLL_EVERY * 3 + 60)
    stop.set()


def verify(assignment_id, students, questions):
    from quizzes.models import Answer, Attempt

    problems = []
    attempts = list(Attempt.objects.filter(assignment_id=assignment_id))
    if len(attempts) != len(students):
        problems.append(f"{len(attempts)} attempts for {len(students)} students")
    recorded = Answer.objects.filter(attempt__assignment_id=assignment_id).count()
    if recorded != len(students) * questions:
        problems.append(f"{recorded} answers recorded, expected {len(students) * questions}")
    for attempt in attempts:
        got = list(attempt.answers.values_list("question_id", flat=True))
        if sorted(got) != sorted(attempt.question_ids[:questions]):
            problems.append(f"attempt {attempt.pk}: answers to {len(got)} questions, not the first")
    problems += [f"student {s.number}: never reached the results" for s in students if not s.done]
    return problems


def main():
    parser = arguments(__doc__, databases=("sqlite", "postgres"), seed=True)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="20 students, 3 questions, no timing")
    parser.add_argument("--seconds", type=float, default=900, help="time limit for the class")
    args = parser.parse_args()
    if args.smoke:
        args.students, args.questions = 20, 3
    if not 1 <= args.students <= 500 or not 1 <= args.questions <= 25:
        parser.error("--students takes 1 to 500, --questions 1 to 25")

    with Site("live-class", database=args.database) as site:
        from quizzes.models import Answer, Assignment, QuestionSet

        teacher_user = make_teacher("bench-teacher")
        question_set = QuestionSet.objects.get(slug=QUIZ)
        server = site.serve("bench.floor_wsgi")
        heading(
            "live class",
            site.describe(),
            gunicorn_shape(),
            f"{args.students} students, {args.questions} questions, polling every {POLL_EVERY:g} s",
        )
        teacher = Teacher(server.port, teacher_user.username)
        assignment_id = teacher.run(question_set.pk, "teacher")
        code = Assignment.objects.get(pk=assignment_id).join_code

        def join(number):
            return Student(number, server.port, code, random.Random(args.seed * 100_000 + number))

        with ThreadPoolExecutor(8) as pool:
            students = list(pool.map(join, range(args.students)))

        recorder, stop, watch = Recorder(), threading.Event(), Stopwatch(args.seconds)
        threads = start_devices(students, recorder, stop, watch)
        time.sleep(POLL_EVERY + 1)  # every device has polled once: the next polls are 304s
        idle_from, cpu_before = time.monotonic(), server.cpu_seconds()
        time.sleep(IDLE_SECONDS)
        idle_cpu, idle_to = server.cpu_seconds() - cpu_before, time.monotonic()
        idle_polls = sum(1 for at, _ in recorder.polls if idle_from <= at <= idle_to)
        stop.set()  # the devices pause while the floor and a 304 are measured back to back
        for thread in threads:
            thread.join(timeout=60)
        floor_ms, floor_count = cpu_per_request(server, floor_step(server.port))
        poll_ms, poll_count = cpu_per_request(server, poll_step(server.port, students))
        stop.clear()
        threads = start_devices(students, recorder, stop, watch)

        question_ids = list(question_set.questions.values_list("pk", flat=True))
        problems = teach(teacher, assignment_id, question_ids[: args.questions], watch)
        finish(threads, stop)

        problems = recorder.errors + problems + verify(assignment_id, students, args.questions)
        if not args.smoke:
            polls = [latency for _, latency in recorder.polls]
            idle_share = idle_cpu / (IDLE_SECONDS * 2)
            print(
                table(
                    [
                        "students",
                        "questions",
                        "errors",
                        "answers recorded",
                        "answer p50 ms",
                        "answer p95 ms",
                        "polls",
                        "poll p95 ms",
                        "idle CPU (of 2 cores)",
                        "CPU ms per idle poll",
                    ],  # fmt: skip
                    [
                        [
                            args.students,
                            args.questions,
                            len(problems),
                            Answer.objects.filter(attempt__assignment_id=assignment_id).count(),
                            ms(percentile(recorder.answers, 0.5)),
                            ms(percentile(recorder.answers, 0.95)),
                            len(polls),
                            ms(percentile(polls, 0.95)),
                            f"{100 * idle_share:.1f}%",
                            f"{1000 * idle_cpu / max(1, idle_polls):.2f}",
                        ]
                    ],  # fmt: skip
                )
            )
            print(
                f"  back to back, 8 clients, 3 s each: floor {floor_ms:.2f} ms CPU/request "
                f"({floor_count} requests), unchanged poll (304) {poll_ms:.2f} ms "
                f"({poll_count} requests): {poll_ms - floor_ms:+.2f} ms over the floor"
            )
            print(f"  load average after: {load()}")
        status = exit_status("live class", problems)
        if status == 0:
            print(
                f"live class: ok; {args.students} students x {args.questions} questions, every "
                "answer recorded once, every device followed the teacher to the results"
            )
        return status


if __name__ == "__main__":
    sys.exit(main())

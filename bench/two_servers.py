"""Two app servers sharing one database: a student who alternates between them loses nothing.

Run: .venv/bin/python bench/two_servers.py [--students 20] [--database auto|postgres|sqlite]

Starts a throwaway PostgreSQL server (as .ci/run does: initdb into a temporary folder, as the
postgres user when run as root, on a free port; stopped and deleted at the end), migrates it,
loads the content, and starts two gunicorn servers (gunicorn.conf.py, production settings) on
two ports of 127.0.0.1 with the same DATABASE_URL and secret key, as two app servers behind one
proxy would run. --database sqlite shares one SQLite file instead; auto (the default) takes
PostgreSQL when it is installed.

Each student takes a whole quiz (a shipped one, picked at random; a quarter of them join a class
with a code first), sending every request to the other server than the one before: the quiz
page, Start, each question page, each answer, the results. Half of the students answer with
htmx, half with the plain form (POST, redirect, page). Every third answer is sent twice at the
same instant, once to each server, as a double click whose two requests took different routes.

Then a teacher-paced class (bench/live_class.py's teacher and students): the teacher signs in
and runs it on the first server while its students join and poll on the second; the teacher opens
three questions one by one, waiting each time until every student has answered, and ends the
class. Every student's device must follow (each answer recorded once, every device at its
results), which it can only do if the second server sees what the first one changed.

Then the database must show: every attempt finished, exactly one response per question, each
response holding the choices the student sent (mapped through the order that attempt displayed
them) and the attempt's score the sum of its responses; and every results page, from either
server, the same score. Any loss or difference exits with status 1 (usable as a CI check).
"""

import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from common import (
    QUIZZES,
    BenchError,
    Browser,
    Page,
    Site,
    Stopwatch,
    arguments,
    exit_status,
    expect,
    find_pg_ctl,
    gunicorn_shape,
    heading,
)

SCORE = re.compile(r"Your score: ([\d.]+) out of (\d+),")


class Student:
    """One student; request k goes to server (k + number) % 2."""

    def __init__(self, number, ports, rng, watch):
        self.number = number
        self.watch = watch
        cookies = {}
        self.browsers = [Browser(port, cookies=cookies) for port in ports]
        self.turn = number % 2
        self.rng = rng
        self.htmx = number % 2 == 0
        self.sent = {}  # question number -> fields sent (the answer recorded first)
        self.requests = [0, 0]
        self.attempt = None

    def next_browser(self):
        if self.watch.expired:
            raise BenchError("the time limit ran out")
        self.turn = (self.turn + 1) % 2
        self.requests[self.turn] += 1
        return self.browsers[self.turn]

    def get(self, path, status=200):
        reply = self.next_browser().get(path)
        expect(reply, status, f"GET {path}")
        return reply

    def post(self, path, fields, status, **kwargs):
        reply = self.next_browser().post(path, fields, referer=path, **kwargs)
        expect(reply, status, f"POST {path}")
        return reply

    def double_click(self, path, fields):
        """The same answer to both servers at once; both must answer as for one answer."""
        gate = threading.Barrier(2)
        replies = [None, None]

        def send(i):
            gate.wait(timeout=30)
            replies[i] = self.browsers[i].post(path, fields, referer=path, htmx=self.htmx)

        threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.requests[0] += 1
        self.requests[1] += 1
        for reply in replies:
            if reply is None:
                raise BenchError(f"double click on {path}: no answer")
            expect(reply, 200 if self.htmx else 302, f"double click on {path}")
        return replies[0]

    def take(self, slug, join_code=None):
        if join_code:
            page = Page(self.get("/join/").text)
            fields = [
                ("csrfmiddlewaretoken", page.csrf),
                ("code", join_code),
                ("name", f"Student {self.number}"),
            ]
            path = self.post("/join/", fields, 302).location
        else:
            detail = f"/quizzes/{slug}/"
            page = Page(self.get(detail).text)
            path = self.post(f"{detail}start/", [("csrfmiddlewaretoken", page.csrf)], 302).location
        match = re.match(r"^/attempts/(\d+)/1/$", path)
        if not match:
            raise BenchError(f"starting went to {path}")
        self.attempt = int(match.group(1))
        for number in range(1, 101):
            page = Page(self.get(path).text)
            if not page.has_question:
                raise BenchError(f"{path} shows no question")
            fields = page.answer(self.rng)
            self.sent[number] = fields
            if number % 3 == 0:
                reply = self.double_click(path, fields)
                if not self.htmx:
                    reply = self.get(reply.location)
            elif self.htmx:
                reply = self.post(path, fields, 200, htmx=True)
            else:
                reply = self.get(self.post(path, fields, 302).location)
            path = Page(reply.text).buttons[0]
            if path.endswith("/results/"):
                break
        scores = {SCORE.search(self.get(path).text), SCORE.search(self.get(path).text)}
        return {m.groups() if m else None for m in scores}


def recorded_as(question, attempt, fields):
    """The choice ids the server records for these form fields, read by the site's own form
    (``None`` if the form refuses them)."""
    from django.http import QueryDict

    from quizzes.forms import AnswerForm
    from quizzes.scoring import displayed_choices

    shown = displayed_choices(
        question,
        list(question.choices.all()),
        seed=attempt.seed,
        shuffle=attempt.question_set.shuffle_choices,
    )
    form = AnswerForm(question, shown, QueryDict(urlencode(fields)))
    return form.selected_ids() if form.is_valid() else None


def verify(students, shown_scores):
    """Everything each student sent is in the database, once. Returns a list of problems."""
    from quizzes.models import Attempt, Question

    problems = []
    attempts = Attempt.objects.select_related("question_set").in_bulk(
        [s.attempt for s in students if s.attempt]
    )
    for student in students:
        attempt = attempts.get(student.attempt)
        if attempt is None:
            problems.append(f"student {student.number}: attempt {student.attempt} missing")
            continue
        responses = list(attempt.answers.all())
        by_question = {r.question_id: r for r in responses}
        if len(responses) != attempt.total or len(by_question) != len(responses):
            problems.append(
                f"attempt {attempt.pk}: {len(responses)} responses for {attempt.total} questions"
            )
        if attempt.finished_at is None or attempt.answered_count != attempt.total:
            problems.append(
                f"attempt {attempt.pk}: not finished "
                f"({attempt.answered_count} of {attempt.total} counted)"
            )
        if abs(attempt.score - sum(r.score for r in responses)) > 1e-9:
            problems.append(f"attempt {attempt.pk}: score {attempt.score} is not the sum")
        if len(student.sent) != attempt.total:
            problems.append(f"attempt {attempt.pk}: the student answered {len(student.sent)}")
        questions = Question.objects.in_bulk(attempt.question_ids)
        for number, fields in student.sent.items():
            question = questions[attempt.question_ids[number - 1]]
            response = by_question.get(question.pk)
            expected = recorded_as(question, attempt, fields)
            if expected is None:
                problems.append(f"attempt {attempt.pk}, question {number}: sent {fields}, invalid")
            elif response is None:
                problems.append(f"attempt {attempt.pk}, question {number}: answer lost")
            elif response.selected != expected:
                problems.append(
                    f"attempt {attempt.pk}, question {number}: recorded "
                    f"{response.selected}, sent {expected}"
                )
        # The page rounds the score to one decimal place (floatformat:"-1").
        shown = shown_scores.get(student.number) or {None}
        if any(
            page is None
            or int(page[1]) != attempt.total
            or abs(float(page[0]) - attempt.score) > 0.051
            for page in shown
        ):
            problems.append(
                f"attempt {attempt.pk}: results pages show {shown}, the database "
                f"{attempt.score:g} out of {attempt.total}"
            )
    return problems


def main():
    parser = arguments(__doc__, databases=("auto", "postgres", "sqlite"), seed=True)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120, help="time limit for the students")
    args = parser.parse_args()
    if not 1 <= args.students <= 200:
        parser.error("--students takes 1 to 200")
    database = args.database
    if database == "auto":
        database = "postgres" if find_pg_ctl() else "sqlite"
        if database == "sqlite":
            print("two servers: PostgreSQL is not installed here; sharing one SQLite file instead")

    with Site("two-servers", database=database, fsync=False) as site:
        from django.contrib.auth import get_user_model

        from quizzes.models import Assignment, QuestionSet

        owner = get_user_model().objects.create_user("bench-teacher")
        assignment = Assignment.objects.create(
            title="Bench class", owner=owner, question_set=QuestionSet.objects.get(slug=QUIZZES[0])
        )
        servers = [site.serve(), site.serve()]
        ports = [server.port for server in servers]
        heading(
            "two servers",
            site.describe(),
            f"two gunicorn servers on ports {ports[0]} and {ports[1]}, {gunicorn_shape()} each",
            f"{args.students} students",
        )

        watch = Stopwatch(args.seconds)
        students = [
            Student(i, ports, random.Random(args.seed * 1000 + i), watch)
            for i in range(args.students)
        ]
        shown_scores, failures = {}, []
        started = time.monotonic()

        def run(student):
            rng = student.rng
            code = assignment.join_code if student.number % 4 == 0 else None
            try:
                shown_scores[student.number] = student.take(rng.choice(QUIZZES), code)
            except (BenchError, OSError, IndexError) as error:
                failures.append(f"student {student.number}: {type(error).__name__}: {error}")

        with ThreadPoolExecutor(args.students) as pool:
            for future in [pool.submit(run, s) for s in students]:
                future.result(timeout=watch.remaining() + 60)
        elapsed = time.monotonic() - started
        requests = [sum(s.requests[i] for s in students) for i in (0, 1)]
        retries = sum(b.retries for s in students for b in s.browsers)
        answers = sum(len(s.sent) for s in students)
        print(
            f"  {answers} answers in {elapsed:.1f} s; requests per server: {requests[0]} and "
            f"{requests[1]}; {retries} retried connections"
        )
        failures += verify(students, shown_scores)
        failures += paced_class(ports, min(args.students, 20), args.seed, Stopwatch(args.seconds))
        status = exit_status("two servers", failures)
        if status == 0:
            print(
                f"two servers: ok; every answer recorded once, all {len(students)} attempts "
                f"finished, the same score on both servers; a teacher on one server moved "
                f"{min(args.students, 20)} students on the other through 3 questions"
            )
        return status


def paced_class(ports, count, seed, watch):
    """A teacher on the first server runs a teacher-paced class whose students use the second."""
    import live_class

    from quizzes.models import Assignment, QuestionSet

    teacher = live_class.Teacher(ports[0], live_class.make_teacher("live-teacher").username)
    question_set = QuestionSet.objects.get(slug=live_class.QUIZ)
    assignment_id = teacher.run(question_set.pk, "teacher")
    code = Assignment.objects.get(pk=assignment_id).join_code
    students = [
        live_class.Student(i, ports[1], code, random.Random(seed * 1000 + i)) for i in range(count)
    ]
    recorder, stop = live_class.Recorder(), threading.Event()
    threads = live_class.start_devices(students, recorder, stop, watch)
    question_ids = list(question_set.questions.values_list("pk", flat=True))[:3]
    problems = live_class.teach(teacher, assignment_id, question_ids, watch)
    live_class.finish(threads, stop)
    return recorder.errors + problems + live_class.verify(assignment_id, students, 3)


if __name__ == "__main__":
    sys.exit(main())

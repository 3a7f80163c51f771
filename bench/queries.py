"""SQL queries per student page, for a quiz of 5 and of 50 questions.

Run: .venv/bin/python bench/queries.py

In-process, with django.test.Client and CaptureQueriesContext, on its own throwaway SQLite
database (or the one DATABASE_URL names). Each quiz mixes the four kinds of question; the
50-question quiz also has 10 other students' attempts in it. Counted: every SQL statement a page
runs except transaction control (BEGIN, COMMIT, SAVEPOINT, RELEASE), as tests/test_quiz_queries.py
counts them. The explainer pages do not depend on the quiz; they are listed once per size, the
section being the first one that shows a table (neutral states, proposals or guarantors).

"question" is the first time this process shows that question: it loads the question and its
choices (2 queries). The answers and "answered question" show questions already seen, which
every later student of the class gets from the process's cache (quizzes/views.py). The
exit status is 1 if any count differs between the two sizes; a page over the target of 6 is
reported, not failed.
"""

import random
import sys

from common import arguments, django_with_content, heading, table

KINDS = ("single", "multiple", "ordering", "true_false")
CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
EXPLAINER_PAGES = ("home", "explainer section", "glossary", "timeline", "sources")
QUIZ_PAGES = (
    "quiz list",
    "quiz page",
    "start (POST)",
    "question",
    "answer (POST, no JS)",
    "answer (htmx POST)",
    "answered question",
    "results",
    "join",
    "join (POST)",
)


SHOWN = []  # statements of the pages named with --show: (page, size, sql)


def counted(func, name="", size=0):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = func()
    if response.status_code not in (200, 302):
        raise SystemExit(f"HTTP {response.status_code}: {response}")
    statements = [q["sql"] for q in queries if not q["sql"].upper().startswith(CONTROL)]
    SHOWN.extend((name, size, sql) for sql in statements)
    return len(statements), response


def some_answer(student, attempt, number, rng):
    """Right or wrong at random, as the form sends it."""
    return rng.choice([student.right_answer, student.wrong_answer])(attempt, number)


def pages_for(size, crowd, teacher, rng):
    from django.test import Client

    from explainer.models import Section
    from quizzes.models import Assignment, Attempt
    from tests.factories import Student, make_question_set

    quiz = make_question_set(
        questions=size, kinds=KINDS, slug=f"bench-{size}-{crowd}", title=f"Bench {size}"
    )
    assignment = Assignment.objects.create(title=f"Bench {size}", question_set=quiz, owner=teacher)
    for _ in range(crowd):
        other = Student(Client())
        attempt = other.start(quiz)
        other.answer(attempt, 1, some_answer(other, attempt, 1, rng))

    student = Student(Client())
    client = student.client
    detail = f"/quizzes/{quiz.slug}/"
    numbers = {}

    def count(name, func):
        numbers[name], response = counted(func, name, size)
        return response

    # A section that shows a structured table too: the most queries an explainer page runs.
    section = next(
        s
        for s in Section.objects.with_tables().order_by("number")
        if s.has_neutral_states or s.has_proposal_points or s.has_guarantors
    )
    for name, path in [
        ("home", "/"),
        ("explainer section", section.get_absolute_url()),
        ("glossary", "/glossary/"),
        ("timeline", "/timeline/"),
        ("sources", "/sources/"),
        ("quiz list", "/quizzes/"),
        ("quiz page", detail),
    ]:
        count(name, lambda path=path: client.get(path))
    count("start (POST)", lambda: client.post(f"{detail}start/"))
    attempt = Attempt.objects.filter(question_set=quiz).latest("pk")
    count("question", lambda: student.page(attempt, 2))
    plain = some_answer(student, attempt, 2, rng)
    count("answer (POST, no JS)", lambda: student.answer(attempt, 2, plain))
    student.page(attempt, 3)  # seen before it is answered, as question 2 was
    htmx = some_answer(student, attempt, 3, rng)
    count(
        "answer (htmx POST)",
        lambda: student.answer(attempt, 3, htmx, headers={"HX-Request": "true"}),
    )
    count("answered question", lambda: student.page(attempt, 2))
    for number in range(1, size + 1):
        if number not in (2, 3):
            student.answer(attempt, number, some_answer(student, attempt, number, rng))
    count("results", lambda: client.get(f"/attempts/{attempt.pk}/results/"))

    joiner = Client()
    count("join", lambda: joiner.get("/join/"))
    join = {"code": assignment.join_code, "name": "Bench student"}
    joined = count("join (POST)", lambda: joiner.post("/join/", join))
    if not joined["Location"].startswith("/attempts/"):
        raise SystemExit(f"joining went to {joined['Location']}")
    return numbers


def main():
    parser = arguments(__doc__)
    parser.add_argument(
        "--show",
        action="append",
        default=[],
        metavar="PAGE",
        help="also print the SQL of this page (as named in the table)",
    )
    args = parser.parse_args()
    with django_with_content("queries"):
        from django.db import connection

        from tests.factories import make_teacher

        teacher = make_teacher("bench-teacher")
        rng = random.Random(1)
        small = pages_for(5, 0, teacher, rng)
        large = pages_for(50, 10, teacher, rng)
        heading("queries", f"per student page on {connection.vendor}")
    rows = [[name, small[name], large[name]] for name in small]
    print(table(["page", "5 questions", "50 questions (+10 other attempts)"], rows))
    same = small == large
    print(f"  the same at 5 and at 50 questions: {'yes' if same else 'NO'}")
    for group, names in (("quiz pages", QUIZ_PAGES), ("explainer pages", EXPLAINER_PAGES)):
        worst = max(max(small[name], large[name]) for name in names)
        over = [name for name in names if max(small[name], large[name]) > 6]
        verdict = "met" if not over else f"MISSED by {', '.join(over)}"
        print(f"target, queries per student page <= 6, {group}: at most {worst}, {verdict}")
    for name, size, sql in SHOWN:
        if name in args.show:
            print(f"\n[{name}, {size} questions] {sql}")
    return 0 if same else 1  # a count that grows with the questions is a failure


if __name__ == "__main__":
    sys.exit(main())

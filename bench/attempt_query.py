"""Ways to load a student's attempt for a question page or an answer, and what each costs in CPU.

Run: .venv/bin/python bench/attempt_query.py [--calls 300] [--rounds 7]

In-process, production settings, on a throwaway SQLite database with the content loaded (as
bench/breakdown.py makes it), one attempt of "The proposals". Each way is called --calls times in
a row, the ways taking turns for --rounds rounds, so that they share the machine's conditions;
printed is the CPU time per call (time.process_time) of each round, lowest first. The ways:

- before: the attempt with its set and assignment and the "answers hidden until" subquery in one
  query, then a second query for an earlier answer (the question page until December 2026);
- folded: the same query with the earlier answer's id folded in as a second subquery, which reads
  the question's id from the attempt's JSON list (one query);
- attempt: the attempt with its set and assignment only, through the ORM, and compiled once (what
  own_attempt runs now: quizzes/compiled.py), and the ORM's with the earlier answer folded in;
- hidden: the "answers hidden until" query alone (run when feedback is shown), through the ORM
  and compiled once (what hidden_until runs now);
- answer: the earlier-answer query alone (run on a question page after the first answer);
- count: the UPDATE that counts an answer into its attempt, through the ORM and compiled once
  (what attempt_answer runs now), on an attempt of its own;
- insert: a new answer's row, through the ORM's ``create`` and compiled once (what
  attempt_answer runs now), each to a question of attempts made for it.
"""

import itertools
import sys

from common import Site, heading, in_turn, repeated_calls, table


def main():
    args = repeated_calls(__doc__, calls=(300, 10, 5000), rounds=(7, 1, 20))

    with Site("attempt-query") as site:
        from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
        from django.db.models.fields.json import KeyTextTransform
        from django.db.models.functions import Cast, Coalesce
        from django.test import Client
        from django.utils import timezone

        from quizzes.models import (
            Answer,
            Attempt,
            QuestionSet,
            answers_hidden_until,
            hiding_closes_at,
        )
        from quizzes.services import ANSWER_COUNTED, ANSWER_SAVED
        from quizzes.students import ATTEMPT, answer_to, hidden_until
        from tests.factories import Student

        student = Student(Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
        attempt = student.start(QuestionSet.objects.get(slug="the-proposals"))
        student.answer(attempt, 1, student.right_answer(attempt, 1))
        number = 2

        def with_hidden():
            return Attempt.objects.select_related("question_set", "assignment").annotate(
                answers_hidden_until=answers_hidden_until(
                    Coalesce(OuterRef("question_set__origin"), OuterRef("question_set"))
                )
            )

        def before():
            loaded = with_hidden().get(pk=attempt.pk)
            question_id = loaded.question_ids[number - 1]
            return Answer.objects.filter(attempt=loaded, question=question_id).first()

        def folded():
            question_id = Cast(
                KeyTextTransform(str(number - 1), OuterRef("question_ids")), IntegerField()
            )
            earlier = Answer.objects.filter(attempt=OuterRef("pk"), question=question_id)
            return (
                with_hidden()
                .annotate(answered_id=Subquery(earlier.values("pk")[:1]))
                .get(pk=attempt.pk)
            )

        def attempt_folded():
            question_id = Cast(
                KeyTextTransform(str(number - 1), OuterRef("question_ids")), IntegerField()
            )
            earlier = Answer.objects.filter(attempt=OuterRef("pk"), question=question_id)
            return (
                Attempt.objects.select_related("question_set", "assignment")
                .annotate(answered_id=Subquery(earlier.values("pk")[:1]))
                .get(pk=attempt.pk)
            )

        def attempt_only():
            return Attempt.objects.select_related("question_set", "assignment").get(pk=attempt.pk)

        loaded = attempt_only()

        def hidden():
            loaded.__dict__.pop("answers_hidden_until", None)
            return hidden_until(loaded)

        def hidden_orm():
            return hiding_closes_at(loaded.question_set_id).first()

        def answer():
            return answer_to(loaded, number)

        counted = Student(Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")).start(
            QuestionSet.objects.get(slug="the-proposals")
        )
        never = 10**4  # a total no attempt reaches: the attempt never finishes here

        def count_orm():
            Attempt.objects.filter(pk=counted.pk).update(
                score=F("score") + 1.0,
                answered_count=F("answered_count") + 1,
                finished_at=Case(
                    When(answered_count=never, then=Value(timezone.now())),
                    default=F("finished_at"),
                ),
            )

        def count_compiled():
            ANSWER_COUNTED.run(1.0, never, timezone.now(), counted.pk)

        proposals = QuestionSet.objects.get(slug="the-proposals")
        question_ids = list(proposals.questions.values_list("pk", flat=True))
        blank = Attempt.objects.bulk_create(
            Attempt(question_set=proposals, student_key=f"i{i}", question_ids=question_ids, seed=1)
            for i in range(2 * args.calls * args.rounds // len(question_ids) + 1)
        )
        # Each insert answers a question no insert answered before (one answer per question).
        unanswered = itertools.product(blank, question_ids)

        def insert_orm():
            to, question_id = next(unanswered)
            Answer.objects.create(attempt=to, question_id=question_id, selected=[1], score=1.0)

        def insert_compiled():
            to, question_id = next(unanswered)
            ANSWER_SAVED.create(attempt=to, question_id=question_id, selected=[1], score=1.0)

        ways = {
            "before: attempt + hidden-answers subquery, then earlier answer (2 queries)": before,
            "folded: the same, the earlier answer as a subquery (1 query)": folded,
            "attempt with its set and assignment (1 query)": attempt_only,
            "the attempt, compiled once (quizzes/compiled.py)": lambda: ATTEMPT.first(attempt.pk),
            "the same with the earlier answer as a subquery (1 query)": attempt_folded,
            "answers hidden until (1 query)": hidden_orm,
            "answers hidden until, compiled once": hidden,
            "earlier answer (1 query)": answer,
            "count an answer into its attempt (1 UPDATE)": count_orm,
            "the count, compiled once": count_compiled,
            "a new answer's row (1 INSERT)": insert_orm,
            "the row, compiled once": insert_compiled,
        }
        spent = in_turn(ways, calls=args.calls, rounds=args.rounds)

        heading(
            "attempt_query",
            site.describe(),
            f"in-process, production settings; {args.calls} calls per round, "
            f"{args.rounds} rounds taking turns",
        )
        rows = [
            [name, " ".join(f"{t * 1000:.2f}" for t in sorted(times))]
            for name, times in spent.items()
        ]
        print(table(["way", "CPU ms per call, each round (lowest first)"], rows))
        return 0


if __name__ == "__main__":
    sys.exit(main())

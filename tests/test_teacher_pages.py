"""The teacher's pages under /teach/: who may see them, running a set with a class, the class
screen, its live part (cheap when nothing changed), the controls and the end-of-class summary."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizzes.models import Assignment, QuestionSet
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return make_teacher("owner-teacher")


@pytest.fixture
def own_set(teacher):
    return make_question_set(questions=3, owner=teacher, audience=QuestionSet.Audience.CLASSES)


@pytest.fixture
def assignment(teacher, own_set):
    return Assignment.objects.create(title="9C", question_set=own_set, owner=teacher)


def join(assignment, name):
    student = Student(Client())
    assert student.client.post("/join/", {"code": assignment.join_code, "name": name}).status_code
    return student, assignment.attempts.get(display_name=name)


def class_urls(assignment):
    base = f"/teach/classes/{assignment.pk}"
    return [f"{base}/", f"{base}/live/", f"{base}/summary/"]


class TestWhoMaySee:
    def test_anonymous_is_sent_to_sign_in(self, assignment):
        for url in ["/teach/", *class_urls(assignment)]:
            response = Client().get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/?next=")
        ran = Client().post(f"/teach/sets/{assignment.question_set.pk}/run/")
        assert ran.status_code == 302 and Assignment.objects.count() == 1

    def test_the_teacher_sees_their_class(self, teacher, assignment):
        client = logged_in(teacher)
        for url in ["/teach/", *class_urls(assignment)]:
            assert client.get(url).status_code == 200, url

    def test_another_teacher_finds_no_such_class(self, assignment):
        other = logged_in(make_teacher("other-teacher"))
        for url in class_urls(assignment):
            assert other.get(url).status_code == 404, url
        moved = other.post(
            f"/teach/classes/{assignment.pk}/move/", {"action": "finish", "question": 0}
        )
        assert moved.status_code == 404
        assert (
            other.post(f"/teach/classes/{assignment.pk}/names/", {"hide": "1"}).status_code == 404
        )
        assignment.refresh_from_db()
        assert assignment.phase == Assignment.Phase.ANSWERING and not assignment.hide_names
        # The class's link, not the bare letters, which a random CSRF token can contain.
        assert ">9C</a>" not in other.get("/teach/").content.decode()

    def test_another_teacher_cannot_run_a_private_set(self, own_set):
        other = logged_in(make_teacher("other-teacher"))
        assert other.post(f"/teach/sets/{own_set.pk}/run/").status_code == 404
        assert not Assignment.objects.exists()

    def test_a_superuser_sees_every_class(self, assignment):
        admin = get_user_model().objects.create_superuser("root", password="x" * 20)
        client = logged_in(admin)
        for url in class_urls(assignment):
            assert client.get(url).status_code == 200, url


class TestRunWithAClass:
    def test_one_post_makes_a_class_that_opens_now_and_lands_on_its_screen(self, teacher, own_set):
        client = logged_in(teacher)
        response = client.post(
            f"/teach/sets/{own_set.pk}/run/",
            {"pace": "teacher", "reveal": "after_close", "minutes": "45"},
        )
        assignment = Assignment.objects.get()
        assert response["Location"] == f"/teach/classes/{assignment.pk}/"
        assert assignment.owner == teacher and assignment.question_set == own_set
        assert assignment.teacher_paced and assignment.reveal == "after_close"
        assert assignment.has_opened() and not assignment.has_closed()
        minutes = (assignment.closes_at - assignment.state_changed_at).total_seconds() / 60
        assert round(minutes) == 45

    def test_the_sets_admin_button_runs_it_with_the_defaults(self, teacher, own_set):
        client = logged_in(teacher)
        page = client.get(f"/admin/quizzes/questionset/{own_set.pk}/change/").content.decode()
        assert f'action="/teach/sets/{own_set.pk}/run/"' in page
        response = client.post(f"/teach/sets/{own_set.pk}/run/")
        assignment = Assignment.objects.get()
        assert response["Location"] == f"/teach/classes/{assignment.pk}/"
        assert assignment.pace == "self" and assignment.reveal == "after_each"

    def test_a_shared_classes_only_choice_of_set_and_a_bad_value(self, teacher):
        shared = QuestionSet.objects.shared().order_by("title").first()
        client = logged_in(teacher)
        refused = client.post(f"/teach/sets/{shared.pk}/run/", {"pace": "fast"})
        assert refused.status_code == 422
        assert "Pace:" in refused.content.decode()
        assert not Assignment.objects.exists()
        assert client.post(f"/teach/sets/{shared.pk}/run/").status_code == 302

    def test_an_unpublished_set_cannot_be_run(self, teacher):
        draft = make_question_set(owner=teacher, published=False)
        assert logged_in(teacher).post(f"/teach/sets/{draft.pk}/run/").status_code == 404
        assert not Assignment.objects.exists()

    def test_a_get_changes_nothing(self, teacher, own_set):
        assert logged_in(teacher).get(f"/teach/sets/{own_set.pk}/run/").status_code == 405
        assert not Assignment.objects.exists()


class TestClassScreen:
    def test_it_shows_the_code_the_link_the_qr_code_and_who_joined(self, teacher, assignment):
        join(assignment, "Ana")
        join(assignment, "Ben")
        page = logged_in(teacher).get(f"/teach/classes/{assignment.pk}/").content.decode()
        assert assignment.display_code in page
        assert f"http://testserver/join/?code={assignment.display_code}" in page
        assert "<svg" in page and "QR code of the link" in page
        assert "2 students joined" in page
        assert "Ana" in page and "Ben" in page

    def test_names_can_be_hidden_from_the_projector(self, teacher, assignment):
        join(assignment, "Ana")
        client = logged_in(teacher)
        assert client.post(f"/teach/classes/{assignment.pk}/names/", {"hide": "1"}).status_code
        page = client.get(f"/teach/classes/{assignment.pk}/").content.decode()
        assert "1 student joined" in page and "Ana" not in page
        assert "Names are hidden" in page

    def test_without_javascript_there_is_a_refresh_link(self, teacher, assignment):
        page = logged_in(teacher).get(f"/teach/classes/{assignment.pk}/").content.decode()
        assert f'href="/teach/classes/{assignment.pk}/">Refresh</a>' in page

    def test_self_paced_progress_counts_answers_per_question(self, teacher, assignment):
        ana, attempt = join(assignment, "Ana")
        ana.answer(attempt, 1, ana.right_answer(attempt, 1))
        ben, other = join(assignment, "Ben")
        ben.answer(other, 1, ben.wrong_answer(other, 1))
        live = logged_in(teacher).get(f"/teach/classes/{assignment.pk}/live/").content.decode()
        assert "<tr><td>1</td><td>2 of 2</td><td>50%</td></tr>" in live
        assert "<tr><td>2</td><td>0 of 2</td><td>–</td></tr>" in live


class TestLivePart:
    def url(self, assignment):
        return f"/teach/classes/{assignment.pk}/live/"

    def test_unchanged_is_304_and_a_new_answer_changes_it(self, teacher, assignment):
        client = logged_in(teacher)
        first = client.get(self.url(assignment))
        assert first.status_code == 200 and first["Cache-Control"] == "private, no-cache"
        again = client.get(self.url(assignment), headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        student, attempt = join(assignment, "Ana")
        joined = client.get(self.url(assignment), headers={"If-None-Match": first["ETag"]})
        assert joined.status_code == 200 and "Ana" in joined.content.decode()
        student.answer(attempt, 1, student.right_answer(attempt, 1))
        answered = client.get(self.url(assignment), headers={"If-None-Match": joined["ETag"]})
        assert answered.status_code == 200 and answered["ETag"] != joined["ETag"]

    def test_an_etag_a_compressing_proxy_made_weak_still_matches(self, teacher, assignment):
        client = logged_in(teacher)
        etag = client.get(self.url(assignment))["ETag"]
        weak = client.get(self.url(assignment), headers={"If-None-Match": f"W/{etag}"})
        assert weak.status_code == 304

    @pytest.mark.parametrize("pace", ["self", "teacher"])
    def test_queries_do_not_grow_with_the_number_of_students(self, teacher, assignment, pace):
        assignment.pace = pace
        assignment.current_question = 1
        assignment.save()
        client = logged_in(teacher)
        full, not_modified = [], []
        for students in (1, 15):
            while assignment.attempts.count() < students:
                student, attempt = join(assignment, f"S{assignment.attempts.count()}")
                student.answer(attempt, 1, student.right_answer(attempt, 1))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(self.url(assignment))
            assert response.status_code == 200
            full.append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                cached = client.get(
                    self.url(assignment), headers={"If-None-Match": response["ETag"]}
                )
            assert cached.status_code == 304
            not_modified.append(len(queries))
        assert full[0] == full[1]
        assert not_modified[0] == not_modified[1] <= 3


class TestTeacherPaced:
    @pytest.fixture
    def paced(self, assignment):
        assignment.pace = Assignment.Pace.TEACHER
        assignment.save()
        return assignment

    def move(self, client, assignment, action, question):
        return client.post(
            f"/teach/classes/{assignment.pk}/move/", {"action": action, "question": question}
        )

    def test_bars_count_choices_without_names_then_the_answer_is_shown(self, teacher, paced):
        client = logged_in(teacher)
        self.move(client, paced, "next", 0)
        for name, right in (("Ana", True), ("Ben", False), ("Cy", True)):
            student, attempt = join(paced, name)
            answer = student.right_answer if right else student.wrong_answer
            student.answer(attempt, 1, answer(attempt, 1))
        live = client.get(f"/teach/classes/{paced.pk}/live/").content.decode()
        bars = live.split('<ul class="bars"')[1].split("</ul>")[0]
        assert "3 of 3</strong> answered" in live
        assert 'width="67"' in bars and "2 <span" in bars
        assert "Ana" not in bars and "Ben" not in bars
        assert "correct</span>" not in bars and "Explanation 1" not in live
        self.move(client, paced, "reveal", 1)
        shown = client.get(f"/teach/classes/{paced.pk}/live/").content.decode()
        assert "correct</span>" in shown and "Explanation 1" in shown

    def test_a_double_click_moves_the_class_once(self, teacher, paced):
        client = logged_in(teacher)
        assert self.move(client, paced, "next", 0).status_code == 302
        second = self.move(client, paced, "next", 0)
        assert second.status_code == 409
        assert "already moved on" in second.content.decode()
        paced.refresh_from_db()
        assert paced.current_question == 1

    def test_it_cannot_go_past_the_last_question_or_take_a_made_up_action(self, teacher, paced):
        client = logged_in(teacher)
        for number in range(3):
            self.move(client, paced, "next", number)
            self.move(client, paced, "reveal", number + 1)
        assert self.move(client, paced, "next", 3).status_code == 409
        assert self.move(client, paced, "jump", 3).status_code == 400
        assert self.move(client, paced, "next", "x").status_code == 409
        paced.refresh_from_db()
        assert paced.current_question == 3 and paced.phase == "revealed"


def test_the_summary_names_the_hardest_questions_and_sections_to_reread(teacher, assignment):
    for name in ("Ana", "Ben"):
        student, attempt = join(assignment, name)
        student.answer(attempt, 1, student.wrong_answer(attempt, 1))
        student.answer(attempt, 2, student.right_answer(attempt, 2))
    page = logged_in(teacher).get(f"/teach/classes/{assignment.pk}/summary/").content.decode()
    hardest = page.split('<ol class="hardest"')[1]
    assert hardest.index("Question 1.") < hardest.index("Question 2.")
    assert "0% right" in page and "100% right" in page
    section = assignment.question_set.questions.first().section
    assert f'<a href="{section.get_absolute_url()}">{section.title}</a>: 50%' in page


def test_the_assignments_admin_page_links_to_its_class_screen(teacher, assignment):
    page = logged_in(teacher).get(f"/admin/quizzes/assignment/{assignment.pk}/change/")
    assert f'href="/teach/classes/{assignment.pk}/"' in page.content.decode()


def test_a_student_with_no_answer_for_two_minutes_is_listed_as_stuck(teacher, assignment):
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.models import Attempt

    join(assignment, "Ana")
    busy, attempt = join(assignment, "Ben")
    busy.answer(attempt, 1, busy.right_answer(attempt, 1))
    Attempt.objects.filter(assignment=assignment).update(
        started_at=timezone.now() - timedelta(minutes=3)
    )
    client = logged_in(teacher)
    live = client.get(f"/teach/classes/{assignment.pk}/live/").content.decode()
    stuck = live.split("No answer for two minutes</h2>")[1]
    assert "Ana (0 answered)" in stuck and "Ben" not in stuck
    client.post(f"/teach/classes/{assignment.pk}/names/", {"hide": "1"})
    hidden = client.get(f"/teach/classes/{assignment.pk}/live/").content.decode()
    assert "<p>1 student.</p>" in hidden and "Ana" not in hidden

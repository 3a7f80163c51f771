import pytest
from django.utils.html import escape

from quizzes.models import Answer, Attempt, QuestionSet
from tests.factories import make_question_set

pytestmark = pytest.mark.django_db


def test_quiz_list_shows_topic_count_and_description_of_published_sets(client):
    hidden = make_question_set(published=False, title="Draft set")
    body = client.get("/quizzes/").content.decode()
    for question_set in QuestionSet.objects.published().with_question_count():
        assert escape(question_set.title) in body
        assert escape(question_set.description) in body
        assert f"{question_set.question_count} questions" in body
    assert hidden.title not in body


def test_start_creates_one_attempt_and_opens_question_one(client):
    question_set = make_question_set(questions=3)
    response = client.post(f"/quizzes/{question_set.slug}/start/")
    attempt = Attempt.objects.get(question_set=question_set)
    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/1/"
    page = client.get(response["Location"]).content.decode()
    assert "Question 1 of 3" in page
    assert '<progress max="3" value="1"' in page


def test_a_question_page_says_which_question_it_is_in_its_title_description_and_progress_bar(
    client,
):
    question_set = make_question_set(questions=3, title="Talks & <guarantees>")
    QuestionSet.objects.filter(pk=question_set.pk).update(
        description_uk="Опис <тесту>", title_uk="Переговори & <гарантії>"
    )
    client.post(f"/quizzes/{question_set.slug}/start/")
    attempt = Attempt.objects.get(question_set=question_set)
    for prefix, label, description in [
        ("", "Question 2 of 3", "Question 2 of 3 in the quiz “Talks &amp; &lt;guarantees&gt;”: "
         "A set built by a test."),
        ("/uk", "Питання 2 з 3", "Питання 2 з 3 у тесті «Переговори &amp; &lt;гарантії&gt;»: "
         "Опис &lt;тесту&gt;"),
    ]:  # fmt: skip
        page = client.get(f"{prefix}/attempts/{attempt.pk}/2/").content.decode()
        assert f'<meta name="description" content="{description}">' in page
        assert f"<title>{label} · " in page
        assert f'<p class="progress-label" id="progress-label">{label}</p>' in page
        assert f'aria-labelledby="progress-label">{label}</progress>' in page


def test_start_is_a_post_only(client):
    question_set = make_question_set(questions=1)
    assert client.get(f"/quizzes/{question_set.slug}/start/").status_code == 405
    assert not Attempt.objects.exists()


def test_answer_without_javascript_redirects_to_the_same_page_with_feedback(student):
    question_set = make_question_set(questions=2)
    attempt = student.start(question_set)
    response = student.answer(attempt, 1, student.wrong_answer(attempt, 1))
    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/1/"
    page = student.page(attempt, 1).content.decode()
    assert "Not quite." in page
    assert "The correct answer:" in page
    assert "Choice 1" in page
    assert "Explanation 1" in page
    assert "Why choice" in page
    assert "Source:" in page
    assert "Read more:" in page and '/explainer/what-neutrality-means/"' in page
    assert f'href="/attempts/{attempt.pk}/2/">Next question' in page


def test_answer_with_htmx_returns_only_the_feedback_fragment(student):
    question_set = make_question_set(questions=2)
    attempt = student.start(question_set)
    response = student.answer(
        attempt, 1, student.right_answer(attempt, 1), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment and "<header" not in fragment
    assert 'class="feedback is-right"' in fragment
    assert "Right." in fragment
    assert "autofocus" in fragment
    assert "HX-Request" in response["Vary"]
    assert len(response.content) < 8 * 1024


def test_question_page_has_a_working_form_and_htmx_on_it(student):
    attempt = student.start(make_question_set(questions=1))
    page = student.page(attempt, 1).content.decode()
    assert f'<form method="post" action="/attempts/{attempt.pk}/1/" data-hx-post=' in page
    assert "csrfmiddlewaretoken" in page
    assert 'data-hx-headers=\'{"X-CSRFToken": "' in page


def test_finishing_shows_score_review_and_sections_to_reread(student):
    question_set = make_question_set(questions=3, kinds=("single", "multiple", "ordering"))
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    student.answer(attempt, 2, student.wrong_answer(attempt, 2))
    last = student.answer(attempt, 3, student.right_answer(attempt, 3))
    assert last.status_code == 302
    page = student.page(attempt, 3).content.decode()
    assert f'href="/attempts/{attempt.pk}/results/">See your results' in page

    results = student.client.get(f"/attempts/{attempt.pk}/results/").content.decode()
    assert "2 out of 3" in results
    assert "67%" in results
    assert "What to reread" in results
    assert '/explainer/what-neutrality-means/"' in results
    every = student.client.get(f"/attempts/{attempt.pk}/results/?show=all").content.decode()
    for number in (1, 2, 3):
        assert f"Prompt {number}" in every
        assert f"Explanation {number}" in every
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 2


def test_results_before_the_end_send_the_student_to_the_first_unanswered_question(student):
    attempt = student.start(make_question_set(questions=3))
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    response = student.client.get(f"/attempts/{attempt.pk}/results/")
    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{attempt.pk}/2/"


def test_a_student_who_comes_back_resumes_the_unfinished_attempt(student):
    question_set = make_question_set(questions=4)
    attempt = student.start(question_set)
    student.answer(attempt, 1, student.right_answer(attempt, 1))
    student.answer(attempt, 2, student.right_answer(attempt, 2))
    assert "Continue" in student.client.get(f"/quizzes/{question_set.slug}/").content.decode()
    again = student.client.post(f"/quizzes/{question_set.slug}/start/")
    assert again["Location"] == f"/attempts/{attempt.pk}/3/"
    assert Attempt.objects.filter(question_set=question_set).count() == 1


def test_try_again_starts_a_new_attempt_with_a_new_order(student):
    question_set = make_question_set(questions=12, shuffle_questions=True)
    orders = set()
    for _ in range(3):
        attempt = student.start(question_set)
        orders.add(tuple(attempt.question_ids))
        for number in range(1, 13):
            student.answer(attempt, number, student.right_answer(attempt, number))
    assert Attempt.objects.filter(question_set=question_set).count() == 3
    assert Answer.objects.filter(attempt__question_set=question_set).count() == 36
    assert len(orders) > 1
    assert all(sorted(order) == sorted(orders.pop()) for order in list(orders))


def test_every_shipped_quiz_can_be_taken_to_the_end(student):
    for question_set in QuestionSet.objects.published().filter(owner=None):
        attempt = student.start(question_set)
        for number in range(1, attempt.total + 1):
            page = student.page(attempt, number)
            assert page.status_code == 200
            response = student.answer(attempt, number, student.right_answer(attempt, number))
            assert response.status_code == 302, (question_set.slug, number, response.content)
        results = student.client.get(f"/attempts/{attempt.pk}/results/").content.decode()
        assert f"{attempt.total} out of {attempt.total}" in results


def test_the_review_tags_a_partly_right_answer_as_partly_right_not_as_wrong(student):
    attempt = student.start(make_question_set(questions=3, kinds=("short",)))
    student.answer(attempt, 1, {"answer": "trilateral statement"})
    student.answer(attempt, 2, {"answer": "trilateral"})  # the half-credit wildcard
    student.answer(attempt, 3, {"answer": "nothing like it"})

    page = student.client.get(f"/attempts/{attempt.pk}/results/?show=all").content.decode()
    parts = [part.split("</summary>")[0] for part in page.split("<summary>")[1:]]
    summaries = [part for part in parts if "review-number" in part]

    assert len(summaries) == 3
    assert '<span class="tag right">right</span>' in summaries[0]
    assert '<span class="tag partly">partly right</span>' in summaries[1]
    assert '<span class="tag wrong">not right</span>' in summaries[2]

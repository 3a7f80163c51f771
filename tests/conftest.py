import pytest
from django.conf import settings
from django.core.management import call_command

# Tests run without collectstatic; the manifest storage is tested on its own in test_deploy.py.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the shipped content, loaded once per run."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture(autouse=True)
def empty_question_cache():
    """Each test starts with no question cached, as a freshly started server does."""
    from quizzes.question_cache import question_for_display

    question_for_display.cache_clear()


class Student:
    """A browser without an account: starts attempts and answers through the public pages."""

    def __init__(self, client):
        self.client = client

    def start(self, question_set):
        response = self.client.post(f"/quizzes/{question_set.slug}/start/")
        assert response.status_code == 302, response
        from quizzes.models import Attempt

        return Attempt.objects.filter(question_set=question_set).order_by("-pk").first()

    def page(self, attempt, number, **kwargs):
        return self.client.get(f"/attempts/{attempt.pk}/{number}/", **kwargs)

    def answer(self, attempt, number, data, **kwargs):
        return self.client.post(f"/attempts/{attempt.pk}/{number}/", data, **kwargs)

    def shown(self, attempt, number):
        """The displayed choices of a question, as the view computes them."""
        from quizzes.models import Question
        from quizzes.scoring import displayed_choices

        question = Question.objects.get(pk=attempt.question_ids[number - 1])
        return displayed_choices(
            question,
            list(question.choices.all()),
            seed=attempt.seed,
            shuffle=attempt.question_set.shuffle_choices,
        )

    def right_answer(self, attempt, number):
        """Form data that answers question ``number`` correctly."""
        shown = self.shown(attempt, number)
        question = shown[0].question
        if question.is_ordering:
            return {f"position-{i}": c.correct_position for i, c in enumerate(shown, start=1)}
        return {"choice": [i for i, c in enumerate(shown, start=1) if c.is_correct]}

    def wrong_answer(self, attempt, number):
        shown = self.shown(attempt, number)
        question = shown[0].question
        if question.is_ordering:
            return {f"position-{i}": i for i in range(1, len(shown) + 1)}
        return {"choice": [next(i for i, c in enumerate(shown, start=1) if not c.is_correct)]}


@pytest.fixture
def student(client):
    return Student(client)

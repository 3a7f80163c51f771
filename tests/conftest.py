import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished
from django.utils import translation

from tests.factories import Student

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
    """Each test starts with no question and no page fragment cached, as a freshly started server
    does."""
    from django.core.cache import cache

    from quizzes.question_cache import questions

    questions.clear()
    cache.clear()


@pytest.fixture
def student(client):
    return Student(client)


@pytest.fixture(autouse=True)
def english_between_requests():
    """A request to /uk/ leaves Ukrainian active in the test's own thread, where a server starts
    each request afresh: between requests, and in the next test, tests read and reverse in
    English."""

    def english(**kwargs):
        translation.activate(settings.LANGUAGE_CODE)

    request_finished.connect(english)
    yield
    request_finished.disconnect(english)
    english()

import sqlite3
from contextlib import closing

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import connection
from django.utils import translation

from tests.factories import Student, shipped_content, the_sites_database

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


@pytest.fixture(scope="session")
def migrated_site_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, a file migrated and loaded with the shipped content once per run (migrating
    takes seconds); each test that needs one gets its own copy."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("site") / "site.sqlite3"
    with (
        django_db_blocker.unblock(),
        the_sites_database({**connection.settings_dict, "NAME": str(path)}),
    ):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_content", verbosity=0)
    return path


@pytest.fixture
def site_database(migrated_site_file, tmp_path):
    """The settings of the database the threads share: on SQLite a copy of the migrated file
    with the shipped content; on PostgreSQL the test database itself (None)."""
    if migrated_site_file is None:
        shipped_content()
        return None
    path = tmp_path / "site.sqlite3"
    # SQLite's own backup copies the database whole, whatever its journal holds.
    with (
        closing(sqlite3.connect(migrated_site_file)) as source,
        closing(sqlite3.connect(path)) as copy,
    ):
        source.backup(copy)
    return {**connection.settings_dict, "NAME": str(path)}

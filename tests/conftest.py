import pytest
from django.conf import settings
from django.core.management import call_command

# Tests run without collectstatic; the manifest storage is tested on its own in test_static.py.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the shipped content, loaded once per run."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)

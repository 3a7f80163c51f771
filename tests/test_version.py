"""The running version: from pyproject.toml, on /healthz, in the admin, and in the changelog."""

import tomllib
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError

from config import version
from tests.factories import logged_in, make_teacher

BASE_DIR = Path(settings.BASE_DIR)
RELEASED = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"
]


def test_the_installed_version_is_the_one_in_pyproject():
    # A stale install (pyproject.toml changed, pip install not run) would report the old version.
    assert version.installed_version() == RELEASED, "reinstall: pip install -e ."


def test_an_uninstalled_checkout_reports_an_unknown_version():
    missing = version.PackageNotFoundError("neutrality-explained")
    with mock.patch("config.version.version", side_effect=missing):
        assert version.installed_version() == "unknown"


@pytest.mark.django_db
def test_healthz_names_the_version_and_keeps_its_body(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["X-App-Version"] == RELEASED


def test_a_failing_health_check_names_the_version_too(client):
    with mock.patch("config.views.connection") as broken:
        broken.cursor.side_effect = DatabaseError("connection refused")
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["X-App-Version"] == RELEASED


@pytest.mark.django_db
def test_the_admin_footer_names_the_version():
    response = logged_in(make_teacher("ms-kovalenko")).get("/admin/")

    assert response.status_code == 200
    assert f"Neutrality, explained, version {RELEASED}</p></footer>" in response.text


def test_the_changelog_describes_this_version():
    changelog = (BASE_DIR / "CHANGELOG.md").read_text(encoding="utf-8")

    assert f"## [{RELEASED}]" in changelog
    assert "## [0.1.0]" in changelog

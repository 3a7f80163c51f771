"""The two languages attacked from outside: addresses, the switcher, the language cookie and the
browser's Accept-Language must never send a reader to another site, answer 5xx or show a page in
a language its address does not say."""

import json
import re

import pytest
from django.conf import settings
from django.test import Client

from tests.test_deploy import ONE_YEAR, production_env, run_django

pytestmark = pytest.mark.django_db

SWITCH = re.compile(r'<form class="language-switch".*?</form>', re.S)


def raw_get(client: Client, path: str, **headers):
    """GET a path exactly as a browser sends it (the test client reads ``//host/`` as a host)."""
    return client.get("/", PATH_INFO=path, headers=headers)


@pytest.mark.parametrize(
    "preference",
    [{"cookie": "uk"}, {"header": "uk-UA,uk;q=0.9"}],
    ids=["language cookie", "first visit's Accept-Language"],
)
@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/quizzes/"])
def test_a_reader_preferring_ukrainian_is_never_sent_to_another_site(path, preference):
    client = Client()
    if "cookie" in preference:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = preference["cookie"]
    headers = {"Accept-Language": preference["header"]} if "header" in preference else {}
    response = raw_get(client, path, **headers)
    # Before: 302 to //evil.example/uk/, which a browser opens as https://evil.example/uk/.
    assert response.status_code == 404 and "Location" not in response
    assert '<html lang="uk">' in response.text


def test_the_switcher_on_a_page_at_a_double_slash_address_names_no_other_site():
    page = raw_get(Client(), "//evil.example/quizzes/")
    assert page.status_code == 404
    switch = SWITCH.search(page.text).group(0)
    assert 'name="next" value="/%2Fevil.example/quizzes/"' in switch, switch


SWITCH_IN_PRODUCTION = """
import django, json
django.setup()
from django.test import Client
switched = Client(HTTP_HOST="quiz.example.org").post(
    "/language/", {"language": "uk", "next": "/uk/"}, headers={"X-Forwarded-Proto": "https"}
)
print(json.dumps([switched.status_code, switched.cookies["django_language"].OutputString()]))
"""


def test_the_chosen_language_outlives_the_browser_session_and_goes_only_over_https(tmp_path):
    result = run_django(
        ["-c", SWITCH_IN_PRODUCTION],
        DJANGO_SETTINGS_MODULE="config.settings",
        **production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}"),
    )
    assert result.returncode == 0, result.stderr
    status, header = json.loads(result.stdout)
    # Before: "django_language=uk; Path=/", forgotten when the browser closed, sent over plain HTTP.
    attributes = dict((part.strip().lower().partition("=")[::2]) for part in header.split(";")[1:])
    assert status == 302 and header.startswith("django_language=uk;")
    assert int(attributes["max-age"]) >= ONE_YEAR
    assert {"secure", "samesite"} <= attributes.keys() and attributes["samesite"] == "lax"


@pytest.mark.parametrize("code", ["uk-UA", "uk-ua", "UK"])
def test_a_regional_or_capitalised_code_switches_to_ukrainian_on_the_same_page(code):
    client = Client()
    switched = client.post("/language/", {"language": code, "next": "/quizzes/?from=board"})
    # Before: "uk-UA" went to /uk-ua/quizzes/, a page-not-found, and stayed in the cookie.
    assert (switched.status_code, switched["Location"]) == (302, "/uk/quizzes/?from=board")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    assert client.get(switched["Location"]).status_code == 200

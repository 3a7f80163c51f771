"""The two languages attacked from outside: addresses, the switcher, the language cookie and the
browser's Accept-Language must never send a reader to another site, answer 5xx or show a page in
a language its address does not say."""

import re

import pytest
from django.conf import settings
from django.test import Client

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

"""The admin's sign-in: wrong passwords lock a username from an address for 15 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import make_teacher

pytestmark = pytest.mark.django_db
PASSWORD = "a long teacher password 91"


def sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def signed_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def teacher():
    return make_teacher("ms_bondar", PASSWORD)


def test_ten_wrong_passwords_lock_the_account_until_it_is_reset(client, teacher):
    for _ in range(9):
        assert sign_in(client, "ms_bondar", "guess").status_code == 200
    locked = sign_in(client, "ms_bondar", "guess")
    assert locked.status_code == 429

    refused = sign_in(client, "ms_bondar", PASSWORD)

    assert refused.status_code == 429
    assert "Sign-in locked for 15 minutes" in refused.content.decode()
    assert "even with the right password" in refused.content.decode()
    assert not signed_in(client)

    call_command("axes_reset_username", "ms_bondar", verbosity=0)
    assert sign_in(client, "ms_bondar", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_lock_holds_for_one_username_from_one_address(teacher):
    make_teacher("mr_other", PASSWORD)
    school = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(10):
        sign_in(school, "ms_bondar", "guess")
    assert sign_in(school, "ms_bondar", PASSWORD).status_code == 429
    # A colleague behind the same school address still signs in, and so does the teacher at home.
    colleague = Client(REMOTE_ADDR="192.0.2.10")
    assert sign_in(colleague, "mr_other", PASSWORD).status_code == 302
    home = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(home, "ms_bondar", PASSWORD).status_code == 302


def test_the_address_is_the_one_the_reverse_proxy_reports(teacher, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(10):
        sign_in(Client(HTTP_X_REAL_IP="203.0.113.5"), "ms_bondar", "guess")
    # Every request comes from the proxy at 127.0.0.1; only the header tells students apart.
    assert sign_in(Client(HTTP_X_REAL_IP="203.0.113.5"), "ms_bondar", PASSWORD).status_code == 429
    assert sign_in(Client(HTTP_X_REAL_IP="203.0.113.6"), "ms_bondar", PASSWORD).status_code == 302


def test_the_lock_lifts_after_15_minutes(client, teacher):
    for _ in range(10):
        sign_in(client, "ms_bondar", "guess")
    attempts = AccessAttempt.objects.filter(username="ms_bondar")
    attempts.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(client, "ms_bondar", PASSWORD).status_code == 429
    attempts.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "ms_bondar", PASSWORD).status_code == 302


def test_a_successful_sign_in_starts_the_count_again(client, teacher):
    for _ in range(9):
        sign_in(client, "ms_bondar", "guess")
    assert sign_in(client, "ms_bondar", PASSWORD).status_code == 302
    client.logout()
    for _ in range(9):
        sign_in(client, "ms_bondar", "guess")
    assert sign_in(client, "ms_bondar", PASSWORD).status_code == 302


def test_signing_in_in_tests_still_works_without_a_password(teacher):
    client = Client()
    client.force_login(teacher)
    assert signed_in(client)

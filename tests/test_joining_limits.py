"""Joining: a real code never counts as wrong, limits per browser and per address, a table that
stays small under a flood, and join links that fill the code in."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from quizzes.classroom import joining
from quizzes.models import Assignment, Attempt, JoinThrottle, QuestionSet, new_join_code
from tests.factories import make_question_set

pytestmark = pytest.mark.django_db


def make_assignment(**fields):
    owner = get_user_model().objects.create_user(f"teacher{Assignment.objects.count()}")
    question_set = fields.pop("question_set", None) or make_question_set(questions=2)
    return Assignment.objects.create(
        title="Class 9A", question_set=question_set, owner=owner, **fields
    )


def join(client, code, name="Ana"):
    return client.post("/join/", {"code": code, "name": name})


def wrong_codes(count):
    """``count`` codes that no assignment has."""
    taken = set(Assignment.objects.values_list("join_code", flat=True))
    codes = []
    while len(codes) < count:
        code = new_join_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def advance_clock(monkeypatch, by):
    later = timezone.now() + by
    monkeypatch.setattr(joining.timezone, "now", lambda: later)


def test_the_real_code_of_an_unpublished_set_never_blocks_a_later_join():
    question_set = make_question_set(questions=2, published=False)
    assignment = make_assignment(question_set=question_set)
    for _ in range(20):
        early = join(Client(), assignment.display_code)
        assert early.status_code == 403
        assert "“Class 9A” is not ready yet. Ask your teacher" in early.content.decode()
    assert not JoinThrottle.objects.exists()

    QuestionSet.objects.filter(pk=question_set.pk).update(is_published=True)
    assert join(Client(), assignment.display_code).status_code == 302
    assert Attempt.objects.filter(assignment=assignment).count() == 1


def test_the_real_code_of_a_class_not_yet_open_never_blocks_a_later_join():
    assignment = make_assignment(opens_at=timezone.now() + timedelta(hours=1))
    for _ in range(20):
        early = join(Client(), assignment.join_code)
        assert early.status_code == 403
        assert "“Class 9A” has not opened yet: it opens on" in early.content.decode()
    assert not JoinThrottle.objects.exists()

    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now())
    assert join(Client(), assignment.join_code).status_code == 302


def test_the_real_code_of_a_closed_class_says_when_it_closed_and_counts_nothing():
    now = timezone.now()
    assignment = make_assignment(
        opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1)
    )
    for _ in range(20):
        late = join(Client(), assignment.join_code)
        assert late.status_code == 403 and "“Class 9A” closed on" in late.content.decode()
    assert not JoinThrottle.objects.exists()


def test_fresh_cookies_from_one_address_are_refused_after_the_address_limit(monkeypatch):
    assignment = make_assignment()
    for code in wrong_codes(joining.ADDRESS_LIMIT):
        # A new browser (no cookie) for every try: the per-session limit never applies.
        assert join(Client(REMOTE_ADDR="198.51.100.7"), code).status_code == 422

    refused = join(Client(REMOTE_ADDR="198.51.100.7"), assignment.join_code)
    assert refused.status_code == 429
    assert 840 < int(refused["Retry-After"]) <= 900
    page = refused.content.decode()
    assert "Too many wrong codes" in page and "try again in 15 minutes, at" in page
    assert not Attempt.objects.exists()

    # Another school, at another address, is not held up.
    assert join(Client(REMOTE_ADDR="203.0.113.20"), assignment.join_code).status_code == 302
    advance_clock(monkeypatch, joining.WRONG_CODE_WINDOW + timedelta(seconds=1))
    assert join(Client(REMOTE_ADDR="198.51.100.7"), assignment.join_code).status_code == 302


def test_behind_a_proxy_the_limit_follows_the_address_the_proxy_reports(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assignment = make_assignment()
    # nginx connects from 127.0.0.1 for everyone and passes on each client's own address.
    for code in wrong_codes(joining.ADDRESS_LIMIT):
        assert join(Client(HTTP_X_REAL_IP="198.51.100.7"), code).status_code == 422
    assert join(Client(HTTP_X_REAL_IP="198.51.100.7"), assignment.join_code).status_code == 429
    assert join(Client(HTTP_X_REAL_IP="203.0.113.20"), assignment.join_code).status_code == 302


def test_a_class_sharing_one_address_can_all_mistype_and_still_join():
    assignment = make_assignment()
    classmates = [Client() for _ in range(30)]
    for classmate, (typo, second_typo) in zip(
        classmates, zip(wrong_codes(30), wrong_codes(30), strict=True), strict=True
    ):
        assert join(classmate, typo).status_code == 422
        assert join(classmate, second_typo).status_code == 422
    for number, classmate in enumerate(classmates):
        assert join(classmate, assignment.join_code, name=f"Student {number}").status_code == 302
    assert Attempt.objects.filter(assignment=assignment).count() == 30


def test_refused_tries_add_no_rows():
    client = Client()
    for code in wrong_codes(joining.WRONG_CODE_LIMIT):
        join(client, code)
    rows = JoinThrottle.objects.count()
    for code in wrong_codes(50):
        assert join(client, code).status_code == 429
    assert JoinThrottle.objects.count() == rows


def test_the_limit_table_stays_bounded_under_a_long_flood():
    start = timezone.now()
    step = timedelta(seconds=20)
    failures = 2000
    for i, code in enumerate(wrong_codes(failures)):
        limits = joining.join_limits(
            student_key=f"fresh-cookie-{i}", address=f"10.{i // 250}.0.{i % 250}", code=code
        )
        joining.join_failed(limits, now=start + i * step)
    # Without deleting, every failure would leave three rows (6,000). With it, the table holds
    # the rows of one window plus those of at most PRUNE_EVERY failures since the last delete.
    per_window = joining.WRONG_CODE_WINDOW // step + 1
    assert JoinThrottle.objects.count() <= 3 * (per_window + joining.PRUNE_EVERY)


def test_a_flood_through_the_join_page_stays_bounded_too(monkeypatch):
    now = timezone.now()
    for i, code in enumerate(wrong_codes(3 * joining.PRUNE_EVERY)):
        # One failure every minute from a new address and a new cookie.
        monkeypatch.setattr(joining.timezone, "now", lambda i=i: now + timedelta(minutes=i))
        assert join(Client(REMOTE_ADDR=f"10.0.0.{i + 1}"), code).status_code == 422
    per_window = joining.WRONG_CODE_WINDOW // timedelta(minutes=1) + 1
    assert JoinThrottle.objects.count() <= 3 * (per_window + joining.PRUNE_EVERY)
    assert JoinThrottle.objects.count() < 3 * 3 * joining.PRUNE_EVERY


def test_prune_join_limits_deletes_only_rows_whose_window_has_ended():
    now = timezone.now()
    window = joining.WRONG_CODE_WINDOW
    JoinThrottle.objects.create(key="session:old", failures=3, window_started=now - 2 * window)
    JoinThrottle.objects.create(key="address:old", failures=90, window_started=now - window)
    JoinThrottle.objects.create(key="session:live", failures=1, window_started=now - window / 2)
    assert joining.prune_join_limits(now=now) == 2
    assert list(JoinThrottle.objects.values_list("key", flat=True)) == ["session:live"]
    assert joining.prune_join_limits() == 0


def test_a_join_link_fills_the_code_in():
    assignment = make_assignment()
    page = Client().get(f"/join/?code={assignment.display_code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="code" id="id_code" value="{assignment.display_code}"' in html
    # The name is all that is left to type.
    assert 'name="name" id="id_name" value=""' in html
    assert html.index("autofocus") > html.index('name="name"')

    client = Client()
    client.get(f"/join/?code={assignment.display_code}")
    response = client.post("/join/", {"code": assignment.display_code, "name": "Olena"})
    assert response.status_code == 302
    assert Attempt.objects.get(assignment=assignment).display_name == "Olena"


def test_a_join_link_cannot_inject_markup():
    html = Client().get('/join/?code="><script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html

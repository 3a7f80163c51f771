"""Headers for shared classroom computers and for features the site never uses, and one quiet log
line for requests with a bad Host."""

import logging

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, NONE, SELF
from csp.decorators import csp, csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse, HttpResponseNotFound
from django.test import Client, RequestFactory, override_settings

from config import middleware
from config.middleware import ContentSecurityPolicyMiddleware
from quizzes.models import Assignment, Attempt
from tests.factories import Student, logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


def never_stored(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def joined():
    """A student who joined a class and answered its one question, with the teacher's client."""
    teacher = make_teacher("mykola")
    assignment = Assignment.objects.create(
        title="10B", question_set=make_question_set(questions=1), owner=teacher
    )
    student = Student(Client())
    student.client.post("/join/", {"code": assignment.join_code, "name": "Ana"})
    attempt = Attempt.objects.get()
    return student, attempt, logged_in(teacher)


def test_every_page_with_a_students_answers_is_kept_out_of_caches(joined):
    student, attempt, _ = joined
    before = student.page(attempt, 1)
    assert before.status_code == 200 and never_stored(before)
    answer = student.right_answer(attempt, 1)
    htmx = student.answer(attempt, 1, answer, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "Right." in htmx.content.decode() and never_stored(htmx)
    plain = student.answer(attempt, 1, answer)
    assert plain.status_code == 302 and never_stored(plain)
    after = student.page(attempt, 1)
    assert "Your answer:" in after.content.decode() and never_stored(after)
    results = student.client.get(f"/attempts/{attempt.pk}/results/")
    assert results.status_code == 200 and never_stored(results)


def test_the_join_page_is_kept_out_of_caches(joined):
    student, attempt, _ = joined
    refused = student.client.post("/join/", {"code": "AAAA-BBBB", "name": "Ana"})
    assert refused.status_code == 422 and never_stored(refused)
    assert never_stored(student.client.get("/join/"))


def test_the_teachers_results_and_csv_downloads_are_kept_out_of_caches(joined):
    _, attempt, teacher = joined
    base = f"/admin/quizzes/assignment/{attempt.assignment_id}/results/"
    for url in (base, f"{base}students.csv", f"{base}questions.csv"):
        response = teacher.get(url)
        assert response.status_code == 200, url
        assert never_stored(response), url


@pytest.mark.parametrize("path", ["/", "/quizzes/", "/join/", "/healthz", "/no-such-page/"])
def test_every_response_turns_off_browser_features_the_site_never_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"):
        assert features[feature] == "()", feature


def test_a_bad_host_gets_400_and_one_warning_line(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    assert record.name == "django.security.DisallowedHost"
    assert record.levelname == "WARNING"
    assert "attacker.example" in record.getMessage()
    assert record.exc_info is None and record.exc_text is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text


# The Content-Security-Policy header: the settings' policy built once, and for every response the
# same header as django-csp's own middleware gives.


def plain(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def with_header(request):
    response = HttpResponse("ok")
    response[HEADER] = "default-src 'none'"
    return response


def not_found(request):
    return HttpResponseNotFound("no")


class ExemptResponse(HttpResponse):
    _csp_exempt = True


def exempt_by_its_class(request):
    return ExemptResponse("ok")


VIEWS = [
    plain,
    with_nonce,
    with_header,
    not_found,
    exempt_by_its_class,
    csp_update({"img-src": ["https://maps.example"]})(plain),
    csp_replace({"script-src": ["https://cdn.example"]})(plain),
    csp({"default-src": [NONE]})(plain),
    csp_exempt()(plain),
    csp_update({"img-src": ["https://maps.example"]}, REPORT_ONLY=True)(plain),
    csp_exempt(REPORT_ONLY=True)(plain),
]
NONCE_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
SETTINGS = [
    {},
    {"CONTENT_SECURITY_POLICY": NONCE_POLICY},
    {"CONTENT_SECURITY_POLICY": {**NONCE_POLICY, "EXCLUDE_URL_PREFIXES": ["/admin/"]}},
    {"CONTENT_SECURITY_POLICY_REPORT_ONLY": {"DIRECTIVES": {"img-src": [SELF]}}},
    {"CONTENT_SECURITY_POLICY": None},
    {"DEBUG": True},
]


def csp_headers(middleware_class, view, path):
    request = RequestFactory().get(path)
    response = middleware_class(view)(request)
    nonce = getattr(request, "_csp_nonce", None)
    headers = {name: response.get(name, "") for name in (HEADER, HEADER_REPORT_ONLY)}
    if nonce:  # each request has its own
        headers = {name: value.replace(nonce, "NONCE") for name, value in headers.items()}
    return headers


@pytest.mark.parametrize("changed", SETTINGS, ids=lambda changed: ",".join(changed) or "the site's")
def test_every_response_gets_the_policy_header_that_django_csp_gives_it(changed):
    with override_settings(**changed):
        for view in VIEWS:
            for path in ("/quizzes/", "/admin/"):
                expected = csp_headers(CSPMiddleware, view, path)
                assert csp_headers(ContentSecurityPolicyMiddleware, view, path) == expected, (
                    view.__name__,
                    path,
                )


def test_the_sites_policy_is_built_once_and_again_when_the_settings_change(monkeypatch):
    built = []

    def counted(**kwargs):
        built.append(kwargs)
        return build_policy(**kwargs)

    build_policy = middleware.build_policy
    monkeypatch.setattr(middleware, "build_policy", counted)
    middleware.settings_policy.cache_clear()
    site = ContentSecurityPolicyMiddleware(plain)
    headers = {site(RequestFactory().get(f"/quizzes/{n}/"))[HEADER] for n in range(3)}
    assert len(built) == 1 and len(headers) == 1
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [NONE]}}):
        assert site(RequestFactory().get("/"))[HEADER] == "default-src 'none'"
    assert site(RequestFactory().get("/"))[HEADER] == headers.pop()
    assert len(built) == 3


def test_a_nonce_asked_for_after_the_header_is_written_is_refused():
    request = RequestFactory().get("/")
    ContentSecurityPolicyMiddleware(plain)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)

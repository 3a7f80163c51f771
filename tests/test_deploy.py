"""Production configuration: environment settings, security headers, static files, health."""

import gc
import gzip
import html
import http.client
import io
import json
import logging
import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.middleware import RequestIdFilter
from config.views import healthz
from tests.factories import make_question_set

BASE_DIR = Path(settings.BASE_DIR)
ONE_YEAR = 60 * 60 * 24 * 365


def only(**env):
    """An environment with only the given variables, and what any program needs."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    } | env


def run_django(args, **env):
    """Run `python <args>` from the project root with only the given variables set."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=only(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "quiz.example.org",
    }
    env.update(overrides)
    return env


# Settings fail fast in production


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "ImproperlyConfigured: DJANGO_SECRET_KEY must be set"),
        ("DJANGO_ALLOWED_HOSTS", "ImproperlyConfigured: DJANGO_ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = production_env()
    del env[missing]
    result = run_django(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "key", ["too-short", "development-only-key-never-use-in-production-0123456789abcdef"]
)
def test_production_refuses_a_short_or_development_secret_key(key):
    result = run_django(["manage.py", "check"], **production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_wsgi_entry_point_is_production_unless_told_otherwise():
    # No DJANGO_DEBUG at all: config/wsgi.py must not fall back to debug mode and its dev key.
    result = run_django(["-c", "import config.wsgi"])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_is_clean_when_the_proxy_does_the_https_redirect():
    env = production_env(DJANGO_SECURE_SSL_REDIRECT="false")
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode == 0, result.stdout + result.stderr


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECRET_KEY_FALLBACKS": s.SECRET_KEY_FALLBACKS,
    "STATIC_ROOT": str(s.STATIC_ROOT),
    "TIME_ZONE": s.TIME_ZONE,
    "DATABASE": {k: s.DATABASES["default"][k] for k in ("NAME", "CONN_MAX_AGE")},
}))
"""


def production_settings(**env):
    result = run_django(
        ["-c", PRINT_SETTINGS], DJANGO_SETTINGS_MODULE="config.settings", **production_env(**env)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# What a browser meets when the site runs with DEBUG off, as a server runs it: its own process, a
# fresh SQLite file. A teacher signs in because that sets both cookies without any content loaded;
# a student's session is the same cookie. Then two requests straight to the WSGI application, as
# gunicorn makes them, to see whether the database connection outlives a request.
BROWSE_IN_PRODUCTION = """
import json, django
from wsgiref.util import setup_testing_defaults
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from config.wsgi import application

call_command("migrate", verbosity=0)
password = "a long teacher password 91"
get_user_model().objects.create_user("teacher", password=password, is_staff=True)
browser = Client(HTTP_HOST="quiz.example.org")
proxied = {"X-Forwarded-Proto": "https"}  # what the TLS proxy sets on every request it passes on
plain = browser.get("/admin/")
plain_health = browser.get("/healthz")
secure = browser.get("/healthz", headers=proxied)
signed_in = browser.post(
    "/admin/login/", {"username": "teacher", "password": password},
    headers=proxied,
)

def serve(path):
    environ = {"PATH_INFO": path, "HTTP_HOST": "quiz.example.org"}
    setup_testing_defaults(environ)
    body = application(environ, lambda status, headers: None)
    b"".join(body)
    body.close()  # what the server does at the end of a response: request_finished runs
    return connection.connection

first, second = serve("/healthz"), serve("/healthz")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "plain health check": plain_health.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "sign in": signed_in.status_code,
    "set-cookie": {name: morsel.OutputString() for name, morsel in signed_in.cookies.items()},
    "connection kept": first is not None and first is second,
}))
"""


@pytest.fixture(scope="module")
def production_browsing(tmp_path_factory):
    database = tmp_path_factory.mktemp("production") / "site.sqlite3"
    result = run_django(
        ["-c", BROWSE_IN_PRODUCTION],
        DJANGO_SETTINGS_MODULE="config.settings",
        **production_env(DATABASE_URL=f"sqlite:///{database}"),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plain_http_is_sent_to_https_except_the_local_health_check(production_browsing):
    assert production_browsing["plain"] == [301, "https://quiz.example.org/admin/"]
    assert production_browsing["plain health check"] == 200


def test_browsers_are_told_to_keep_to_https_for_a_year(production_browsing):
    hsts = dict(
        (part.strip().partition("=")[::2]) for part in production_browsing["hsts"].split(";")
    )
    assert int(hsts["max-age"]) >= ONE_YEAR
    assert "includeSubDomains" in hsts


def test_cookies_go_only_over_https_and_the_session_is_out_of_scripts_reach(production_browsing):
    assert production_browsing["sign in"] == 302
    cookies = {
        name: {attribute.strip().lower() for attribute in header.split(";")[1:]}
        for name, header in production_browsing["set-cookie"].items()
    }
    assert {"secure", "httponly", "samesite=lax"} <= cookies["sessionid"]
    assert {"secure", "samesite=lax"} <= cookies["csrftoken"]


def test_the_database_connection_outlives_a_request(production_browsing):
    assert production_browsing["connection kept"] is True


def test_production_keeps_compiled_templates_in_memory():
    # Django's cached loader, which template_partials wraps, unless TEMPLATES names loaders.
    script = (
        "import django; django.setup(); from django.template import engines; "
        "outer, = engines['django'].engine.template_loaders; "
        "print(type(outer.loaders[0]).__module__)"
    )
    result = run_django(
        ["-c", script], DJANGO_SETTINGS_MODULE="config.settings", **production_env()
    )
    assert result.stdout.strip() == "django.template.loaders.cached", result.stderr


def test_every_documented_variable_is_read(tmp_path):
    values = production_settings(
        DJANGO_ALLOWED_HOSTS="quiz.example.org, www.quiz.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://quiz.example.org:8443",
        DJANGO_SECRET_KEY_FALLBACKS="old-key-1,old-key-2",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_HSTS_SECONDS=str(2 * ONE_YEAR),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_TIME_ZONE="Europe/Kyiv",
        DJANGO_CONN_MAX_AGE="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    assert values["ALLOWED_HOSTS"] == ["quiz.example.org", "www.quiz.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://quiz.example.org:8443"]
    assert values["SECRET_KEY_FALLBACKS"] == ["old-key-1", "old-key-2"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 2 * ONE_YEAR
    assert values["STATIC_ROOT"] == str(tmp_path / "static")
    assert values["TIME_ZONE"] == "Europe/Kyiv"
    assert values["DATABASE"]["NAME"] == str(tmp_path / "site.sqlite3")
    assert values["DATABASE"]["CONN_MAX_AGE"] == 0


def test_every_variable_settings_read_is_in_the_deploy_table():
    source = (BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8")
    source += (BASE_DIR / "gunicorn.conf.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\"((?:DJANGO|GUNICORN)_[A-Z_]+|DATABASE_URL)\"", source))
    read.add("DATABASE_URL")  # read by dj_database_url.config()
    table = (BASE_DIR / "docs" / "deploy.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.MULTILINE))
    assert read - {"DJANGO_SETTINGS_MODULE"} <= documented


# Database and sessions


@pytest.mark.django_db
def test_a_page_that_only_reads_opens_no_transaction(student):
    # On SQLite every transaction takes the write lock at BEGIN (IMMEDIATE): a page that only
    # reads must not queue behind the class's answers.
    question_set = make_question_set(questions=2)
    attempt = student.start(question_set)
    with CaptureQueriesContext(connection) as queries:
        response = student.page(attempt, 1)
    assert response.status_code == 200
    statements = [query["sql"].split()[0].upper() for query in queries]
    assert statements, "the page ran no query at all"
    assert not {"BEGIN", "SAVEPOINT"} & set(statements), statements


@pytest.mark.django_db
def test_a_student_session_lives_in_the_cookie_and_is_sent_only_when_it_changes(student):
    question_set = make_question_set(questions=2)
    attempt = student.start(question_set)
    assert "sessionid" in student.client.cookies
    page = student.page(attempt, 1)
    answered = student.answer(attempt, 1, student.right_answer(attempt, 1))
    assert (page.status_code, answered.status_code) == (200, 302)
    assert "sessionid" not in page.cookies
    assert "sessionid" not in answered.cookies
    assert not Session.objects.exists()


# The site's SQLite file seen through two connections at once, in a process of its own so that the
# database is a real file with the site's options whatever this run uses. Each thread has its own
# Django connection; every transaction is Django's atomic(), as the views use it.
SQLITE_TWO_CONNECTIONS = """
import json, sys, threading, time, django
django.setup()
from django.db import connection, transaction

def execute(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()

execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, student TEXT)")
for name in ("ann", "bob", "cat"):
    execute("INSERT INTO answer (student) VALUES (%s)", name)
events = {name: threading.Event() for name in ("reading", "written", "counted", "committed")}
seen, errors = {}, []

def in_thread(function):
    def run():
        try:
            function()
        except Exception as error:
            errors.append(f"{function.__name__}: {type(error).__name__}: {error}")
        finally:
            connection.close()
    thread = threading.Thread(target=run)
    thread.start()
    return thread

def reader():
    # A long read, like a results page: its statement keeps a read lock until it is done.
    with connection.cursor() as results:
        results.execute("SELECT student FROM answer ORDER BY id")
        seen["first row"] = results.fetchone()[0]
        events["reading"].set()
        events["written"].wait(10)
        seen["count while a write is open"] = execute("SELECT COUNT(*) FROM answer")[0][0]
        events["counted"].set()
        events["committed"].wait(3)
        seen["rest"] = [row[0] for row in results.fetchall()]

def first_writer():
    # Reads, then writes, as attempt_answer does; another writer comes between the two.
    with transaction.atomic():
        seen["before"] = execute("SELECT COUNT(*) FROM answer")[0][0]
        events["reading"].set()
        events["committed"].wait(1.5)
        execute("INSERT INTO answer (student) VALUES ('first writer')")

def second_writer():
    events["reading"].wait(10)
    start = time.monotonic()
    with transaction.atomic():
        execute("INSERT INTO answer (student) VALUES ('second writer')")
    events["committed"].set()
    seen["second writer waited"] = time.monotonic() - start

if sys.argv[1] == "reader":
    thread = in_thread(reader)
    events["reading"].wait(10)
    with transaction.atomic():
        execute("INSERT INTO answer (student) VALUES ('dan')")
        events["written"].set()
        events["counted"].wait(10)
        start = time.monotonic()
    seen["commit took"] = time.monotonic() - start
    events["committed"].set()
    thread.join(20)
else:
    for thread in [in_thread(first_writer), in_thread(second_writer)]:
        thread.join(60)
seen["rows"] = [row[0] for row in execute("SELECT student FROM answer ORDER BY id")]
print(json.dumps({"seen": seen, "errors": errors}))
"""


def sqlite_two_connections(scenario, tmp_path):
    result = run_django(
        ["-c", SQLITE_TWO_CONNECTIONS, scenario],
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_readers_and_a_writer_do_not_wait_for_each_other(tmp_path):
    outcome = sqlite_two_connections("reader", tmp_path)
    assert outcome["errors"] == []
    seen = outcome["seen"]
    # The reader reads while the write is open, and sees only what was committed...
    assert seen["count while a write is open"] == 3
    # ...and the writer commits while the reader is still reading (WAL: no waiting for readers).
    assert seen["commit took"] < 1.5
    assert seen["first row"] == "ann"
    assert seen["rest"] == ["bob", "cat"]
    assert seen["rows"] == ["ann", "bob", "cat", "dan"]


def test_sqlite_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    outcome = sqlite_two_connections("writers", tmp_path)
    # Never "database is locked": the second writer queued at BEGIN until the first committed.
    assert outcome["errors"] == []
    seen = outcome["seen"]
    assert seen["before"] == 3
    assert seen["second writer waited"] >= 1
    assert seen["rows"] == ["ann", "bob", "cat", "first writer", "second writer"]


# Security headers and the htmx configuration


@pytest.mark.django_db
def test_home_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    for name in ("default-src", "script-src", "style-src"):
        assert directives[name] == ["'self'"], name
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_htmx_is_configured_for_a_strict_policy(client):
    body = client.get("/").content.decode()
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)
    assert match, "no <meta name=htmx-config> on the page"
    config = json.loads(html.unescape(match.group(1)))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["historyCacheSize"] == 0


# Static files


@pytest.mark.django_db  # closing a streamed response runs Django's request_finished handlers
def test_a_hashed_static_file_is_served_compressed_and_cached_for_good(tmp_path, settings):
    # The suite runs without collectstatic; here the production storage writes the real thing.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    url = staticfiles_storage.url("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    # Looked up once, then the same address; another file has its own.
    assert staticfiles_storage.url("css/site.css") == url
    assert staticfiles_storage.url("js/answer-retry.js").startswith("/static/js/answer-retry.")
    original = (BASE_DIR / "static" / "css" / "site.css").read_bytes()

    # A new client builds the middleware now, so WhiteNoise indexes this STATIC_ROOT.
    browser = Client()
    response = browser.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    try:
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(b"".join(response.streaming_content)) == original
    finally:
        response.close()

    unhashed = browser.get("/static/css/site.css")
    try:
        assert "immutable" not in unhashed["Cache-Control"]
    finally:
        unhashed.close()


# Health check


@pytest.mark.django_db
def test_healthz_answers_with_one_query_and_sets_no_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert getattr(healthz, "csrf_exempt", False)


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("config.views.connection") as broken:
        broken.cursor.side_effect = DatabaseError("connection refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert not response.cookies


# Request ids and the server log


@pytest.fixture
def server_log():
    """What the configured console handler writes, as text."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in handler.filters)
    ]
    assert handlers, "LOGGING has no handler with the request-id filter"
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-7f3a.01_b")["X-Request-ID"] == (
        "proxy-7f3a.01_b"
    )
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id <script>")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_an_error_reaches_the_log_with_its_request_id_and_without_the_query(server_log):
    browser = Client(raise_request_exception=False)
    with mock.patch("config.views.connection") as broken:
        broken.cursor.side_effect = RuntimeError("boom")
        response = browser.get("/healthz?name=Olena+Student", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-500"
    log = server_log.getvalue()
    assert "ERROR [req-500] django.request: Internal Server Error: /healthz" in log
    assert "RuntimeError: boom" in log
    assert "Olena" not in log


def test_a_failed_health_check_is_logged_with_its_request_id(client, server_log):
    with mock.patch("config.views.connection") as broken:
        broken.cursor.side_effect = DatabaseError("connection refused")
        client.get("/healthz", HTTP_X_REQUEST_ID="req-503")
    assert "ERROR [req-503] config.views: Health check: the database did not answer" in (
        server_log.getvalue()
    )


# gunicorn


def test_gunicorn_by_default_keeps_both_cores_busy_and_listens_only_behind_the_proxy():
    without_overrides = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    with mock.patch.dict(os.environ, without_overrides, clear=True):
        values = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    # A process runs Python on one core at a time: two cores need two processes. A second thread
    # serves a request while the first waits on the database; more only take turns on the core,
    # and cost each answer more CPU (docs/performance.md, "Two threads per worker").
    assert values["workers"] >= 2
    assert values["threads"] == 2
    assert all(address.startswith("127.0.0.1:") for address in values["bind"])


def test_gunicorn_freezes_what_the_master_loaded_before_each_worker_forks():
    values = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        values["pre_fork"](server=None, worker=None)
        # Everything tracked so far is out of the collector's passes, in the master and the worker.
        assert gc.get_freeze_count() > 10_000
        assert len(gc.get_objects()) < gc.get_freeze_count()
    finally:
        gc.unfreeze()


def test_gunicorn_logs_errors_to_stderr_and_requests_without_query_address_or_agent(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = production_env(
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG="-",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=only(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                browser = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                browser.request(
                    "GET",
                    "/healthz?name=Olena+Student",
                    headers={
                        "User-Agent": "Olena's phone",
                        "Referer": "https://127.0.0.1/join/?name=Olena",
                        "X-Request-ID": "req-access-1",
                    },
                )
                status = browser.getresponse().status
                browser.close()
                break
            except ConnectionRefusedError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    "gunicorn did not start"
                )
                time.sleep(0.2)
    finally:
        server.terminate()
        access_log, error_log = server.communicate(timeout=60)
    assert status == 200
    assert '"GET /healthz" 200' in access_log
    assert "request_id=req-access-1" in access_log
    assert "Olena" not in access_log + error_log
    assert "127.0.0.1" not in access_log
    assert f"Listening at: http://127.0.0.1:{port}" in error_log


def test_gunicorn_accepts_its_configuration_and_loads_the_app():
    result = run_django(
        ["-m", "gunicorn", "--config", "gunicorn.conf.py", "--check-config"],
        **production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_serve_collects_static_files_then_starts_gunicorn():
    result = subprocess.run(
        ["make", "--dry-run", "serve"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    steps = [
        next(i for i, line in enumerate(lines) if needle in line)
        for needle in ("migrate --noinput", "collectstatic --noinput", "gunicorn --config")
    ]
    assert steps == sorted(steps)


def test_the_500_page_names_the_request_id(rf):
    from config.views import server_error

    request = rf.get("/")
    request.request_id = "abc123"
    response = server_error(request)
    assert response.status_code == 500
    assert b"abc123" in response.content

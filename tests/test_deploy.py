"""Production configuration: environment settings, security headers, static files, health."""

import gzip
import html
import io
import json
import logging
import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client

from config.middleware import RequestIdFilter
from config.views import healthz

BASE_DIR = Path(settings.BASE_DIR)
ONE_YEAR = 60 * 60 * 24 * 365


def run_django(args, **env):
    """Run `python <args>` from the project root with only the given variables set."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
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


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_django(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key", ["too-short", "development-only-key-never-use-in-production-0123456789abcdef"]
)
def test_production_refuses_a_short_or_development_secret_key(key):
    result = run_django(["manage.py", "check"], **production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = production_env()
    del env["DJANGO_ALLOWED_HOSTS"]
    result = run_django(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_ALLOWED_HOSTS must list" in result.stderr


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
    "DEBUG": s.DEBUG,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECRET_KEY_FALLBACKS": s.SECRET_KEY_FALLBACKS,
    "STATIC_ROOT": str(s.STATIC_ROOT),
    "TIME_ZONE": s.TIME_ZONE,
    "DATABASE": {k: s.DATABASES["default"][k] for k in ("ENGINE", "NAME", "CONN_MAX_AGE")},
}))
"""


def production_settings(**env):
    result = run_django(
        ["-c", PRINT_SETTINGS], DJANGO_SETTINGS_MODULE="config.settings", **production_env(**env)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_are_secure_by_default():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE"]["CONN_MAX_AGE"] > 0


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


def test_no_request_wide_transactions_and_no_session_writes():
    assert not settings.DATABASES["default"].get("ATOMIC_REQUESTS", False)
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies"
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite options; this run uses another database"
)
def test_sqlite_options_of_this_run():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]


PRINT_PRAGMAS = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    values = {p: cursor.execute(f"PRAGMA {p}").fetchone()[0]
              for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")}
values["transaction_mode"] = connection.transaction_mode
print(json.dumps(values))
"""


def test_a_real_sqlite_file_opens_in_wal_mode_with_immediate_transactions(tmp_path):
    # The test database is in memory, where WAL does not apply: open a file the way the site does.
    result = run_django(
        ["-c", PRINT_PRAGMAS],
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20000,
        "foreign_keys": 1,
        "transaction_mode": "IMMEDIATE",
    }


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
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    url = staticfiles_storage.url("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
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


def test_gunicorn_settings_suit_a_small_machine():
    values = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert values["wsgi_app"] == "config.wsgi:application"
    assert values["bind"] == ["127.0.0.1:8000"]
    assert values["worker_class"] == "gthread"
    assert (values["workers"], values["threads"]) == (3, 4)
    # A worker recycled under load would drop the answers it had accepted.
    assert values["max_requests"] == 0
    assert values["errorlog"] == "-"
    assert values["accesslog"] is None
    # When the access log is on: the path without its query string, no address, no user agent.
    for field in ("%(r)s", "%(q)s", "%(h)s", "%(a)s", "%(f)s", "%(U)s"):
        assert (field in values["access_log_format"]) == (field == "%(U)s"), field


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

"""Settings for every environment, read from environment variables (see docs/deploy.md).

Development is the default under manage.py; config/wsgi.py defaults DJANGO_DEBUG to false, so a
production server that forgets its environment fails fast instead of running in debug mode.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Old keys still accepted for signatures (sessions are signed cookies) while a new key rolls out.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or "development-only-key-never-use-in-production-0123456789abcdef"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("development-only"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters when "
            "DJANGO_DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the host names this site answers to "
            "(comma-separated) when DJANGO_DEBUG is off."
        )

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it patches the models the admin reads.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "config",  # management commands: backup
    "explainer",
    "quizzes",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the address, as Django's LocaleMiddleware has it, plus the first visit's
    # Accept-Language and the language cookie (config/language.py).
    "config.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.version.app_version",
                "config.language.language_switch",
            ],
        },
    }
]

# Database: SQLite by default, tuned so a classroom submitting at once waits instead of failing;
# any DATABASE_URL (PostgreSQL through psycopg 3) replaces it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue on the database lock at BEGIN instead of failing mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-20000"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each server process keeps, in its own memory, the HTML that is the same for many requests
# (quizzes/rendered.py): the header and footer per language, the feedback on an answer per question,
# answer and language, a question page not answered yet, whole, and the part of it that an answer
# replaces. The keys name the version of what they show, so an edit shows at once. At most 5,000
# entries of a few kilobytes each (a question page is about 5 KB): some 25 MB per process at most.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Sign-in: django-axes refuses a username from an address after 10 wrong passwords in a row, for
# 15 minutes (docs/deploy.md says how to unlock sooner). By username AND address together: a whole
# school shares one address, so a lock per address would shut every teacher out, and a lock per
# username alone would let anyone lock a teacher out from anywhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
# admin/locked_out.html, with a Retry-After header.
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
# No banner in every command's and every worker's output; lockouts are still logged.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in a signed cookie: an answer costs no session read or write in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# English at /…, Ukrainian at /uk/… (config/urls.py); authored text in both, in the same row
# (django-modeltranslation's `_en` and `_uk` columns), English shown where Ukrainian is empty.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("uk", "Українська")]
# The language chosen with the switcher, remembered for a year (Django's default forgets it when the
# browser closes); in production it goes only over HTTPS, like the other cookies.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
# British English date formats, as before the site had a second language (config/formats/en).
FORMAT_MODULE_PATH = ["config.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The header in which the reverse proxy passes on the client's address (config/client_ip.py),
# as Django spells it in request.META: "X-Real-IP" becomes HTTP_X_REAL_IP. Empty: REMOTE_ADDR.
CLIENT_IP_HEADER = (
    "HTTP_" + os.environ["DJANGO_CLIENT_IP_HEADER"].upper().replace("-", "_")
    if os.environ.get("DJANGO_CLIENT_IP_HEADER")
    else ""
)

# Students' answers are deleted this many days after a practice attempt started or a class's
# assignment closed; `manage.py purge`, run daily, deletes them (docs/privacy.md).
_retention_days = os.environ.get("DJANGO_RETENTION_DAYS", "").strip() or "365"
if not _retention_days.isdigit() or int(_retention_days) < 1:
    raise ImproperlyConfigured("DJANGO_RETENTION_DAYS must be a whole number of days, 1 or more.")
RETENTION_DAYS = int(_retention_days)

TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}

# Security. Production values apply whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A local probe of /healthz over plain HTTP gets its answer, not a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # The server listens on 127.0.0.1 behind a reverse proxy that terminates TLS and sets (never
    # passes on) X-Forwarded-Proto; a request is secure when that header says https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SILENCED_SYSTEM_CHECKS = []
    if not SECURE_SSL_REDIRECT:
        # The reverse proxy terminates TLS and redirects plain HTTP itself (docs/deploy.md).
        SILENCED_SYSTEM_CHECKS.append("security.W008")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.middleware.RequestIdFilter"},
        "one_line_warning": {"()": "config.middleware.OneLineWarning"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs 4xx responses with the full path; keep errors only.
        "django.request": {"level": "ERROR", "propagate": True},
        # A request for a host not in DJANGO_ALLOWED_HOSTS: one warning line, not a traceback.
        "django.security.DisallowedHost": {"filters": ["one_line_warning"], "propagate": True},
    },
}

"""Settings for the Sky Net camera register, read from the environment.

DJANGO_DEBUG unset means production: then DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set,
and the app refuses to start without them rather than run with a guessable key.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    """Return True when the variable holds 1, true, yes or on."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    """Return the comma-separated values of a variable, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-used-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set in production (or set DJANGO_DEBUG=1 for development)."
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set in production, e.g. skynet.example.gov.tw."
        )

INSTALLED_APPS = [
    # django.contrib.admin with the register's own admin site (core.adminsite).
    "core.apps.CoreAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    # django-axes, named for staff in the admin.
    "core.apps.SignInProtectionConfig",
    "csp",
    # Long imports in a background worker (cameras/imports/jobs.py): `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "core",
    "cameras",
    "leases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Refuses a body over UPLOAD_MAX_BYTES by its length, before the CSRF check reads it.
    "core.middleware.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Extends a signed-in session's idle timeout, with one write a minute.
    "core.middleware.SessionRefreshMiddleware",
    # Refuses NUL in parameters; marks signed-in responses private, never stored.
    "core.middleware.RequestGuardMiddleware",
    # Every page needs a login unless its view is marked login_not_required (login, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skynet.urls"

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
                "django.template.context_processors.i18n",
                "core.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "skynet.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A kept connection the server dropped (a restart, pg_terminate_backend) is replaced
        # before a request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run` in write-ahead-log mode: a CSV download streaming
    # from one connection no longer holds off every other connection's writes. In SQLite's
    # default journal mode two exports at once failed, the second with "database is locked"
    # (a 500) once it waited 5 s to record itself. IMMEDIATE: a transaction that will write
    # takes the write lock when it begins, so it waits its turn instead of failing midway.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses them past the limit, before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The change history is evidence: the admin shows it but does not revert rows to old versions.
SIMPLE_HISTORY_REVERT_DISABLED = True

AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_SIGNIN_LOCKOUT_MINUTES", "15"))
)
# A lockout is per user name and address: one person mistyping does not lock out a precinct.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address: REMOTE_ADDR, or behind N trusted reverse proxies the address the
# outermost one appended to X-Forwarded-For (a client cannot spoof its way past the lockout).
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"

# Sessions end after this much inactivity: SessionRefreshMiddleware extends a signed-in one
# at most once a minute while it is used.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", _("Traditional Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The largest CSV file the camera import accepts.
CAMERA_IMPORT_MAX_BYTES = int(os.environ.get("DJANGO_IMPORT_MAX_MB", "50")) * 1024 * 1024
# The largest request body: an import's file and what its form adds.
UPLOAD_MAX_BYTES = CAMERA_IMPORT_MAX_BYTES + 64 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
# Signing out returns to the app's own sign-in page (core.apps says so there).
LOGOUT_REDIRECT_URL = "login"

if not DEBUG:
    # Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

X_FRAME_OPTIONS = "DENY"
# The pages load only their own stylesheet: no script, no inline style, nothing from elsewhere.
# The Django admin (administrators only) needs its own scripts and inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes reports every sign-in at INFO; keep its warnings (failures, lockouts).
    "loggers": {"axes": {"level": "WARNING"}},
}

FORMAT_MODULE_PATH = ["skynet.formats"]

# Every list filter's empty choice says what it means, as the yes/no filters do ("Any", 不限),
# not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# The rows whose change history the audit file covers: type -> (model label, identifier field).
HISTORY_TYPES = {
    "camera": ("cameras.Camera", "asset_tag"),
    "site": ("cameras.Site", "code"),
    "batch": ("leases.Batch", "code"),
    "budget_line": ("leases.BudgetLine", "id"),
    "scenario": ("leases.Scenario", "name"),
}
# The Audit page lists bulk edits beside imports, each a change set whose rows this list shows
# (?change_set=bulk-3); core names them here, as it knows no app.
BULK_EDITS = "cameras.BulkEdit"
CHANGE_SET_LIST = "cameras:camera_list"

# Covering indexes (INCLUDE) exist on PostgreSQL, the production database; SQLite simply builds
# the index without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The background worker's queue is a table of the register's own database: no broker to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

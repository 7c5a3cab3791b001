"""Knowflow settings: one module, configured by environment variables only.

Every variable read here is listed in `.env.example` and `docs/configuration.md`.
Defaults are chosen so that a fresh checkout runs with SQLite and no other service.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG: bool = env.bool("DEBUG", default=False)

DATA_DIR = Path(env.str("KNOWFLOW_DATA_DIR", default=str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise generate one once and keep it in the data directory.

    Keeping it on disk (rather than generating per process) means sessions and password-reset
    links survive restarts and are valid across several server processes sharing DATA_DIR.
    """
    value = env.str("SECRET_KEY", default="")
    if value:
        return value
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once must not each write a different key.
        try:
            with path.open("x", encoding="utf-8") as fh:
                fh.write(secrets.token_urlsafe(50))
            path.chmod(0o600)
        except FileExistsError:
            pass
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else ["127.0.0.1", "localhost"],
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "knowflow.core",
    "knowflow.accounts",
    "knowflow.org",
    "knowflow.topics",
    "knowflow.people",
    "knowflow.network",
    "knowflow.notifications",
    "knowflow.posts",
    "knowflow.help",
    "knowflow.search",
    "knowflow.expertise",
    "knowflow.imports",
    "knowflow.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "knowflow.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "knowflow.core.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "knowflow.core.context_processors.site",
                "knowflow.notifications.context_processors.notifications",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------

# An empty DATABASE_URL means "the default", like an unset one.
DATABASES = {
    "default": environ.Env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{DATA_DIR / 'knowflow.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server has concurrent readers and a writer: WAL lets them not block each other,
    # busy_timeout makes a second writer wait instead of failing, and IMMEDIATE transactions
    # take the write lock up front so two read-then-write transactions cannot deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=5000;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA mmap_size=134217728;"
            "PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# SQLite only: each web process locks the database file in memory (knowflow/core/pinning.py),
# for hosts that drop file pages unread for a while; costs the file's size in memory.
SQLITE_PIN_MEMORY: bool = env.bool("SQLITE_PIN_MEMORY", default=False)
# PostgreSQL only: the feed's statements are prepared per connection (knowflow/core/sql.py).
# Django's own cursors bind on the client and never prepare; psycopg prepares nothing at all
# unless the connection has a threshold.
DB_PREPARED_STATEMENTS: bool = env.bool("DB_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARED_STATEMENTS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)

# PostgreSQL only: workers a statement may start (max_parallel_workers_per_gather), set when
# the connection starts (libpq's options, no extra round trip). A web request's statements
# read a few thousand rows at most; starting a parallel worker for one costs more than it
# saves (a #topic search at a million posts: 48 -> 12 ms p50 without) and takes a core from
# another request. Empty leaves the server's setting.
DB_PARALLEL_WORKERS: str = env.str("DB_PARALLEL_WORKERS", default="0")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PARALLEL_WORKERS:
    if not DB_PARALLEL_WORKERS.isdigit():
        raise ImproperlyConfigured("DB_PARALLEL_WORKERS must be a whole number or empty.")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (
        f"{options.get('options', '')} -c max_parallel_workers_per_gather={DB_PARALLEL_WORKERS}"
    ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -----------------------------------------------------------------

REDIS_URL: str = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "knowflow.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="knowflow"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "knowflow",
            # Post cards (knowflow/posts/cards.py) are most of the entries: a few KB each.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Search: semantic similarity with the optional `semantic` extra ("auto": when installed;
# "off"; "on": required), and the sentence-embedding model (a folder or a model name;
# default: the packaged all-MiniLM-L6-v2). docs/subsystems/search.md.
SEARCH_SEMANTIC: str = env.str("SEARCH_SEMANTIC", default="auto")
SEARCH_EMBEDDING_MODEL: str = env.str("SEARCH_EMBEDDING_MODEL", default="")

# The router (knowflow/expertise/routing.py): helpers invited per round (0: no routing),
# working hours to wait for an answer before widening, open invitations that make someone
# busy, days a decline pauses invitations to that person.
ROUTING_HELPERS: int = env.int("ROUTING_HELPERS", default=3)
ROUTING_WAIT_HOURS: float = env.float("ROUTING_WAIT_HOURS", default=24)
ROUTING_MAX_OPEN_INVITATIONS: int = env.int("ROUTING_MAX_OPEN_INVITATIONS", default=3)
ROUTING_DECLINE_PAUSE_DAYS: int = env.int("ROUTING_DECLINE_PAUSE_DAYS", default=7)

# `knowflow worker`: seconds without a heartbeat after which a worker's running task is handed
# to another worker (every worker and `knowflow healthcheck` read the same value).
WORKER_LEASE_SECONDS: float = env.float("WORKER_LEASE_SECONDS", default=60)

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Auth -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the signed-in person with their profile in one
# statement (knowflow/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "knowflow.accounts.backends.ModelBackend",
    "knowflow.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env.bool("KNOWFLOW_FAST_PASSWORD_HASHER", default=False):
    # Only for the test suite: hashing with PBKDF2 dominates the time of login-heavy tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "knowflow.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "knowflow.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Knowflow] "
# allauth's defaults plus a stricter limit on failed sign-ins. False (not {}) turns them all off:
# an empty dict would keep allauth's defaults (30 sign-ins a minute per address, and more).
ACCOUNT_RATE_LIMITS = (
    False
    if env.bool("KNOWFLOW_DISABLE_RATE_LIMITS", default=False)
    else {
        "login_failed": "10/m/ip,5/5m/key",
    }
)

# --- Email ----------------------------------------------------------------------------------

EMAIL_CONFIG = environ.Env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Knowflow <knowflow@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalization -------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("KNOWFLOW_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads larger than this are refused before they reach a form (photos are far smaller).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
KNOWFLOW_PHOTO_MAX_BYTES: int = env.int("KNOWFLOW_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
KNOWFLOW_IMAGE_MAX_BYTES: int = env.int("KNOWFLOW_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
KNOWFLOW_ATTACHMENT_MAX_BYTES: int = env.int(
    "KNOWFLOW_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024
)

# --- Security -------------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT: bool = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE: bool = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE: bool = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS: int = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading HSTS is a hard-to-undo commitment for a whole domain (often a company's intranet
# domain), so it is the operator's explicit choice, not a deploy-check default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Knowflow -------------------------------------------------------------------------------

KNOWFLOW_DIRECTORY_PAGE_SIZE = 24
KNOWFLOW_INVITATION_DAYS: int = env.int("KNOWFLOW_INVITATION_DAYS", default=14)

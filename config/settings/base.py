"""Settings shared by every environment. Everything that differs between machines comes from the
environment; the defaults are for development only (production.py refuses to start without the
values that matter)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.embedded_db import embedded_database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {"default": embedded_database_settings(BASE_DIR / ".pgdata")}
if os.environ.get("DATABASE_NAME"):  # another database on the same server (the benchmark's)
    DATABASES["default"]["NAME"] = os.environ["DATABASE_NAME"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "procrastinate.contrib.django",
    "notifications",
    "lks_registry",
    "applications",
    "supervision",
    "accreditation",
    "reports",
    "reminders",
    "opendata",
    "risk",
    "guide",
    "demo",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RefuseNulBytesMiddleware",
    "config.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DefaultToIndonesianMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a rate-limited public form into a friendly 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Refuses logins from an address that tried many usernames (lks_registry.login_throttle).
    "lks_registry.login_throttle.LoginSprayMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.bell",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "lks_registry:institution_list"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The gallery (`make screenshots`) is served from where the command writes it: the user guide
# shows the same files as the README.
STATICFILES_DIRS = [BASE_DIR / "static", ("screenshots", BASE_DIR / "docs" / "screenshots")]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploads are private: there is no MEDIA_URL route, files are served only through a view that checks
# permissions (lks_registry.views.document_download).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024  # a body's fields, files not counted
# Any request body larger than this is refused (413) before it is read
# (config.middleware.RequestBodyLimitMiddleware); nginx's client_max_body_size says the same.
REQUEST_BODY_MAX_MB = int(os.environ.get("REQUEST_BODY_MAX_MB", 32))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Every message goes to the outbox (notifications.backends) and is sent by the queue through
# EMAIL_DELIVERY_BACKEND: the console in development, SMTP in production.
EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Sending is tried again this many times, waiting 4, 16, 64 ... seconds, before it counts as failed.
EMAIL_RETRIES = int(os.environ.get("EMAIL_RETRIES", 5))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Registri LKS <noreply@localhost>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Login lockout (django-axes): 5 failures for one username from one address lock it for 30 min.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.network.axes_client_address"
# Password spraying (lks_registry.login_throttle): this many different usernames failing from one
# address within the window keep that address from logging in for the cool-off.
LOGIN_SPRAY_USERNAMES = int(os.environ.get("LOGIN_SPRAY_USERNAMES", 10))
LOGIN_SPRAY_WINDOW_MINUTES = int(os.environ.get("LOGIN_SPRAY_WINDOW_MINUTES", 15))
LOGIN_SPRAY_COOLOFF_MINUTES = int(os.environ.get("LOGIN_SPRAY_COOLOFF_MINUTES", 30))

# How many reverse proxies of our own stand in front of the app (0: none, the client connects
# directly). Only then is X-Forwarded-For believed, and only as far as these proxies wrote it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# No inline scripts or styles anywhere, so the policy can be strict. Bootstrap draws form controls
# with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pgserver reports every process that lets go of the embedded server; not worth a line each time.
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # procrastinate reports every task it registers and every job deferred, in every process.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.jobs": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# One cache shared by all server processes on this machine (dashboard figures, rate limits).
# With several machines, point it at Redis or Memcached instead.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("CACHE_LOCATION", str(BASE_DIR / ".cache")),
    }
}

# Public forms (registration, concerns): at most this many submissions per client address.
# django-ratelimit counts in the default cache; with several server processes, point CACHES at a
# shared cache (e.g. Redis or the database cache) so the limit holds across them.
PUBLIC_FORM_RATE = os.environ.get("PUBLIC_FORM_RATE", "30/h")
# Password reset ("Lupa kata sandi"): requests per client address and per recipient address.
PASSWORD_RESET_RATE_PER_ADDRESS = os.environ.get("PASSWORD_RESET_RATE_PER_ADDRESS", "10/h")
PASSWORD_RESET_RATE_PER_RECIPIENT = os.environ.get("PASSWORD_RESET_RATE_PER_RECIPIENT", "3/h")
RATELIMIT_VIEW = "lks_registry.public_views.rate_limited"
# Online registration: the applicant's e-mail address is confirmed through a signed link, valid
# this many days, before anything else is sent there; the link is sent again at most once per
# EMAIL_CONFIRMATION_RESEND_MINUTES for an application (besides PUBLIC_FORM_RATE per client).
EMAIL_CONFIRMATION_DAYS = int(os.environ.get("EMAIL_CONFIRMATION_DAYS", 7))
EMAIL_CONFIRMATION_RESEND_MINUTES = int(os.environ.get("EMAIL_CONFIRMATION_RESEND_MINUTES", 10))
# Uploads per account (or per application, for an applicant without one) and office day.
UPLOAD_DAILY_MAX_FILES = int(os.environ.get("UPLOAD_DAILY_MAX_FILES", 60))
UPLOAD_DAILY_MAX_MB = int(os.environ.get("UPLOAD_DAILY_MAX_MB", 300))

# Open data (opendata/): anonymous and read-only; requests per client address (DRF rate format).
OPEN_DATA_RATE = os.environ.get("OPEN_DATA_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Registri LKS Kota Tangerang — open data API",
    "DESCRIPTION": "The public register of social welfare institutions (LKS) and the city's "
    "figures, read-only. Licence: CC BY 4.0.",
    "VERSION": "1",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["opendata.schema.only_open_data"],
}

# The job queue (procrastinate) lives in the same PostgreSQL. A job still "doing" whose worker has
# sent no heartbeat for this long is put back in the queue (notifications.queue).
QUEUE_STALLED_AFTER_SECONDS = int(os.environ.get("QUEUE_STALLED_AFTER_SECONDS", 60))

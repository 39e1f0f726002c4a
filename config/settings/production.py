"""Production: refuses to start without a real SECRET_KEY, serves over HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.secret_key import secret_key_problem
from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, env_bool

DEBUG = False
if problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY is not fit for production ({problem}): set it to a random value of at least "
        '50 characters, e.g. python -c "import secrets; print(secrets.token_urlsafe(64))".'
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The outbox's messages go out over SMTP (EMAIL_HOST, EMAIL_PORT, ... from the environment).
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)

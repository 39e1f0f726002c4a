"""Tests: the same PostgreSQL as development (embedded unless DATABASE_URL is set), fast hashing,
mail kept in memory, uploads in a temporary folder."""

import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "django-insecure-test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test runner puts every message in mail.outbox (locmem) for tests that read it; the
# outbox's own tests switch EMAIL_BACKEND back to the outbox, which delivers here too.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="registri-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="registri-static-"))
WHITENOISE_USE_FINDERS = True
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "axes": {"level": "WARNING"}}}  # noqa: F405
# The production cache (files shared by every process of the machine), in a folder of its own:
# the dashboard cache and the rate limits are tested on the path they take in production.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        # Kept in the environment, so processes the tests start share it (tests/test_shared_cache.py).
        "LOCATION": os.environ.setdefault(
            "REGISTRI_TEST_CACHE", tempfile.mkdtemp(prefix="registri-cache-")
        ),
    }
}

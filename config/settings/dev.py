"""Development: DEBUG on unless the environment says otherwise, a throw-away secret key."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings.base import *  # noqa: E402, F403

SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"  # noqa: F405

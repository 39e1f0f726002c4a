"""Development: DEBUG on unless the environment says otherwise, a throw-away secret key."""

import os

os.environ.setdefault("DEBUG", "true")

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from config.settings.base import *  # noqa: E402, F403

# DEBUG=false means a server others can reach: it must not sign sessions with the committed key.
# Production runs config.settings.production (wsgi.py, asgi.py, the systemd units in deploy/).
if not DEBUG and not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "DEBUG is off but no SECRET_KEY is set: run with "
        "DJANGO_SETTINGS_MODULE=config.settings.production (and a SECRET_KEY)."
    )
SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"  # noqa: F405

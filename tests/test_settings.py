import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def import_production_settings(**env):
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    for weak in ({}, {"SECRET_KEY": "x" * 60}, {"SECRET_KEY": "django-insecure-" + "a1b2c3" * 10}):
        result = import_production_settings(**weak)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = import_production_settings(SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr


def test_interface_defaults_to_indonesian_in_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

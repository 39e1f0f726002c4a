import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from config.secret_key import secret_key_problem

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
    weak_keys = (
        {},
        {"SECRET_KEY": "x" * 60},
        {"SECRET_KEY": "django-insecure-" + "a1b2c3" * 10},
        {"SECRET_KEY": "abcde" * 10},
        {"SECRET_KEY": "0123456789abcdefghij" * 3},
    )
    for weak in weak_keys:
        result = import_production_settings(**weak)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = import_production_settings(SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr


def test_regular_keys_are_refused_and_random_ones_accepted():
    assert secret_key_problem("abcde" * 10) is not None
    assert secret_key_problem("0123456789abcdefghij" * 3) is not None
    assert secret_key_problem("correcthorsebatterystaple" * 2 + "X9") is not None
    for _ in range(200):
        assert secret_key_problem(get_random_secret_key()) is None
        assert secret_key_problem(secrets.token_urlsafe(50)) is None


def test_development_settings_refuse_debug_off_without_a_key_of_their_own():
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    command = [sys.executable, "-c", "import config.settings.dev"]
    refused = subprocess.run(
        command, cwd=ROOT, env={**environment, "DEBUG": "false"}, capture_output=True, text=True
    )
    assert refused.returncode != 0
    assert "config.settings.production" in refused.stderr
    started = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr


def test_production_entry_points_name_the_production_settings():
    production = "DJANGO_SETTINGS_MODULE=config.settings.production"
    for unit in ("registri-web.service", "registri-worker.service"):
        assert f"Environment={production}" in (ROOT / "deploy" / unit).read_text()
    assert production in (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    assert "client_max_body_size" in (ROOT / "deploy" / "nginx-registri-lks.conf").read_text()


def test_interface_defaults_to_indonesian_in_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

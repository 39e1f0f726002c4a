"""The cache is the production one and is shared by the processes of a machine: what one web
worker writes (a new data generation of the dashboard, a rate-limit count) another one reads."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

from reports.cache import generation

ROOT = Path(__file__).resolve().parent.parent


def in_another_process(code: str) -> None:
    setup = "import django; django.setup()\n"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run([sys.executable, "-c", setup + code], check=True, cwd=ROOT, env=env)


def test_a_value_written_by_another_process_is_read_here():
    cache.delete("shared-test")
    in_another_process(
        "from django.core.cache import cache; cache.set('shared-test', 'dari proses lain', 60)"
    )
    assert cache.get("shared-test") == "dari proses lain"


def test_a_change_in_another_process_makes_this_one_recompute_the_dashboard():
    seen_here = generation()
    in_another_process(
        "from django.core.cache import cache; from reports.cache import GENERATION_KEY\n"
        "cache.set(GENERATION_KEY, 'generasi-baru', None)"
    )
    assert generation() == "generasi-baru" != seen_here

"""Shared set-up for the benchmarks: a separate database on the same PostgreSQL (embedded unless
DATABASE_URL is set), migrated once and kept between runs, so benchmark data never mixes with
the development data."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "registri_bench")


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["TEST"].update({"NAME": BENCH_DATABASE})
    settings.DEBUG = False  # no query log growing in memory
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.db import connection

    connection.creation.create_test_db(keepdb=True, verbosity=0, serialize=False)


def peak_rss_mb() -> float:
    """The process's peak resident memory. On Linux from VmHWM, which a fresh program starts
    anew: getrusage's ru_maxrss survives exec, so a child started by a big parent would report
    the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

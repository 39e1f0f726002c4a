"""Running the job queue in tests.

`run_queue()` runs procrastinate's own worker (its fetching, locking, retries and bookkeeping)
in this process, on the test's database connection, until no job is left: the jobs a request
deferred inside the test's transaction are run as a worker would run them. Its database calls
and the tasks run on this thread, so they see what the test has not committed.

The tests in tests/lks_registry/test_import_queue.py start real worker processes on committed
data instead."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from unittest import mock

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connection
from procrastinate import utils as procrastinate_utils
from procrastinate.contrib.django import app, db_cleanup
from procrastinate.contrib.django.django_connector import DjangoConnector

ROOT = Path(__file__).resolve().parent.parent


class _TestConnector(DjangoConnector):
    """Django's connector, reading job arguments as objects: Django's psycopg 3 backend hands
    JSON columns over as text (procrastinate's workers use their own connection, which does not)."""

    def _dictfetch(self, cursor):
        for row in super()._dictfetch(cursor):
            if isinstance(row.get("args"), str):
                row["args"] = json.loads(row["args"])
            yield row


async def _on_this_thread(func, *args, **kwargs):
    # procrastinate runs a synchronous task on a thread of its own; here it runs on the test's.
    return await sync_to_async(func, thread_sensitive=True)(*args, **kwargs)


def run_queue(queues: list[str] | None = None) -> None:
    worker_app = app.with_connector(_TestConnector())
    # Nor may it close the test's connection after each task, as Django's test client does not.
    with (
        mock.patch.object(procrastinate_utils, "sync_to_async", _on_this_thread),
        mock.patch.object(db_cleanup, "close_old_connections", lambda: None),
    ):
        async_to_sync(worker_app.run_worker_async)(
            queues=queues, wait=False, listen_notify=False, install_signal_handlers=False
        )


def worker_process(*arguments: str) -> subprocess.Popen:
    """`manage.py procrastinate worker` as production starts it, on the test database."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)

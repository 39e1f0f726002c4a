"""Embedded PostgreSQL for machines without a database server.

Used only when DATABASE_URL is not set. The server keeps running after the process that started it
exits (cleanup_mode=None), so runserver, its autoreloader, the queue worker, management commands
and the test run all share one server on one data folder; the next caller only finds the running
postmaster again.

Several processes start at once (`make run` starts the web server and the worker together), so the
start-up is serialised by a file lock beside the data folder. pgserver keeps the ids of the
processes using the server in `.handle_pids.json`, which it rewrites in place: a process stopped
while writing leaves it empty, and every later start failed on it. The list is only bookkeeping
for pgserver's own clean-up (which we switch off), so an unreadable one is replaced by an empty
list, and it is written atomically from then on.
"""

import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from filelock import FileLock

logger = logging.getLogger(__name__)

HANDLE_LIST = ".handle_pids.json"
START_TIMEOUT_SECONDS = 120
START_ATTEMPTS = 5


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename it over the old one: a reader
    sees the old list or the new one, never half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def repair_handle_list(data_dir: Path) -> bool:
    """Replace an unreadable pgserver process list with an empty one. True if it was repaired."""
    path = data_dir / HANDLE_LIST
    if not path.exists():
        return False
    try:
        values = json.loads(path.read_text())
        if isinstance(values, list) and all(isinstance(value, int) for value in values):
            return False
    except (OSError, ValueError):
        pass
    logger.warning("Replacing the unreadable %s of the embedded database.", path)
    _write_atomically(path, "[]")
    return True


def _atomic_put(self, values) -> None:
    _write_atomically(self.path, json.dumps(values))


def _start(pgserver, data_dir: Path):
    """pgserver gives `pg_ctl start` 10 seconds; on a busy machine the server takes longer and
    pgserver gives up (then fails reading a log that is not there yet) while the server goes on
    starting. Ask again: the next call finds the running server."""
    for attempt in range(START_ATTEMPTS):
        try:
            return pgserver.get_server(data_dir, cleanup_mode=None)
        except (subprocess.SubprocessError, OSError):
            if attempt == START_ATTEMPTS - 1:
                raise
            logger.warning("The embedded database is slow to start; asking again.")
            pgserver.PostgresServer._instances.pop(data_dir.expanduser().resolve(), None)
            time.sleep(2)
    raise AssertionError("unreachable")


def start_lock(data_dir: Path) -> FileLock:
    return FileLock(data_dir.parent / f"{data_dir.name}.start.lock", timeout=START_TIMEOUT_SECONDS)


def embedded_database_settings(data_dir: Path) -> dict:
    # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; harmless for a socket folder.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        import pgserver.utils

        pgserver.utils.DiskList.put = _atomic_put
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        with start_lock(data_dir):
            repair_handle_list(data_dir)
            server = _start(pgserver, data_dir)
        uri = urlsplit(server.get_uri())
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": uri.path.lstrip("/") or "postgres",
        "USER": uri.username or "postgres",
        "PASSWORD": "",
        "HOST": parse_qs(uri.query)["host"][0],
        "PORT": "",
    }


def postgres_program(name: str) -> str:
    """Path of a PostgreSQL client program (pg_dump, pg_restore, psql): the embedded server's own,
    which matches its version, or else the one on PATH (for a DATABASE_URL server)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    return str(bundled) if bundled.exists() else (shutil.which(name) or name)

"""Embedded PostgreSQL for machines without a database server.

Used only when DATABASE_URL is not set. The server keeps running after the process that started it
exits (cleanup_mode=None), so runserver, its autoreloader, management commands and the test run all
share one server on one data folder; the next caller only finds the running postmaster again.
"""

import shutil
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def embedded_database_settings(data_dir: Path) -> dict:
    # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; harmless for a socket folder.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode=None)
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

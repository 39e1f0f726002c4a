"""The embedded PostgreSQL starts when several processes ask for it at once (the web server and the
queue worker of `make run`), and after pgserver's process list was left empty by a stopped run.

Each test starts real processes on a fresh data folder of its own, not on the shared one."""

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.embedded_db import HANDLE_LIST, repair_handle_list

ROOT = Path(__file__).resolve().parent.parent

# Starts (or finds) the server on the given folder and runs one query through it.
CLIENT = """
import sys
from pathlib import Path
import psycopg
from config.embedded_db import embedded_database_settings
db = embedded_database_settings(Path(sys.argv[1]))
with psycopg.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"]) as conn:
    with conn.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        print(cursor.fetchone()[0])
"""


def start_clients(data_dir: Path, count: int) -> list[subprocess.CompletedProcess]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(data_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def stop_server(data_dir: Path) -> None:
    from pgserver._commands import pg_ctl

    user = "pgserver" if os.geteuid() == 0 else None  # as pgserver runs it under root
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "pgdata"
    yield folder
    if (folder / "postmaster.pid").exists():
        stop_server(folder)


def test_several_processes_starting_together_all_get_the_database(data_dir):
    results = start_clients(data_dir, 4)

    assert [(r.returncode, r.stdout.strip()) for r in results] == [(0, "42")] * 4, [
        r.stderr[-2000:] for r in results
    ]
    assert isinstance(json.loads((data_dir / HANDLE_LIST).read_text()), list)


def test_a_start_after_the_process_list_was_truncated_repairs_it(data_dir):
    assert start_clients(data_dir, 1)[0].returncode == 0
    (data_dir / HANDLE_LIST).write_text("")  # what a run stopped mid-write left behind

    [result] = start_clients(data_dir, 1)

    assert (result.returncode, result.stdout.strip()) == (0, "42"), result.stderr[-2000:]
    assert isinstance(json.loads((data_dir / HANDLE_LIST).read_text()), list)


@pytest.mark.parametrize("content", ["", "[1, 2", "{}", '["x"]', "\x00\x00"])
def test_repair_replaces_only_an_unreadable_list(tmp_path, content):
    (tmp_path / HANDLE_LIST).write_text(content)

    assert repair_handle_list(tmp_path) is True
    assert json.loads((tmp_path / HANDLE_LIST).read_text()) == []


def test_repair_keeps_a_readable_list(tmp_path):
    (tmp_path / HANDLE_LIST).write_text("[12, 34]")

    assert repair_handle_list(tmp_path) is False
    assert json.loads((tmp_path / HANDLE_LIST).read_text()) == [12, 34]

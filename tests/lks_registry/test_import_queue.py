"""Imports run by real worker processes (`manage.py procrastinate worker`) on the test
PostgreSQL: two workers racing for one import, and a worker killed in the middle of one.

To stop an import half-way without timing, a second connection holds a lock on the institution
table: the worker reads the file and the register, then waits at its first insert, inside its
transaction, until the test lets go."""

import contextlib

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from lks_registry.models import ImportJob, ImportStatus, Institution
from lks_registry.tasks import IMPORT_TASK, enqueue_import, run_import
from notifications.queue import retry_stalled_jobs
from tests.lks_registry.test_import import MESSY_HEADERS, messy_rows, xlsx_file
from tests.queue import kill, worker_process

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 120
POLL_SECONDS = 0.2


def connect():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@contextlib.contextmanager
def institutions_locked():
    """Another session holds the institution table: reads go on, writes wait."""
    with connect() as other:
        other.autocommit = False
        other.execute("LOCK TABLE lks_registry_institution IN SHARE MODE")
        yield
        other.rollback()


def backends_waiting_to_insert() -> list[int]:
    with connect() as other:
        rows = other.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query ILIKE 'INSERT INTO \"lks_registry_institution\"%%'"
        ).fetchall()
    return [pid for (pid,) in rows]


def wait_for(condition, what):
    import time

    for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
        value = condition()
        if value:
            return value
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"gave up waiting for {what}")


def confirmed_import(client) -> ImportJob:
    """A file uploaded, checked by the queue and confirmed: its import is waiting in the queue."""
    response = client.post(
        reverse("lks_registry:import_start"), {"file": xlsx_file(MESSY_HEADERS, messy_rows())}
    )
    job = ImportJob.objects.latest("pk")
    assert response.status_code == 302
    checker = worker_process("--queues", "imports", "--one-shot")
    output = checker.communicate(timeout=WAIT_SECONDS)[0]
    assert checker.returncode == 0, output
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED, job.message
    client.post(reverse("lks_registry:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING
    return job


def page_phase(client, job) -> str:
    page = client.get(reverse("lks_registry:import_job", args=[job.pk])).content.decode()
    return page.split('data-phase="')[1].split('"')[0]


@pytest.fixture
def client_with_data(reference_data, make_client):
    from lks_registry import roles

    return make_client(roles.OPERATOR, username="operator-queue")


def test_two_workers_racing_for_one_import_import_it_once(client_with_data):
    job = confirmed_import(client_with_data)
    # The same import asked for twice, as a restart used to do while it still ran: a second queue
    # job without procrastinate's locks, so only the import's own claim stands between them.
    run_import.configure().defer(job_id=job.pk)
    enqueue_import(job)  # while one waits, asking again adds nothing
    assert ProcrastinateJob.objects.filter(task_name=IMPORT_TASK, status="todo").count() == 2

    with institutions_locked():
        workers = [worker_process("--queues", "imports", "--one-shot") for _ in range(2)]
        wait_for(backends_waiting_to_insert, "a worker to reach the import")
        assert page_phase(client_with_data, job) == "running"
        assert Institution.objects.count() == 0
    outputs = [worker.communicate(timeout=WAIT_SECONDS)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    job.refresh_from_db()
    assert (job.status, Institution.objects.count()) == (ImportStatus.DONE, 3)
    assert (
        sorted(
            ProcrastinateJob.objects.filter(task_name=IMPORT_TASK, args__job_id=job.pk).values_list(
                "status", flat=True
            )
        )
        == ["succeeded"] * 3
    )  # the dry run and both runs of the import
    assert page_phase(client_with_data, job) == "done"


def test_an_import_whose_worker_was_killed_is_run_again_once(client_with_data):
    job = confirmed_import(client_with_data)
    assert page_phase(client_with_data, job) == "waiting"

    with institutions_locked():
        first = worker_process("--queues", "imports")
        [backend] = wait_for(backends_waiting_to_insert, "the worker to reach the import")
        kill(first)
        # PostgreSQL ends the session of a client that is gone: its transaction is rolled back.
        with connect() as other:
            other.execute("SELECT pg_terminate_backend(%s)", [backend])
    wait_for(lambda: not backends_waiting_to_insert(), "the dead worker's session to end")
    job.refresh_from_db()
    assert (job.status, Institution.objects.count()) == (ImportStatus.IMPORTING, 0)
    assert page_phase(client_with_data, job) == "running"  # as far as anyone can tell yet

    assert len(retry_stalled_jobs(seconds_since_heartbeat=0)) == 1
    assert page_phase(client_with_data, job) == "waiting"
    second = worker_process("--queues", "imports", "--one-shot")
    output = second.communicate(timeout=WAIT_SECONDS)[0]

    assert second.returncode == 0, output
    job.refresh_from_db()
    assert (job.status, Institution.objects.count()) == (ImportStatus.DONE, 3)
    assert page_phase(client_with_data, job) == "done"

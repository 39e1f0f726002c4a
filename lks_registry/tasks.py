"""Spreadsheet imports run as queue jobs (procrastinate), never in the web request.

A job is deferred in the same transaction as the change that asks for it, so it exists exactly
when that change was saved. Its lock keeps two jobs of one import from running at the same time,
and its queueing lock keeps the same import from waiting twice; `importer.run` adds a database
claim of its own, so even a job started another way cannot run an import twice."""

import contextlib

from django.db import transaction
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

IMPORT_TASK = "lks_registry.run_import"


def import_lock(job_id: int) -> str:
    return f"import-{job_id}"


@app.task(name=IMPORT_TASK, queue="imports")
def run_import(job_id: int) -> None:
    from lks_registry import importer  # the importer defers this task: imported when it runs

    importer.run(job_id)


def enqueue_import(job) -> None:
    """Queue the phase the import job is waiting for (the dry run, or the import once
    confirmed). Asking again while it waits changes nothing."""
    lock = import_lock(job.pk)
    # In a savepoint: the refused insert of a job already waiting would otherwise abort the
    # caller's transaction, and its commit would silently roll back the job's new state.
    with contextlib.suppress(AlreadyEnqueued), transaction.atomic():
        run_import.configure(lock=lock, queueing_lock=lock).defer(job_id=job.pk)

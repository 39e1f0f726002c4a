"""The job queue (procrastinate, on our PostgreSQL): the recovery of jobs whose worker died, and
the queue's state for the health page and command.

procrastinate locks each job in the database when a worker takes it, so two workers never run the
same job. A worker sends a heartbeat every few seconds; a job still marked "doing" whose worker
has stopped sending them was left by a dead worker and is put back in the queue here. Each of our
tasks is written so that running it again after such a death does not repeat what was committed.
"""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from procrastinate import sql
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")
STATUS_LABELS = {
    "todo": _("waiting"),
    "doing": _("running"),
    "succeeded": _("done"),
    "failed": _("failed"),
    "cancelled": _("cancelled"),
    "aborted": _("aborted"),
}


def retry_stalled_jobs(seconds_since_heartbeat: float | None = None) -> list[int]:
    """Put the jobs of dead workers back in the queue; returns their ids."""
    seconds = (
        settings.QUEUE_STALLED_AFTER_SECONDS
        if seconds_since_heartbeat is None
        else seconds_since_heartbeat
    )
    # procrastinate's own query for them, run through the Django connection (synchronously, so
    # this works from any code, with or without an event loop).
    stalled = app.connector.get_sync_connector().execute_query_all(
        sql.queries["select_stalled_jobs_by_heartbeat"],
        queue=None,
        task_name=None,
        seconds_since_heartbeat=seconds,
    )
    for job in stalled:
        app.job_manager.retry_job_by_id(job["id"], retry_at=timezone.now())
    return [job["id"] for job in stalled]


def queue_state(now: datetime.datetime | None = None) -> dict:
    """Jobs per state and task, the workers alive, and the latest failures."""
    now = now or timezone.now()
    alive_since = now - datetime.timedelta(seconds=settings.QUEUE_STALLED_AFTER_SECONDS)
    counts = dict.fromkeys(STATUSES, 0)
    per_task = {}
    for row in ProcrastinateJob.objects.values("status", "task_name").annotate(n=Count("id")):
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        per_task.setdefault(row["task_name"], dict.fromkeys(STATUSES, 0))[row["status"]] = row["n"]
    workers = list(ProcrastinateWorker.objects.order_by("-last_heartbeat"))
    oldest_waiting = (
        ProcrastinateJob.objects.filter(status="todo", scheduled_at__isnull=True)
        .order_by("id")
        .first()
    )
    return {
        "counts": counts,
        "columns": [STATUS_LABELS.get(status, status) for status in counts],
        "per_task": sorted(per_task.items()),
        "workers": workers,
        "alive_workers": [w for w in workers if w.last_heartbeat >= alive_since],
        "oldest_waiting": oldest_waiting,
        "failed": list(ProcrastinateJob.objects.filter(status="failed").order_by("-id")[:20]),
    }


def queue_is_healthy(state: dict) -> bool:
    """At least one worker alive, or nothing waiting for one."""
    return bool(state["alive_workers"]) or state["counts"]["todo"] == 0


def daily_at(hour: int, minute: int = 0) -> str:
    """A cron line for procrastinate's periodic jobs, which reads cron in UTC, that runs every day
    at this local time of the office (settings.TIME_ZONE; Asia/Jakarta keeps one offset all year).
    """
    local = datetime.datetime.combine(
        timezone.localdate(), datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )
    utc = local.astimezone(datetime.UTC)
    return f"{utc.minute} {utc.hour} * * *"

"""The dashboard is computed by the queue after a change and at the start of each day, so its
first reader waits for nothing; the daily jobs run at the office's local time."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import croniter
import pytest
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from lks_registry.models import OperatingStatus
from lks_registry.services import institution_change_status
from notifications.queue import daily_at
from reports import cache, selectors
from reports.tasks import warm_dashboard
from risk.models import RiskSnapshot
from tests.factories import InstitutionFactory, UserFactory
from tests.lks_registry.test_import_queue import WAIT_SECONDS
from tests.queue import run_queue, worker_process

DASHBOARD = "/dashboard/"
JAKARTA = ZoneInfo("Asia/Jakarta")


def warm_callbacks(callbacks):
    return [callback for callback in callbacks if callback is cache._defer_warm]


def test_one_warm_up_per_transaction_however_many_rows_it_writes(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        InstitutionFactory.create_batch(3)
    assert len(warm_callbacks(callbacks)) == 1


@pytest.mark.django_db(transaction=True)
def test_each_committed_change_queues_a_warm_up_and_one_waiting_is_enough(reference_data):
    institution = InstitutionFactory()  # committed: a warm-up waits in the queue
    waiting = ProcrastinateJob.objects.filter(task_name="reports.warm_dashboard", status="todo")
    assert waiting.count() == 1
    institution_change_status(
        institution=institution,
        new_status=OperatingStatus.INACTIVE,
        user=UserFactory(),
        reason="Tidak beroperasi",
    )
    assert waiting.count() == 1  # the one waiting will read this change too
    # The real worker, as production runs it (run_queue cannot run beside the browser tests'
    # event loop, which these committing tests may follow).
    worker = worker_process("--queues", "dashboard", "--one-shot")
    output = worker.communicate(timeout=WAIT_SECONDS)[0]
    assert worker.returncode == 0, output
    assert waiting.count() == 0
    assert ProcrastinateJob.objects.get(task_name="reports.warm_dashboard").status == "succeeded"
    InstitutionFactory()
    assert waiting.count() == 1


def test_after_the_warm_up_the_dashboard_is_served_without_computing(pimpinan_client):
    InstitutionFactory.create_batch(2)
    cache.bump()  # a change: nothing is ready for the new generation
    warm_dashboard.defer()
    run_queue(["dashboard"])
    assert ProcrastinateJob.objects.get(task_name="reports.warm_dashboard").status == "succeeded"
    with mock.patch.object(
        selectors, "_compute_dashboard_data", side_effect=AssertionError("computed again")
    ):
        page = pimpinan_client.get(DASHBOARD)
    assert page.status_code == 200
    assert RiskSnapshot.objects.filter(day=timezone.localdate()).exists()


def test_without_the_warm_up_the_first_reader_computes(pimpinan_client):
    InstitutionFactory()
    cache.bump()
    with (
        mock.patch.object(
            selectors, "_compute_dashboard_data", side_effect=AssertionError("computed again")
        ),
        pytest.raises(AssertionError, match="computed again"),
    ):
        pimpinan_client.get(DASHBOARD)


def test_a_change_is_saved_even_when_the_queue_refuses_the_job(
    db, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(warm_dashboard, "defer", side_effect=RuntimeError("queue down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        institution = InstitutionFactory()
    assert type(institution).objects.filter(pk=institution.pk).exists()


@pytest.mark.parametrize(
    ("periodic_id", "local_time"),
    [
        ("daily-reminders", datetime.time(7, 0)),
        ("warm-dashboard-daily", datetime.time(0, 1)),
    ],
)
def test_daily_jobs_run_at_the_office_s_local_time(periodic_id, local_time):
    periodic = next(
        task
        for task in app.periodic_registry.periodic_tasks.values()
        if task.periodic_id == periodic_id
    )
    start = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC).timestamp()
    next_run = croniter.croniter(periodic.cron).get_next(ret_type=float, start_time=start)
    assert datetime.datetime.fromtimestamp(next_run, JAKARTA).time() == local_time


def test_daily_at_turns_jakarta_time_into_utc_cron():
    assert daily_at(7) == "0 0 * * *"
    assert daily_at(6, 30) == "30 23 * * *"

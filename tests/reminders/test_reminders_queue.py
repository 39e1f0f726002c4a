"""The daily job run by two real worker processes at the same moment (`manage.py procrastinate
worker`, on the test PostgreSQL): each reminder goes out once. Another session holds the reminder
table so that both workers reach their first insert before either can commit."""

import datetime

import pytest
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from lks_registry import roles
from lks_registry.models import InstitutionMember
from notifications.models import OutgoingEmail
from reminders.models import SentReminder
from reminders.tasks import send_reminders
from tests.factories import InstitutionFactory, UserFactory
from tests.lks_registry.test_import_queue import WAIT_SECONDS, connect, wait_for
from tests.queue import worker_process

pytestmark = pytest.mark.django_db(transaction=True)


def backends_waiting_to_insert() -> list[int]:
    with connect() as other:
        rows = other.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query ILIKE 'INSERT INTO \"reminders_sentreminder\"%%'"
        ).fetchall()
    return [pid for (pid,) in rows]


def test_two_workers_running_the_daily_job_together_send_each_reminder_once(
    reference_data, settings
):
    today = timezone.localdate()
    institutions = [
        InstitutionFactory(registration_valid_until=today + datetime.timedelta(days=days))
        for days in (0, 7, 30)
    ]
    for number, institution in enumerate(institutions):
        user = UserFactory(
            username=f"lembaga-q{number}",
            email=f"lembaga{number}@example.org",
            role=roles.INSTITUTION,
        )
        InstitutionMember.objects.create(user=user, institution=institution)
    UserFactory(username="operator-q", email="operator@example.org", role=roles.OPERATOR)
    send_reminders.defer(timestamp=0)
    send_reminders.configure(queueing_lock="a-second-run").defer(timestamp=1)

    with connect() as other:
        other.autocommit = False
        other.execute("LOCK TABLE reminders_sentreminder IN SHARE MODE")
        workers = [worker_process("--queues", "reminders", "--one-shot") for _ in range(2)]
        wait_for(lambda: len(backends_waiting_to_insert()) == 2, "both workers to reach an insert")
        other.rollback()
    outputs = [worker.communicate(timeout=WAIT_SECONDS)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert sorted(
        ProcrastinateJob.objects.filter(task_name="reminders.send_reminders").values_list(
            "status", flat=True
        )
    ) == ["succeeded", "succeeded"]
    assert sorted(SentReminder.objects.values_list("item_id", "days_before")) == sorted(
        [(institutions[0].pk, 0), (institutions[1].pk, 7), (institutions[2].pk, 30)]
    )
    for number in range(3):
        assert (
            OutgoingEmail.objects.filter(recipients=[f"lembaga{number}@example.org"]).count() == 1
        )
    digests = OutgoingEmail.objects.filter(recipients=["operator@example.org"])
    assert sum(body.count("\n- ") for body in digests.values_list("body", flat=True)) == 3

"""The queue's health: the admin page and the command for monitoring."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from lks_registry import roles
from notifications.queue import queue_is_healthy, queue_state
from notifications.tasks import send_email


def a_live_worker():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers DEFAULT VALUES")


def test_waiting_jobs_without_a_worker_are_unhealthy(db, capsys):
    send_email.defer(email_id=1)

    with pytest.raises(CommandError, match="no worker is alive"):
        call_command("queue_health")

    assert "todo: 1" in capsys.readouterr().out


def test_a_live_worker_makes_the_queue_healthy(db, capsys):
    send_email.defer(email_id=1)
    a_live_worker()

    call_command("queue_health")

    assert "workers alive: 1" in capsys.readouterr().out


def test_an_empty_queue_is_healthy_without_workers(db):
    assert queue_is_healthy(queue_state())


def test_queue_page_shows_the_counts_to_admins(make_client):
    send_email.defer(email_id=1)

    page = make_client(roles.ADMIN).get(reverse("notifications:queue"))

    assert page.context["state"]["counts"]["todo"] == 1
    assert 'data-healthy="no"' in page.content.decode()
    assert make_client(roles.VERIFIKATOR).get(reverse("notifications:queue")).status_code == 403

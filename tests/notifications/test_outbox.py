"""The outbox: every message stored first, sent by the queue with retries, a saved change never
failing because the mail server is down, and the admin's outbox page."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from lks_registry import roles
from notifications.models import EmailStatus, OutgoingEmail
from tests.factories import UserFactory
from tests.queue import run_queue

OUTBOX = "notifications.backends.OutboxEmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "mail.example.go.id is not answering")


REFUSING = f"{__name__}.RefusingBackend"


@pytest.fixture
def outbox_mail(settings):
    """The production path: EMAIL_BACKEND is the outbox (Django's test runner replaces it with
    the in-memory backend unless a test sets it again), delivered into mail.outbox."""
    settings.EMAIL_BACKEND = OUTBOX
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def test_a_message_is_stored_then_sent_by_the_queue(db, outbox_mail):
    mail.send_mail("Tanda daftar", "Isi pesan", None, ["lembaga@example.org"])

    stored = OutgoingEmail.objects.get()
    assert (stored.status, stored.recipients, mail.outbox) == (
        EmailStatus.WAITING,
        ["lembaga@example.org"],
        [],
    )
    run_queue()

    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (EmailStatus.SENT, 1)
    assert [(m.subject, m.to) for m in mail.outbox] == [("Tanda daftar", ["lembaga@example.org"])]


def test_a_message_sent_once_is_not_sent_again_by_a_second_job(db, outbox_mail):
    from notifications.tasks import send_email

    mail.send_mail("Satu kali", "Isi", None, ["a@example.org"])
    send_email.defer(email_id=OutgoingEmail.objects.get().pk)  # the same message queued twice

    run_queue()

    assert len(mail.outbox) == 1


def test_a_refused_message_waits_with_its_reason_and_is_retried(db, outbox_mail):
    outbox_mail.EMAIL_DELIVERY_BACKEND = REFUSING
    mail.send_mail("Pengingat", "Isi", None, ["a@example.org"])

    run_queue()

    stored = OutgoingEmail.objects.get()
    assert (stored.status, stored.attempts) == (EmailStatus.WAITING, 1)
    assert "not answering" in stored.last_error
    job = ProcrastinateJob.objects.get(task_name="notifications.send_email")
    assert (job.status, job.attempts) == ("todo", 1)  # queued again, a little later


def test_after_the_last_attempt_the_message_is_failed(db, outbox_mail):
    outbox_mail.EMAIL_DELIVERY_BACKEND = REFUSING
    outbox_mail.EMAIL_RETRIES = 0  # the first attempt is the last
    from notifications import services

    mail.send_mail("Pengingat", "Isi", None, ["a@example.org"])
    stored = OutgoingEmail.objects.get()
    with pytest.raises(services.EmailNotSent):
        services.email_send(stored.pk, last_attempt=True)

    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (EmailStatus.FAILED, 1)


def test_saving_a_change_never_fails_because_the_mail_server_is_down(
    db, client, outbox_mail, django_capture_on_commit_callbacks
):
    """The registration application's confirmation mail, with the mail server down."""
    from tests.applications.test_online_registration import (
        start_application,
        upload_required_documents,
    )

    outbox_mail.EMAIL_DELIVERY_BACKEND = REFUSING
    application = start_application(client)
    upload_required_documents(client, application)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:application_submit", args=[application.token]))
    assert response.status_code == 302

    run_queue()
    application.refresh_from_db()
    assert application.status == "submitted"
    stored = OutgoingEmail.objects.get(recipients=[application.email])
    assert (stored.status, stored.related) == (EmailStatus.WAITING, application)
    assert "not answering" in stored.last_error


def test_password_reset_mail_goes_through_the_outbox(db, client, outbox_mail):
    UserFactory(username="lupa", email="lupa@example.org")

    response = client.post(reverse("password_reset"), {"email": "lupa@example.org"})

    assert response.status_code == 302
    stored = OutgoingEmail.objects.get()
    assert stored.recipients == ["lupa@example.org"]
    run_queue()
    assert [m.to for m in mail.outbox] == [["lupa@example.org"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(roles.ADMIN, 200), (roles.VERIFIKATOR, 403), (roles.OPERATOR, 403), (roles.INSTITUTION, 403)],
)
def test_only_admins_see_the_outbox(make_client, role, expected):
    assert make_client(role).get(reverse("notifications:outbox")).status_code == expected


def test_outbox_page_lists_status_attempts_and_reason(make_client, outbox_mail):
    outbox_mail.EMAIL_DELIVERY_BACKEND = REFUSING
    mail.send_mail("Pesan <gagal>", "Isi", None, ["a@example.org"])
    run_queue()

    page = make_client(roles.ADMIN).get(reverse("notifications:outbox") + "?status=waiting")

    body = page.content.decode()
    assert "Pesan &lt;gagal&gt;" in body
    assert "not answering" in body
    assert [e.pk for e in page.context["page"].object_list] == [OutgoingEmail.objects.get().pk]


def test_admin_sends_a_failed_message_again(make_client, outbox_mail):
    mail.send_mail("Lagi", "Isi", None, ["a@example.org"])
    stored = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=stored.pk).update(status=EmailStatus.FAILED, attempts=6)

    response = make_client(roles.ADMIN).post(
        reverse("notifications:outbox_retry", args=[stored.pk])
    )
    run_queue()

    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, len(mail.outbox)) == (EmailStatus.SENT, 1)

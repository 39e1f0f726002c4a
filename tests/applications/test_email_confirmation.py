"""Issue 15, e-mail abuse: the public form made Dinsos send an official e-mail quoting any text
to any address. Now only a confirmation link goes to an unconfirmed address, with none of the
applicant's text; the receipt, revision requests, decisions and the account invitation wait
until the address is confirmed."""

import datetime

import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications import services
from applications.models import ApplicationStatus, RegistrationApplication
from tests.applications.test_online_registration import (
    confirm_address,
    decide,
    start_application,
    upload_required_documents,
)

VICTIM = "korban@example.org"
SPAM = "HADIAH Rp 100 JUTA klik evil.example"
BOARD_SPAM = "Transfer ke rekening 123"


def _sent_by_stranger(capture):
    """Someone fills in the public form with a victim's address and advertising as the name."""
    applicant = Client()
    application = start_application(
        applicant, name=SPAM, email=VICTIM, **{"board-0-name": BOARD_SPAM}
    )
    upload_required_documents(applicant, application)
    with capture(execute=True):
        applicant.post(reverse("applications:application_submit", args=[application.token]))
    application.refresh_from_db()
    return applicant, application


def _to_victim():
    return [message for message in mail.outbox if VICTIM in message.to]


def _confirmation_link(message) -> str:
    link = next(word for word in message.body.split() if "/register/confirm/" in word)
    return link.split("testserver", 1)[1]


def test_an_unconfirmed_address_gets_only_the_link_without_the_applicants_text(
    db, django_capture_on_commit_callbacks
):
    _applicant, application = _sent_by_stranger(django_capture_on_commit_callbacks)

    [message] = _to_victim()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "/register/confirm/" in message.body
    for text in (SPAM, BOARD_SPAM, "Ahmad Hidayat", application.token):
        assert text not in message.subject and text not in message.body


def test_nothing_else_reaches_an_unconfirmed_address(
    db, verifikator_client, django_capture_on_commit_callbacks
):
    applicant, application = _sent_by_stranger(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.REVISION, "Lengkapi data.")
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(reverse("applications:application_submit", args=[application.token]))
    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.REJECTED, "Bukan lembaga.")

    messages = _to_victim()
    # Each sending asks for confirmation again; no receipt, revision request or decision.
    assert len(messages) == 2
    assert all("/register/confirm/" in message.body for message in messages)
    assert not any("Lengkapi data." in m.body or "Bukan lembaga." in m.body for m in messages)
    track = applicant.get(reverse("applications:application_track", args=[application.token]))
    page = track.content.decode()
    assert 'id="email-unconfirmed"' in page and 'id="resend-confirmation"' in page
    assert "Bukan lembaga." in page  # the applicant follows the answer on the private page


def test_opening_the_link_asks_first_and_the_button_confirms_and_sends_the_receipt(
    db, django_capture_on_commit_callbacks
):
    applicant, application = _sent_by_stranger(django_capture_on_commit_callbacks)
    link = _confirmation_link(_to_victim()[0])

    # A mail scanner that opens the link confirms nothing.
    assert Client().get(link).status_code == 200
    application.refresh_from_db()
    assert not application.email_confirmed

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(link)
    application.refresh_from_db()
    assert application.email_confirmed
    assert response["Location"] == reverse(
        "applications:application_track", args=[application.token]
    )
    receipt = _to_victim()[-1]
    assert application.number in receipt.body and application.token in receipt.body
    track = applicant.get(reverse("applications:application_track", args=[application.token]))
    assert 'id="email-unconfirmed"' not in track.content.decode()


def test_a_decision_taken_before_confirmation_and_the_invitation_follow_it(
    db, verifikator_client, django_capture_on_commit_callbacks
):
    applicant, application = _sent_by_stranger(django_capture_on_commit_callbacks)
    review = verifikator_client.get(
        reverse("applications:application_review", args=[application.pk])
    )
    assert 'id="email-unconfirmed-note"' in review.content.decode()
    queue = verifikator_client.get(reverse("applications:application_queue"))
    assert "badge text-bg-warning" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.APPROVED)
    assert len(_to_victim()) == 1  # the link only: no decision, no invitation
    track = applicant.get(reverse("applications:application_track", args=[application.token]))
    assert 'id="registration-result"' in track.content.decode()
    assert 'id="resend-confirmation"' in track.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(applicant, application)

    bodies = [message.body for message in _to_victim()[1:]]
    assert any(str(ApplicationStatus.APPROVED.label) in body for body in bodies)
    assert any("/accounts/reset/" in body for body in bodies)


def test_an_expired_forged_or_outdated_link_confirms_nothing(
    db, django_capture_on_commit_callbacks
):
    _applicant, application = _sent_by_stranger(django_capture_on_commit_callbacks)
    link = _confirmation_link(_to_victim()[0])
    later = timezone.now() + datetime.timedelta(days=8)
    with time_machine.travel(later, tick=False):
        page = Client().post(link).content.decode()
    assert escape(str(services.CONFIRMATION_EXPIRED)) in page

    forged = signing.TimestampSigner(salt="other").sign_object(
        {"id": application.pk, "email": VICTIM}
    )
    page = Client().post(reverse("applications:email_confirm", args=[forged])).content.decode()
    assert escape(str(services.CONFIRMATION_INVALID)) in page

    RegistrationApplication.objects.filter(pk=application.pk).update(email="baru@example.org")
    page = Client().post(link).content.decode()
    assert escape(str(services.CONFIRMATION_INVALID)) in page
    application.refresh_from_db()
    assert not application.email_confirmed and application.confirmed_email == ""


def test_the_link_is_sent_again_at_most_once_per_interval(
    db, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_CONFIRMATION_RESEND_MINUTES = 10
    applicant, application = _sent_by_stranger(django_capture_on_commit_callbacks)
    resend = reverse("applications:email_confirmation_resend", args=[application.token])
    start = timezone.now()

    with (
        time_machine.travel(start + datetime.timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        refused = applicant.post(resend, follow=True)
    assert len(_to_victim()) == 1
    assert 'id="email-unconfirmed"' in refused.content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            applicant.post(resend)
        with django_capture_on_commit_callbacks(execute=True):
            applicant.post(resend)
    assert len(_to_victim()) == 2
    assert "/register/confirm/" in _to_victim()[-1].body


def test_a_change_request_to_the_registers_own_address_needs_no_confirmation(db):
    from tests.factories import InstitutionFactory, RegistrationApplicationFactory

    institution = InstitutionFactory(email="lembaga@example.org")
    application = RegistrationApplicationFactory(
        institution=institution, email="LEMBAGA@example.org", confirmed_email=""
    )
    assert services.address_on_register(application)
    application.email = VICTIM
    assert not services.address_on_register(application)

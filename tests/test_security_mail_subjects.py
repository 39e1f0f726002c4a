"""Issue 15, e-mail abuse: no text a user typed reaches the subject of an e-mail, in any flow
that sends one (registration, revision, decision, concern, password reset, reminders). A subject
is what a mail client shows before the message is opened: an official sender with a subject of
the attacker's choosing is the phishing mail.

Hostile names are drawn with a seeded generator; every subject sent is collected and searched
for them."""

import datetime
import random

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from lks_registry import roles
from lks_registry.models import InstitutionMember
from reminders.services import reminders_send
from tests.applications.test_online_registration import (
    confirm_address,
    decide,
    start_application,
    upload_required_documents,
)
from tests.factories import InstitutionFactory, UserFactory

BAITS = ["HADIAH", "KLIKDISINI", "TRANSFERSEKARANG", "PEMENANG", "AKUNDIBLOKIR", "VERIFIKASI"]


def hostile_names(seed=15):
    rng = random.Random(seed)
    words = rng.sample(BAITS, 3)
    return {
        "institution": f"Yayasan {words[0]} Rp100jt evil.example",
        "board": f"Bapak {words[1]}",
        "person": f"Ibu {words[2]}",
        "markers": words,
    }


def test_no_user_text_in_the_subject_of_any_email(
    db, verifikator_client, django_capture_on_commit_callbacks
):
    names = hostile_names()
    applicant = Client()
    with django_capture_on_commit_callbacks(execute=True):
        # Registration: the confirmation, then the receipt once confirmed.
        application = start_application(
            applicant,
            name=names["institution"],
            head_name=names["person"],
            **{"board-0-name": names["board"]},
        )
        upload_required_documents(applicant, application)
        applicant.post(reverse("applications:application_submit", args=[application.token]))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(applicant, application)
    # Revision request, sending again, approval with the account invitation.
    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.REVISION, names["person"])
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(reverse("applications:application_submit", args=[application.token]))
    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.APPROVED, names["person"])
    # A concern about the institution (no e-mail today: if one is added, it is checked here).
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("supervision:concern_new"),
            {
                "category": "neglect",
                "institution_name": names["institution"],
                "description": names["person"],
                "place": names["board"],
                "contact": "pelapor@example.org",
            },
        )
    # Password reset of an account whose name is hostile.
    UserFactory(username="rina", first_name=names["person"], email="rina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": "rina@example.org"})
    # Reminders to an institution and the staff digest.
    today = timezone.localdate()
    due = InstitutionFactory(
        name=f"{names['institution']} Dua",
        registration_valid_until=today + datetime.timedelta(days=30),
    )
    account = UserFactory(username="lembaga-due", email="due@example.org", role=roles.INSTITUTION)
    InstitutionMember.objects.create(user=account, institution=due)
    UserFactory(username="operator-digest", email="operator@example.org", role=roles.OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today)

    subjects = [message.subject for message in mail.outbox]
    bodies = " ".join(message.body for message in mail.outbox)
    recipients = {address for message in mail.outbox for address in message.to}
    # Every flow sent something (the test would pass vacuously otherwise) ...
    assert {"harapan@example.org", "rina@example.org", "due@example.org"} <= recipients
    assert "operator@example.org" in recipients
    assert len(subjects) >= 8
    assert names["markers"][0] in bodies  # a body may name the institution; a subject never
    # ... and no subject carries what a user typed.
    leaks = [
        subject
        for subject in subjects
        for text in (*names["markers"], "evil.example", "Rp100jt")
        if text.lower() in subject.lower()
    ]
    assert leaks == []

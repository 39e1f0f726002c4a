"""Reminders: which threshold goes out on which day (day before / on / after), each once however
often the daily job runs, to the institution's account and in the staff digest, shown on the
institution's page and under the bell."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lks_registry import roles
from lks_registry.models import InstitutionMember
from notifications.models import Notification, OutgoingEmail
from reminders.models import ReminderKind, ReminderThreshold, SentReminder
from reminders.selectors import threshold_for
from reminders.services import reminders_send
from tests.factories import (
    DocumentFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    UserFactory,
)

DAY = datetime.date(2026, 3, 2)


def on(day):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(7))), tick=False
    )


@pytest.fixture(autouse=True)
def outbox_mail(settings):
    """Messages go through the outbox as in production (Django's test runner would bypass it)."""
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"


def sent(kind=None):
    rows = SentReminder.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    return sorted(rows.values_list("kind", "item_id", "due_on", "days_before"))


@pytest.fixture
def account(db):
    """An institution with its own account (e-mail), registered until DAY + 30."""
    institution = InstitutionFactory(registration_valid_until=DAY + datetime.timedelta(days=30))
    user = UserFactory(username="lembaga-1", email="lembaga@example.org", role=roles.INSTITUTION)
    InstitutionMember.objects.create(user=user, institution=institution)
    return institution, user


@pytest.mark.parametrize(
    "days_left, expected",
    [
        (91, None),
        (90, 90),
        (89, 90),
        (31, 90),
        (30, 30),
        (29, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, 0),
        (-3, 0),
    ],
)
def test_the_nearest_threshold_not_passed_is_the_one_sent(days_left, expected):
    assert threshold_for(days_left, [0, 7, 30, 90]) == expected


@pytest.mark.parametrize("offset, expected", [(-1, []), (0, [30]), (1, [30])])
def test_a_tanda_daftar_reminder_goes_on_its_threshold_day(db, offset, expected):
    """Valid until DAY + 60: the 30-day reminder is due on DAY + 30, not the day before."""
    institution = InstitutionFactory(registration_valid_until=DAY + datetime.timedelta(days=90))
    with on(DAY):
        reminders_send(DAY)  # the 90-day one
    run_day = DAY + datetime.timedelta(days=60 + offset)
    reminders_send(run_day)
    later = [
        row[3]
        for row in sent(ReminderKind.REGISTRATION)
        if row[1] == institution.pk and row[3] != 90
    ]
    assert later == expected


def test_two_runs_send_each_reminder_once(account):
    institution, user = account
    assert reminders_send(DAY) == 1
    assert reminders_send(DAY) == 0
    assert reminders_send(DAY + datetime.timedelta(days=1)) == 0
    assert sent() == [
        (ReminderKind.REGISTRATION, institution.pk, DAY + datetime.timedelta(days=30), 30)
    ]
    to_institution = OutgoingEmail.objects.filter(recipients=["lembaga@example.org"])
    assert to_institution.count() == 1
    assert "30" in to_institution.get().subject
    assert Notification.objects.filter(user=user).count() == 1


def test_expiry_day_sends_the_on_the_day_reminder_and_after_it_none(account):
    institution, _user = account
    due = DAY + datetime.timedelta(days=30)
    reminders_send(due)
    reminders_send(due + datetime.timedelta(days=1))
    assert sent() == [(ReminderKind.REGISTRATION, institution.pk, due, 0)]


def test_a_renewed_validity_is_reminded_again(account):
    institution, _user = account
    reminders_send(DAY)
    institution.registration_valid_until = DAY + datetime.timedelta(days=20)
    institution.save()
    reminders_send(DAY)
    assert [row[2:] for row in sent()] == [
        (DAY + datetime.timedelta(days=20), 30),
        (DAY + datetime.timedelta(days=30), 30),
    ]


def test_thresholds_are_data_an_admin_changes(account):
    ReminderThreshold.objects.filter(kind=ReminderKind.REGISTRATION, days_before=30).update(
        is_active=False
    )
    ReminderThreshold.objects.create(kind=ReminderKind.REGISTRATION, days_before=45)
    reminders_send(DAY)
    assert [row[3] for row in sent()] == [45]


def test_staff_get_one_digest_and_a_bell_item(account):
    staff = UserFactory(username="operator-r", email="operator@example.org", role=roles.OPERATOR)
    UserFactory(username="pimpinan-r", email="pimpinan@example.org", role=roles.PIMPINAN)
    reminders_send(DAY)
    reminders_send(DAY)
    digest = OutgoingEmail.objects.filter(recipients__contains=["operator@example.org"])
    assert digest.count() == 1
    assert account[0].name in digest.get().body
    assert not OutgoingEmail.objects.filter(recipients__contains=["pimpinan@example.org"]).exists()
    (item,) = Notification.objects.filter(user=staff)
    assert item.url == reverse("reminders:sent_list")


def test_each_kind_uses_its_own_rule(db):
    lksa = LksaFactory(
        permit_number="IZ-1",
        permit_date=datetime.date(2021, 3, 9),
        permit_valid_until=DAY + datetime.timedelta(days=7),
        registration_valid_until=DAY + datetime.timedelta(days=400),
    )
    # Visited 358 days ago: the yearly visit is due in 7 days.
    MonitoringVisitFactory(institution=lksa, visited_on=DAY - datetime.timedelta(days=358))
    document = DocumentFactory(
        institution=InstitutionFactory(registration_valid_until=DAY + datetime.timedelta(days=400)),
        valid_until=DAY,
    )
    DocumentFactory(institution=document.institution, valid_until=DAY - datetime.timedelta(days=1))
    reminders_send(DAY)
    assert sent() == sorted(
        [
            (ReminderKind.PERMIT, lksa.pk, DAY + datetime.timedelta(days=7), 7),
            (ReminderKind.VISIT, lksa.pk, DAY + datetime.timedelta(days=7), 7),
            (ReminderKind.DOCUMENT, document.pk, DAY, 0),
        ]
    )


def test_a_visit_inside_the_year_stops_the_visit_reminder(db):
    lksa = LksaFactory(registration_valid_until=DAY + datetime.timedelta(days=400))
    MonitoringVisitFactory(institution=lksa, visited_on=DAY - datetime.timedelta(days=200))
    reminders_send(DAY)
    assert sent(ReminderKind.VISIT) == []


def test_the_reminders_show_on_the_institution_page(account, operator_client):
    institution, user = account
    reminders_send(DAY)
    page = operator_client.get(institution.get_absolute_url()).content.decode()
    assert 'data-reminder="registration-30"' in page
    assert "lembaga@example.org" in page
    listing = operator_client.get(reverse("reminders:sent_list")).content.decode()
    assert institution.name in listing


def test_the_command_runs_it_now(account, capsys):
    call_command("send_reminders", "--date", DAY.isoformat())
    call_command("send_reminders", "--date", DAY.isoformat())
    assert capsys.readouterr().out.splitlines() == ["1 reminders sent.", "0 reminders sent."]
    assert len(sent()) == 1

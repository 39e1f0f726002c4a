"""Application late: one rule (more than the standard's working days waited, holidays counted) for
the review queue and the dashboard, pinned on the day before, the day and the day after."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from applications import selectors
from applications.models import ApplicationStatus
from reports.metrics import Filters, other_counts
from tests.factories import ApplicationRoundFactory, RegistrationApplicationFactory

# Sent on Monday 3 August 2026. Working days after it: 4-7 Aug (4), 10-14 (9), 17 Aug is
# Independence Day, 18-21 (13), 24 Aug (14), 25 Aug is the Prophet's birthday, 26 Aug (15).
SENT = timezone.make_aware(datetime.datetime(2026, 8, 3, 10, 0))
LAST_DAY_ON_TIME = datetime.date(2026, 8, 25)
FIRST_DAY_LATE = datetime.date(2026, 8, 26)


@pytest.fixture
def waiting_application(db):
    application = RegistrationApplicationFactory(
        status=ApplicationStatus.SUBMITTED, submitted_at=SENT
    )
    ApplicationRoundFactory(application=application, submitted_at=SENT)
    return application


@pytest.mark.parametrize(
    ("day", "waited", "late"),
    [
        (datetime.date(2026, 8, 24), 14, False),
        (LAST_DAY_ON_TIME, 14, False),
        (FIRST_DAY_LATE, 15, True),
        (datetime.date(2026, 8, 27), 16, True),
    ],
)
def test_late_counts_holidays_and_is_the_same_for_queue_and_dashboard(
    waiting_application, verifikator_client, day, waited, late
):
    assert selectors.is_late(SENT, selectors.late_if_sent_on_or_before(day)) is late
    assert other_counts(Filters(day=day))["applications_overdue"] == int(late)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))), tick=False
    ):
        response = verifikator_client.get(reverse("applications:application_queue"))
    (row,) = response.context["page"].object_list
    assert row.overdue is late
    assert row.waiting == waited

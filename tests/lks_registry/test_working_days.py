"""One calendar of working days: weekends, Indonesia's national holidays (the `holidays`
library) and the days off an admin records (cuti bersama, local days off)."""

import datetime

from lks_registry.models import DayOff, DayOffKind
from lks_registry.working_days import latest_start_with_more_than, working_days_between

FRIDAY = datetime.date(2026, 11, 20)


def test_weekends_are_not_working_days(db):
    assert working_days_between(FRIDAY, datetime.date(2026, 11, 22)) == 0
    assert working_days_between(FRIDAY, datetime.date(2026, 11, 23)) == 1
    assert working_days_between(FRIDAY, datetime.date(2026, 12, 4)) == 10


def test_national_holidays_are_not_working_days(db):
    # Idul Fitri 2025 fell on Monday 31 March and Tuesday 1 April.
    friday = datetime.date(2025, 3, 28)
    assert working_days_between(friday, datetime.date(2025, 4, 1)) == 0
    assert working_days_between(friday, datetime.date(2025, 4, 2)) == 1


def test_days_off_an_admin_records_are_not_working_days(db):
    friday = datetime.date(2025, 3, 28)
    DayOff.objects.create(
        date=datetime.date(2025, 4, 2), name="Cuti bersama Idul Fitri", kind=DayOffKind.CUTI_BERSAMA
    )
    assert working_days_between(friday, datetime.date(2025, 4, 2)) == 0
    assert working_days_between(friday, datetime.date(2025, 4, 3)) == 1


def test_latest_start_over_the_limit_is_the_inverse_of_the_count(db):
    end = datetime.date(2026, 8, 26)
    start = latest_start_with_more_than(end, 14)
    assert working_days_between(start, end) == 15
    assert working_days_between(start + datetime.timedelta(days=1), end) == 14

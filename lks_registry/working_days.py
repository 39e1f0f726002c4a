"""Working days of the office: Monday to Friday, except Indonesia's national public holidays (from
the `holidays` library, kept up to date by its maintainers) and the days off an admin records
(cuti bersama, local days off: `DayOff`). Every count of working days in the app comes from here:
the review queue, the dashboard and the reminders use the same calendar."""

import datetime

import holidays


def days_off(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """Weekdays the office is closed between start and end (inclusive). One query."""
    from lks_registry.models import DayOff

    national = holidays.country_holidays("ID", years=range(start.year, end.year + 1))
    recorded = DayOff.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    return frozenset(day for day in national if start <= day <= end) | frozenset(recorded)


def is_working_day(day: datetime.date, off: frozenset[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in off


def working_days_between(
    start: datetime.date, end: datetime.date, *, off: frozenset[datetime.date] | None = None
) -> int:
    """Working days after start up to and including end (0 when end is not after start): a file
    sent on a Monday has waited one working day on Tuesday. Pass `off` (from `days_off`) to
    count many spans with one query."""
    if end <= start:
        return 0
    off = days_off(start, end) if off is None else off
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, off):
            days += 1
    return days


def latest_start_with_more_than(
    end: datetime.date, working_days: int, *, off: frozenset[datetime.date] | None = None
) -> datetime.date:
    """The latest start day from which more than `working_days` working days have passed by
    `end`: started on or before it = over the limit on `end`."""
    # More than n working days need at least n + 1 weekdays; holidays rarely cluster over a
    # month, so a window of 3n + 60 calendar days is ample.
    window_start = end - datetime.timedelta(days=3 * working_days + 60)
    off = days_off(window_start, end) if off is None else off
    counted, day = 0, end
    while True:
        if is_working_day(day, off):
            counted += 1
        day -= datetime.timedelta(days=1)
        if counted > working_days:
            return day

import datetime

from django.utils import timezone

from risk.selectors import institution_profile

DAY = datetime.date(2026, 6, 15)


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def factors_of(institution, day=DAY) -> dict:
    profile = institution_profile(institution, day)
    return {c.code: c for c in profile.contributions}

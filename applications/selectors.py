"""Reads of online registration: the review queue and the service standard."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    EDITABLE_APPLICATION_STATUSES,
    ApplicationKind,
    ApplicationStatus,
    RegistrationApplication,
)
from lks_registry.models import OperatingStatus, RegistrationState, RegistrySettings
from lks_registry.working_days import latest_start_with_more_than, working_days_between


def applications_in_status(status):
    """The review queue: oldest sent first, as the 14-working-day standard counts from sending."""
    return (
        RegistrationApplication.objects.filter(status=status)
        .select_related("kelurahan__kecamatan", "institution")
        .order_by("submitted_at", "pk")
    )


# --- The service standard: at most N working days (default 14) once the file is complete.


def working_days_waited(submitted_at, day: datetime.date | None = None, *, off=None) -> int | None:
    """Working days a file sent at `submitted_at` has waited by the end of `day` (default today)."""
    if submitted_at is None:
        return None
    return working_days_between(
        timezone.localdate(submitted_at), day or timezone.localdate(), off=off
    )


def late_if_sent_on_or_before(day: datetime.date | None = None) -> datetime.date:
    """The rule "late": waiting on `day` and sent more than the standard's working days before
    it, i.e. sent on or before the returned day. The review queue, the review page and the
    dashboard all ask this one function."""
    standard = RegistrySettings.current().review_working_days
    return latest_start_with_more_than(day or timezone.localdate(), standard)


def is_late(submitted_at, deadline: datetime.date) -> bool:
    """`deadline` from `late_if_sent_on_or_before` (computed once per page)."""
    return submitted_at is not None and timezone.localdate(submitted_at) <= deadline


def late_sent_before(day: datetime.date) -> datetime.datetime:
    """The same rule as a time: sent before this moment = late on `day` (for querysets)."""
    start = late_if_sent_on_or_before(day) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time()))


# --- Renewal (daftar ulang).


def renewal_opens_on(institution) -> datetime.date | None:
    """The first day the institution may ask for its daftar ulang: the set number of days
    (default 90, the first reminder) before its tanda daftar ends; None without an end date."""
    if institution.registration_valid_until is None:
        return None
    days = RegistrySettings.current().renewal_opens_days_before
    return institution.registration_valid_until - datetime.timedelta(days=days)


def renewal_open(institution, day: datetime.date | None = None) -> bool:
    """The one rule of when a daftar ulang may be asked for: registered (or lapsed, never revoked
    or closed) and the tanda daftar ends within the window or has ended."""
    day = day or timezone.localdate()
    opens_on = renewal_opens_on(institution)
    return (
        opens_on is not None
        and opens_on <= day
        and institution.registration_state_on(day)
        in (RegistrationState.VALID, RegistrationState.LAPSED)
    )


def ongoing_renewal(institution):
    """The institution's daftar ulang not yet decided (being filled in, waiting, or returned)."""
    return (
        institution.applications.filter(
            kind=ApplicationKind.RENEWAL,
            status__in=(*EDITABLE_APPLICATION_STATUSES, ApplicationStatus.SUBMITTED),
        )
        .order_by("-created_at")
        .first()
    )


def certificate_refusal(institution):
    """Why no tanda daftar may be printed now, or None. A certificate says "registered": it is
    printed only while that is true (valid, not revoked or closed) and not while suspended."""
    state = institution.registration_state
    if state == RegistrationState.DEREGISTERED:
        return _(
            "This institution is no longer registered (%(status)s): no tanda daftar is issued."
        ) % {"status": institution.get_operating_status_display()}
    if institution.operating_status == OperatingStatus.SUSPENDED:
        return _(
            "This institution's registration is suspended: no tanda daftar is issued while it lasts."
        )
    if state == RegistrationState.LAPSED:
        return _("The tanda daftar has expired: it is issued again after the daftar ulang.")
    if state != RegistrationState.VALID:
        return _("This institution has no tanda daftar.")
    return None

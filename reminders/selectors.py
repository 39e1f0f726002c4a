"""What comes due, per kind of reminder. Each kind asks the one rule that already decides it
elsewhere (registered, accreditation expiring, late application, yearly visit); none is written
again here."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accreditation.selectors import accreditation_annotations, accreditation_expiring
from applications.models import ApplicationStatus, RegistrationApplication
from applications.selectors import is_late, late_if_sent_on_or_before
from lks_registry.models import DEREGISTERED_STATUSES, Document, Institution, InstitutionKind
from reminders.models import ReminderKind, ReminderThreshold, SentReminder
from supervision.models import MonitoringVisit
from supervision.selectors import yearly_visit_q

#: The yearly visit is due 365 days after the last one (`yearly_visit_q`).
VISIT_INTERVAL = datetime.timedelta(days=365)


@dataclass(frozen=True)
class DueItem:
    kind: str
    item_id: int
    institution: Institution | None
    subject: str
    due_on: datetime.date
    url: str


def thresholds() -> dict[str, list[int]]:
    """{kind: active thresholds, smallest first}."""
    found: dict[str, list[int]] = {}
    for kind, days in (
        ReminderThreshold.objects.filter(is_active=True)
        .order_by("days_before")
        .values_list("kind", "days_before")
    ):
        found.setdefault(kind, []).append(days)
    return found


def threshold_for(days_left: int, kind_thresholds: list[int]) -> int | None:
    """The threshold a reminder is sent under today: the nearest one not yet passed (an item
    first seen 5 days ahead gets the 7-day reminder, not the 90- and 30-day ones as well). An
    item already overdue (a visit) gets the smallest, the "on the day" one."""
    for days in kind_thresholds:
        if max(days_left, 0) <= days:
            return days
    return None


def _institution_url(institution) -> str:
    return reverse("lks_registry:institution_detail", args=[institution.pk])


def _accreditation(day, horizon):
    rows = Institution.objects.registered(day).annotate(**accreditation_annotations(day))
    for row in rows.filter(grade_valid_until__lte=horizon):
        if accreditation_expiring(
            grade_valid_until=row.grade_valid_until, day=day, horizon=horizon
        ):
            yield DueItem(
                ReminderKind.ACCREDITATION,
                row.pk,
                row,
                _("Accreditation (grade %(grade)s) of %(name)s")
                % {"grade": row.grade_on, "name": row.name},
                row.grade_valid_until,
                _institution_url(row),
            )


def _registration(day, horizon):
    # Registered on the day = the tanda daftar is still valid on it (lks_registry.registered_q).
    rows = Institution.objects.registered(day).filter(registration_valid_until__lte=horizon)
    for row in rows:
        yield DueItem(
            ReminderKind.REGISTRATION,
            row.pk,
            row,
            _("Tanda daftar %(number)s of %(name)s")
            % {"number": row.registration_number, "name": row.name},
            row.registration_valid_until,
            _institution_url(row),
        )


def _permit(day, horizon):
    rows = (
        Institution.objects.registered(day)
        .filter(kind=InstitutionKind.LKSA)
        .filter(permit_valid_until__gte=day, permit_valid_until__lte=horizon)
    )
    for row in rows:
        yield DueItem(
            ReminderKind.PERMIT,
            row.pk,
            row,
            _("LKSA operating permit %(number)s of %(name)s")
            % {"number": row.permit_number or "—", "name": row.name},
            row.permit_valid_until,
            _institution_url(row),
        )


def _visit(day, horizon):
    # Due by the horizon = no visit that would still count under the yearly rule on that day.
    counting_then = MonitoringVisit.objects.filter(
        yearly_visit_q(horizon), visited_on__lte=day, institution=OuterRef("pk")
    )
    rows = (
        Institution.objects.registered(day)
        .filter(kind=InstitutionKind.LKSA)
        .filter(~Exists(counting_then))
        .annotate(
            last_visit=Max(
                "monitoring_visits__visited_on", filter=Q(monitoring_visits__visited_on__lte=day)
            )
        )
    )
    for row in rows:
        due_on = row.last_visit + VISIT_INTERVAL if row.last_visit else row.registered_on
        yield DueItem(
            ReminderKind.VISIT,
            row.pk,
            row,
            _("Yearly monitoring visit of %(name)s") % {"name": row.name},
            due_on,
            _institution_url(row),
        )


def _application(day, horizon):
    """Waiting applications whose last day within the service standard falls by the horizon.
    Late on a day = `is_late` with that day's `late_if_sent_on_or_before` (the review queue's)."""
    waiting = list(
        RegistrationApplication.objects.filter(status=ApplicationStatus.SUBMITTED).select_related(
            "institution"
        )
    )
    if not waiting:
        return
    deadlines = []
    candidate = day
    while candidate <= horizon + datetime.timedelta(days=1):
        deadlines.append((candidate, late_if_sent_on_or_before(candidate)))
        candidate += datetime.timedelta(days=1)
    for application in waiting:
        if is_late(application.submitted_at, deadlines[0][1]):
            continue  # already late: the review queue shows it in red
        first_late = next(
            (when for when, deadline in deadlines if is_late(application.submitted_at, deadline)),
            None,
        )
        if first_late is None:
            continue
        yield DueItem(
            ReminderKind.APPLICATION,
            application.pk,
            application.institution,
            _("Application %(number)s of %(name)s")
            % {"number": application.number, "name": application.name},
            first_late - datetime.timedelta(days=1),
            reverse("applications:application_review", args=[application.pk]),
        )


def _document(day, horizon):
    rows = (
        Document.objects.current()
        .filter(valid_until__gte=day, valid_until__lte=horizon)
        .exclude(institution__operating_status__in=DEREGISTERED_STATUSES)
        .select_related("institution", "document_type")
    )
    for row in rows:
        yield DueItem(
            ReminderKind.DOCUMENT,
            row.pk,
            row.institution,
            _("%(document)s of %(name)s")
            % {"document": row.document_type, "name": row.institution.name},
            row.valid_until,
            _institution_url(row.institution),
        )


FINDERS = {
    ReminderKind.ACCREDITATION: _accreditation,
    ReminderKind.REGISTRATION: _registration,
    ReminderKind.PERMIT: _permit,
    ReminderKind.VISIT: _visit,
    ReminderKind.APPLICATION: _application,
    ReminderKind.DOCUMENT: _document,
}


def due_reminders(day: datetime.date) -> list[tuple[DueItem, int]]:
    """Every (item, threshold) that should have had its reminder by the day."""
    found = []
    for kind, kind_thresholds in thresholds().items():
        horizon = day + datetime.timedelta(days=kind_thresholds[-1])
        for item in FINDERS[kind](day, horizon):
            days = threshold_for((item.due_on - day).days, kind_thresholds)
            if days is not None:
                found.append((item, days))
    return found


def reminders_of(institution):
    """The reminders sent about an institution and its documents, newest first."""
    return SentReminder.objects.filter(institution=institution).order_by("-sent_on", "-pk")


def sent_reminders():
    return SentReminder.objects.select_related("institution").order_by("-sent_on", "due_on", "pk")

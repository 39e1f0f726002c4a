"""Reads of supervision: the worklists that tell officers where to go next."""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from lks_registry.models import Institution, InstitutionKind, OperatingStatus, StatusChange
from supervision.models import (
    FieldFinding,
    FindingStatus,
    MonitoringVisit,
    PlannedVisit,
    SupervisionSettings,
    VisitDocument,
    WrittenWarning,
)


def yearly_visit_q(day: datetime.date) -> Q:
    """The yearly rule (Permensos 30/HUK/2011: each LKSA monitored at least once a year): a visit
    in the 365 days up to and including the day keeps an LKSA off the "visit due" list; a visit
    exactly 365 days before does not (its anniversary is the day the next one is due)."""
    return Q(visited_on__gt=day - datetime.timedelta(days=365), visited_on__lte=day)


def lksa_not_visited_within_a_year(today=None):
    """Registered LKSA with no monitoring visit in the last 12 months (`yearly_visit_q`), with
    the date of their next planned visit."""
    day = today or timezone.localdate()
    recent_visit = MonitoringVisit.objects.filter(yearly_visit_q(day), institution=OuterRef("pk"))
    next_plan = PlannedVisit.objects.filter(
        institution=OuterRef("pk"), done_visit__isnull=True
    ).order_by("planned_on")
    return (
        Institution.objects.registered(day)
        .filter(kind=InstitutionKind.LKSA)
        .filter(~Exists(recent_visit))
        .annotate(
            last_visit=Max("monitoring_visits__visited_on"),
            next_planned_visit=Subquery(next_plan.values("planned_on")[:1]),
        )
        .select_related("kecamatan")
        .order_by("last_visit", "name")
    )


def planned_visits_ahead():
    """Planned visits not yet made, earliest first (so a plan whose day has passed comes first)."""
    return PlannedVisit.objects.filter(done_visit__isnull=True).select_related(
        "institution", "officer"
    )


def warnings_in_force(day=None):
    """Warnings issued on or before the day in a round not closed by then: the one rule of
    "a warning in force", for the worklist and the dashboard's count as of any day."""
    day = day or timezone.localdate()
    return WrittenWarning.objects.filter(issued_on__lte=day).filter(
        Q(round__closed_on__isnull=True) | Q(round__closed_on__gt=day)
    )


def latest_warning_letters(day=None):
    """Each registered institution's latest warning letter in force, with that letter's own
    level and date; the highest level first."""
    latest = (
        warnings_in_force(day)
        .order_by("institution_id", "-issued_on", "-level", "-pk")
        .distinct("institution_id")
        .values("pk")
    )
    return (
        WrittenWarning.objects.filter(pk__in=latest)
        .filter(institution__in=Institution.objects.registered())
        .select_related("institution__kecamatan", "round")
        .order_by("-level", "-issued_on", "institution__name")
    )


#: The actions that answer a "children in danger" warning.
ACTION_STATUSES = (OperatingStatus.SUSPENDED, OperatingStatus.REVOKED, OperatingStatus.CLOSED)


def red_flags():
    """Warnings with children in danger and no action recorded on or after the letter's date:
    no monitoring visit, no suspension, revocation or closure, no referral. Oldest first."""
    visit_since = MonitoringVisit.objects.filter(
        institution=OuterRef("institution"), visited_on__gte=OuterRef("issued_on")
    )
    sanction_since = StatusChange.objects.filter(
        institution=OuterRef("institution"),
        new_status__in=ACTION_STATUSES,
        changed_at__date__gte=OuterRef("issued_on"),
    )
    return (
        WrittenWarning.objects.filter(children_in_danger=True, referred_on__isnull=True)
        .filter(~Exists(visit_since), ~Exists(sanction_since))
        .select_related("institution__kecamatan")
        .order_by("issued_on", "pk")
    )


def finding_deadline_days() -> int:
    return SupervisionSettings.current().finding_deadline_days


def _duplicate_key():
    return {"name_key": Lower(Trim("name")), "address_key": Lower(Trim("address"))}


def findings_with_flags(today=None):
    """Findings with `overdue` (open longer than the deadline in the settings) and `duplicate`
    (another finding has the same name and address, ignoring case and spaces at the ends)."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=finding_deadline_days())
    same = (
        FieldFinding.objects.annotate(**_duplicate_key())
        .filter(name_key=OuterRef("name_key"), address_key=OuterRef("address_key"))
        .exclude(pk=OuterRef("pk"))
    )
    return (
        FieldFinding.objects.annotate(**_duplicate_key())
        .annotate(
            duplicate=Exists(same),
            overdue=ExpressionWrapper(
                Q(status=FindingStatus.OPEN, found_on__lt=limit), output_field=BooleanField()
            ),
        )
        .select_related("kecamatan", "application", "institution")
        .order_by("-found_on", "-pk")
    )


def finding_duplicates(finding):
    key_name, key_address = finding.name.strip().lower(), finding.address.strip().lower()
    return (
        FieldFinding.objects.annotate(**_duplicate_key())
        .filter(name_key=key_name, address_key=key_address)
        .exclude(pk=finding.pk)
        .select_related("kecamatan")
    )


def open_findings(today=None):
    return (
        findings_with_flags(today)
        .filter(status=FindingStatus.OPEN)
        .order_by(F("found_on").asc(), "pk")
    )


def visit_documents_uploaded_by(user):
    """The visit documents an account uploaded (its daily upload allowance counts them)."""
    return VisitDocument.objects.filter(uploaded_by=user)

"""Reads of supervision: the worklists that tell officers where to go next."""

import datetime

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from lks_registry.models import Institution, InstitutionKind
from supervision.models import FieldFinding, FindingStatus, MonitoringVisit


def lksa_not_visited_within_a_year(today=None):
    """Registered LKSA with no monitoring visit in the last 12 months (the yearly rule)."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=365)
    recent_visit = MonitoringVisit.objects.filter(institution=OuterRef("pk"), visited_on__gte=since)
    return (
        Institution.objects.registered()
        .filter(kind=InstitutionKind.LKSA)
        .filter(~Exists(recent_visit))
        .annotate(last_visit=Max("monitoring_visits__visited_on"))
        .select_related("kecamatan")
        .order_by("last_visit", "name")
    )


def institutions_with_warnings():
    return (
        Institution.objects.registered()
        .filter(warnings__isnull=False)
        .annotate(highest=Max("warnings__level"), last_warning=Max("warnings__issued_on"))
        .select_related("kecamatan")
        .order_by("-highest", "name")
    )


def open_findings():
    return FieldFinding.objects.filter(status=FindingStatus.OPEN).select_related("kecamatan")

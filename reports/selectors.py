"""Reads of the dashboard: the figures every dashboard page, export and PDF shows."""

from lks_registry.models import Kecamatan, TargetGroup
from reports import cache, metrics


def dashboard_data(filters):
    """Everything the dashboard, its exports and its PDF show: a fixed number of queries,
    computed once per filters and data generation (see reports/cache.py)."""
    return cache.remember(filters, lambda: _compute_dashboard_data(filters))


def _compute_dashboard_data(filters):
    counts = cache.institution_counts(filters)
    totals, by_kecamatan, by_service = counts["total"], counts["kecamatan"], counts["target_groups"]
    kecamatan_names = dict(Kecamatan.objects.values_list("pk", "name"))
    service_names = dict(TargetGroup.objects.values_list("pk", "name"))
    return {
        "totals": totals,
        "other": metrics.other_counts(filters),
        "progress": metrics.target_progress(totals),
        "by_kecamatan": sorted(
            ((pk, kecamatan_names[pk], row) for pk, row in by_kecamatan.items()), key=lambda r: r[1]
        ),
        "by_service": sorted(
            ((pk, service_names[pk], row) for pk, row in by_service.items() if pk is not None),
            key=lambda r: -r[2]["registered"],
        ),
        "trend": metrics.monthly_trend(filters),
    }

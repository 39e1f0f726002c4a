"""Supervision by risk: the worklist, planning a visit from it, and the panels on the
institution page and the dashboard."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lks_registry.exports import csv_response, csv_separator, xlsx_response
from lks_registry.models import InstitutionKind, Kecamatan
from lks_registry.permissions import (
    VIEW_ALL_INSTITUTIONS,
    permission_required,
    visible_institutions,
)
from reports.cache import generation
from risk import selectors, services
from risk.forms import WorklistFilterForm
from risk.models import RiskLevel
from supervision.forms import PlannedVisitForm
from supervision.services import planned_visit_add
from supervision.views import RECORD_VISITS, VIEW_SUPERVISION, _apply_errors

PAGE_SIZE = 25


def worklist_url(filters, **extra) -> str:
    query = {**filters.as_query(), **{k: v for k, v in extra.items() if v}}
    return f"{reverse('risk:worklist')}?{urlencode(query)}"


def _worklist_rows(filters, choices):
    snapshot = services.snapshot_for(filters.day)
    return selectors.worklist(
        snapshot,
        kecamatan_id=filters.kecamatan_id,
        kind=filters.kind,
        target_group_id=filters.target_group_id,
        **choices,
    ).select_related("institution__kecamatan")


@require_safe
@permission_required(VIEW_SUPERVISION)
def worklist(request):
    form = WorklistFilterForm(request.GET or None)
    filters, choices = form.filters(), form.choices()
    rows = _worklist_rows(filters, choices)
    weights_by_code = selectors.weights()
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(export, rows, filters.day, weights_by_code, csv_separator(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    planned = selectors.next_planned_visits(row.institution_id for row in page)
    for row in page:
        row.reasons = selectors.row_reasons(row, filters.day, weights_by_code)
        row.next_planned_visit = planned.get(row.institution_id)
    query = {**filters.as_query(), **{k: v for k, v in choices.items() if v}}
    return render(
        request,
        "risk/worklist.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "first_rank": page.start_index(),
            "query": urlencode(query),
            "today": timezone.localdate(),
            "next": request.get_full_path(),
        },
    )


def _export(fmt, rows, day, weights_by_code, separator):
    headers = [
        _("Rank"),
        _("Name"),
        _("Kecamatan"),
        _("LKS or LKSA"),
        _("Risk level"),
        _("Score"),
        _("Factors"),
        _("Next planned visit"),
    ]

    def lines():
        planned = selectors.next_planned_visits(rows.values_list("institution_id", flat=True))
        for rank, row in enumerate(rows.iterator(chunk_size=2000), start=1):
            yield [
                rank,
                row.name,
                row.institution.kecamatan.name,
                str(InstitutionKind(row.kind).label),
                str(RiskLevel(row.level).label),
                row.score,
                "; ".join(selectors.row_reasons(row, day, weights_by_code)),
                planned.get(row.institution_id),
            ]

    name = f"risiko-{day.isoformat()}"
    if fmt == "csv":
        return csv_response(name, headers, lines(), separator)
    return xlsx_response(name, [(_("Risk worklist"), headers, lines())])


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_VISITS)
def plan_visit(request, pk):
    """Plan a monitoring visit from the worklist (supervision's planned-visit service), then
    back to the list where it was left."""
    institution = get_object_or_404(
        visible_institutions(request.user).select_related("kecamatan"), pk=pk
    )
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("risk:worklist")
    form = PlannedVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planned_visit_add(institution=institution, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Visit to %(name)s planned.") % {"name": institution.name})
            return redirect(back)
    profile = selectors.institution_profile(institution, timezone.localdate())
    return render(
        request,
        "risk/plan_visit.html",
        {"form": form, "institution": institution, "profile": profile, "next": back},
    )


# --- Panels.


def institution_panel_context(request, institution):
    """The risk profile on the institution page, for Dinsos staff only."""
    if not request.user.has_perm(VIEW_ALL_INSTITUTIONS):
        return None
    profile = selectors.institution_profile(institution, timezone.localdate())
    if profile is None:
        return None
    return {"profile": profile}


def dashboard_panel_context(request, filters):
    """Institutions by risk level per kecamatan as of the dashboard's day; each number links to
    the worklist of those institutions. Cached like the dashboard's own figures, per filters and
    data generation (reports.cache), so a cached dashboard asks the database nothing more."""
    if not request.user.has_perm(VIEW_SUPERVISION):
        return None
    query = "&".join(f"{key}={value}" for key, value in sorted(filters.as_query().items()))
    key = f"risk:dashboard:{connection.settings_dict['NAME']}:{generation()}:{query}"
    data = cache.get_or_set(key, lambda: _dashboard_counts(filters), DASHBOARD_TIMEOUT)
    return {**data, "levels": [RiskLevel(level).label for level in LEVELS_HIGH_FIRST]}


LEVELS_HIGH_FIRST = RiskLevel.values[::-1]
DASHBOARD_TIMEOUT = 60 * 60 * 24


def _dashboard_counts(filters) -> dict:
    snapshot = services.snapshot_for(filters.day)
    counts = selectors.level_counts(
        snapshot,
        kecamatan_id=filters.kecamatan_id,
        kind=filters.kind,
        target_group_id=filters.target_group_id,
    )
    names = dict(
        Kecamatan.objects.filter(pk__in=[k for k in counts if k]).values_list("pk", "name")
    )

    def cells(row, kecamatan=None):
        return [
            (row[level], worklist_url(filters, kecamatan=kecamatan, level=level))
            for level in LEVELS_HIGH_FIRST
        ]

    return {
        "rows": sorted(
            ((names[pk], cells(row, pk)) for pk, row in counts.items() if pk),
            key=lambda item: item[0],
        ),
        "total": cells(counts[None]),
        "worklist_url": worklist_url(filters),
    }

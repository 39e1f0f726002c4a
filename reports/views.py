import functools

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lks_registry.exports import csv_response, csv_separator, xlsx_response
from lks_registry.models import Institution, OperatingStatus
from lks_registry.permissions import VIEW_ALL_INSTITUTIONS, permission_required
from reports import cache, metrics
from reports.forms import DashboardFilterForm
from reports.panels import dashboard_panels
from reports.pdf import dashboard_pdf
from reports.selectors import dashboard_data

HEADLINE = [
    "registered",
    "registered_incomplete",
    "active",
    "accredited",
    "grade_a",
    "grade_b",
    "grade_c",
    "in_preparation",
    "in_process",
    "never_applied",
    "accreditation_expiring",
    "accreditation_expired",
    "registration_expiring",
    "registration_lapsed",
    "permit_expiring",
    "inactive",
    "suspended",
    "revoked",
    "lksa_not_visited",
    "warned",
]
#: The public statistics page shows only these, and no names.
PUBLIC_FIGURES = [
    "registered",
    "active",
    "accredited",
    "grade_a",
    "grade_b",
    "grade_c",
    "in_process",
]
TABLE_COLUMNS = [
    "registered",
    "active",
    "accredited",
    "grade_a",
    "grade_b",
    "grade_c",
    "in_process",
    "never_applied",
]
FUNNEL = [
    "never_applied",
    "in_preparation",
    "state_recommended",
    "state_submitted",
    "state_assessment",
    "state_visit",
    "state_returned",
    "accredited",
]


@functools.cache
def _list_path(key):
    return reverse("reports:metric_list", args=[key])


def metric_url(key, filters, **overrides):
    """Every cell of the dashboard's tables links to its list (thousands at national scale), so
    the path is resolved once per number."""
    query = {**filters.as_query(), **{k: v for k, v in overrides.items() if v}}
    return f"{_list_path(key)}?{urlencode(query)}"


def label(key):
    if key in metrics.INSTITUTION_METRIC_KEYS:
        return metrics.INSTITUTION_METRIC_KEYS[key].label
    return metrics.OTHER_METRICS[key][0]


def definition(key):
    if key in metrics.INSTITUTION_METRIC_KEYS:
        return metrics.INSTITUTION_METRIC_KEYS[key].definition
    return metrics.OTHER_METRICS[key][1]


def _tile(key, value, filters):
    return {
        "key": key,
        "label": label(key),
        "definition": definition(key),
        "value": value,
        "url": metric_url(key, filters),
    }


@require_safe
@permission_required(VIEW_ALL_INSTITUTIONS)
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    data = dashboard_data(filters)
    export = request.GET.get("export")
    if export:
        return dashboard_export(export, filters, data, csv_separator(request))
    totals = data["totals"]
    chart = {
        "kecamatan": {
            "labels": [name for _pk, name, _row in data["by_kecamatan"]],
            "registered": [row["registered"] for *_x, row in data["by_kecamatan"]],
            "accredited": [row["accredited"] for *_x, row in data["by_kecamatan"]],
        },
        "trend": {
            "labels": [formats.date_format(m["month"], "M Y") for m in data["trend"]],
            "registrations": [m["registrations"] for m in data["trend"]],
            "accreditations": [m["accreditations"] for m in data["trend"]],
        },
        "funnel": {
            "labels": [str(label(k)) for k in FUNNEL],
            "values": [totals[k] for k in FUNNEL],
        },
        "names": {
            "registered": _("Registered"),
            "accredited": _("Accredited"),
            "registrations": _("New registrations"),
            "accreditations": _("Accreditation decisions"),
            "institutions": _("Institutions"),
        },
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "tiles": [_tile(k, totals[k], filters) for k in HEADLINE],
            "work": [_tile(k, v, filters) for k, v in data["other"].items()],
            "progress": data["progress"],
            "progress_links": {
                "grade_a": metric_url("active_grade_a", filters),
                "any_grade": metric_url("active_accredited", filters),
                "active": metric_url("active", filters),
            },
            "totals": totals,
            "columns": [(k, label(k)) for k in TABLE_COLUMNS],
            "kecamatan_rows": [
                (name, [(row[k], metric_url(k, filters, kecamatan=pk)) for k in TABLE_COLUMNS])
                for pk, name, row in data["by_kecamatan"]
            ],
            "service_rows": [
                (name, [(row[k], metric_url(k, filters, target_group=pk)) for k in TABLE_COLUMNS])
                for pk, name, row in data["by_service"]
            ],
            "total_row": [(totals[k], metric_url(k, filters)) for k in TABLE_COLUMNS],
            "chart": chart,
            "query": urlencode(filters.as_query()),
            "panels": dashboard_panels(request, filters),
        },
    )


def _table(data, columns):
    headers = [_("Kecamatan")] + [label(k) for k in columns]
    rows = [[name] + [row[k] for k in columns] for _pk, name, row in data["by_kecamatan"]]
    rows.append([_("Total")] + [data["totals"][k] for k in columns])
    return headers, rows


def dashboard_export(fmt, filters, data, separator=","):
    all_keys = [m.key for m in metrics.INSTITUTION_METRICS]
    name = f"dasbor-lks-{filters.day.isoformat()}"
    kecamatan_headers, kecamatan_rows = _table(data, all_keys)
    summary = [[str(label(k)), v] for k, v in data["totals"].items()] + [
        [str(label(k)), v] for k, v in data["other"].items()
    ]
    if fmt == "csv":
        return csv_response(name, kecamatan_headers, kecamatan_rows, separator)
    if fmt == "xlsx":
        service_headers = [_("Service type")] + [label(k) for k in all_keys]
        service_rows = [[n] + [row[k] for k in all_keys] for _pk, n, row in data["by_service"]]
        return xlsx_response(
            name,
            [
                (_("Summary"), [_("Indicator"), _("Count")], summary),
                (_("Per kecamatan"), kecamatan_headers, kecamatan_rows),
                (_("Per service type"), service_headers, service_rows),
            ],
        )
    if fmt == "pdf":
        return dashboard_pdf(name, filters, data, summary, _table(data, TABLE_COLUMNS))
    raise Http404


@require_safe
@permission_required(VIEW_ALL_INSTITUTIONS)
def metric_list(request, key):
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    if key in metrics.INSTITUTION_METRIC_KEYS:
        rows = InstitutionRows(cache.metric_rows(key, filters))
        headers = [
            _("Name"),
            _("Registration number"),
            _("Kind"),
            _("Kecamatan"),
            _("Status on the day"),
            _("Grade on the day"),
        ]

        def cells(i):
            return [
                i.name,
                i.registration_number,
                i.get_kind_display(),
                str(i.kecamatan),
                OperatingStatus(i.fact.status_on).label if i.fact.status_on else "",
                i.fact.grade_on or "",
            ]

        link = "institution"
    elif key in metrics.OTHER_METRICS:
        rows = metrics.OTHER_METRICS[key][2](filters)
        if key.startswith("applications"):
            headers = [_("Number"), _("Name"), _("Kecamatan"), _("Sent")]

            def cells(r):
                return [
                    r.application.number,
                    r.application.name,
                    str(r.application.kelurahan.kecamatan),
                    timezone.localdate(r.submitted_at),
                ]

            link = "application"
        elif key == "open_concerns":
            headers = [_("Reference"), _("Category"), _("Institution"), _("Received")]

            def cells(c):
                return [
                    c.reference,
                    c.get_category_display(),
                    str(c.institution or c.institution_name),
                    timezone.localdate(c.received_at),
                ]

            link = "concern"
        else:
            headers = [_("Name"), _("Address"), _("Kecamatan"), _("Found")]

            def cells(f):
                return [
                    f.name,
                    f.address,
                    str(f.kecamatan),
                    f.found_on,
                ]

            link = "finding"
    else:
        raise Http404
    export = request.GET.get("export")
    filename = f"{key}-{filters.day.isoformat()}"
    if export == "csv":
        return csv_response(
            filename, headers, (cells(r) for r in rows.iterator()), csv_separator(request)
        )
    if export == "xlsx":
        return xlsx_response(filename, [(label(key), headers, (cells(r) for r in rows.iterator()))])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "reports/metric_list.html",
        {
            "key": key,
            "label": label(key),
            "definition": definition(key),
            "filters": filters,
            "form": form,
            "page": page,
            "headers": headers,
            "rows": [(r, cells(r)) for r in page.object_list],
            "link": link,
            "query": query.urlencode(),
        },
    )


class InstitutionRows:
    """The facts rows of a number, read as institutions page by page (pagination and exports
    fetch only the rows they show)."""

    BATCH = 2000

    def __init__(self, facts):
        self.facts = facts

    def count(self):
        return len(self.facts)

    def _load(self, facts):
        by_pk = Institution.objects.select_related("kecamatan").in_bulk([f.pk for f in facts])
        for fact in facts:
            institution = by_pk[fact.pk]
            institution.fact = fact
            yield institution

    def __getitem__(self, page_slice):
        return list(self._load(self.facts[page_slice]))

    def iterator(self):
        for start in range(0, len(self.facts), self.BATCH):
            yield from self._load(self.facts[start : start + self.BATCH])


@require_safe
def public_statistics(request):
    """Counts only, no names: for the city's website."""
    filters = metrics.Filters(day=timezone.localdate())
    data = dashboard_data(filters)
    return render(
        request,
        "reports/public_statistics.html",
        {
            "filters": filters,
            "tiles": [(label(k), data["totals"][k]) for k in PUBLIC_FIGURES],
            "progress": data["progress"],
            "kecamatan_rows": [
                (name, row["registered"], row["accredited"])
                for _pk, name, row in data["by_kecamatan"]
            ],
        },
    )

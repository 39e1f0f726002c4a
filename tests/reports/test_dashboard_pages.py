import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lks_registry.models import OperatingStatus
from reports.cache import bump
from tests.factories import (
    AccreditationCaseFactory,
    ConcernFactory,
    InstitutionFactory,
    LksaFactory,
)
from tests.reports.test_metrics import days, decided

DASHBOARD = reverse("reports:dashboard")


def build_city():
    decided(InstitutionFactory(registered_on=days(500)), "A", days(10))
    decided(
        LksaFactory(registered_on=days(500), operating_status=OperatingStatus.SUSPENDED),
        "B",
        days(20),
    )
    AccreditationCaseFactory(institution=InstitutionFactory())
    InstitutionFactory(operating_status=OperatingStatus.REVOKED)
    ConcernFactory()


def test_every_number_links_to_a_list_of_exactly_that_many_rows(pimpinan_client):
    build_city()
    page = pimpinan_client.get(DASHBOARD).content.decode()
    links = re.findall(
        r'href="(/dashboard/list/[^"]+)"[^>]*>\s*(?:<div class="card-body[^"]*"><div class="display-6 fw-semibold">)?(\d+)',
        page,
    )
    assert len(links) > 40
    for url, number in links:
        listed = pimpinan_client.get(url.replace("&amp;", "&"))
        assert listed.context["page"].paginator.count == int(number), url


def test_dashboard_filters_and_as_of_date(pimpinan_client):
    build_city()
    response = pimpinan_client.get(DASHBOARD, {"as_of": days(15).isoformat(), "kind": "lksa"})
    tiles = {tile["key"]: tile["value"] for tile in response.context["tiles"]}
    assert tiles["registered"] == 1 and tiles["accredited"] == 1
    future = pimpinan_client.get(DASHBOARD, {"as_of": "2999-01-01"})
    assert "as_of" in future.context["form"].errors


@pytest.mark.parametrize("typed", ["2999-01-01", "31-02-2026", "kemarin"])
def test_a_future_or_invalid_as_of_date_is_said_and_the_other_filters_still_apply(
    pimpinan_client, typed
):
    build_city()
    response = pimpinan_client.get(DASHBOARD, {"as_of": typed, "kind": "lksa"})
    page = response.content.decode()
    warning = page.split('id="as-of-error"')[1].split("</div>")[0]
    assert typed in warning and "hari ini" in warning
    assert response.context["filters"].kind == "lksa"
    assert response.context["filters"].day == timezone.localdate()


def test_dashboard_exports(pimpinan_client):
    build_city()
    csv_response = pimpinan_client.get(DASHBOARD, {"export": "csv"})
    rows = list(
        csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig")))
    )
    assert rows[0][:3] == ["Kecamatan", "Terdaftar", "Aktif"]
    assert rows[-1][0] == "Jumlah" and rows[-1][1] == "3"
    workbook = load_workbook(io.BytesIO(pimpinan_client.get(DASHBOARD, {"export": "xlsx"}).content))
    assert workbook.sheetnames == ["Ringkasan", "Per kecamatan", "Per jenis layanan"]
    summary = {
        row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["Terdaftar"] == 3 and summary["Terakreditasi"] == 2
    pdf = pimpinan_client.get(DASHBOARD, {"export": "pdf", "as_of": days(1).isoformat()})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_metric_list_exports_the_same_rows(pimpinan_client):
    build_city()
    url = reverse("reports:metric_list", args=["accredited"])
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(pimpinan_client.get(url, {"export": "csv"}).streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][0] == "Nama" and len(rows) == 3
    sheet = load_workbook(io.BytesIO(pimpinan_client.get(url, {"export": "xlsx"}).content)).active
    assert sheet.max_row == 3


def test_unknown_metric_is_404(pimpinan_client):
    assert pimpinan_client.get(reverse("reports:metric_list", args=["nothing"])).status_code == 404


def test_dashboard_query_count_does_not_grow_with_the_data(pimpinan_client, count_queries):
    build_city()
    bump()  # from scratch
    before = count_queries(pimpinan_client, DASHBOARD)
    for _ in range(3):
        build_city()
    bump()
    assert count_queries(pimpinan_client, DASHBOARD) == before
    # session, user, 2 permission look-ups, the facts query (all institution numbers) with the
    # change log's position before it, 2 name lists, 4 counts (applications, overdue, concerns,
    # findings), 2 settings rows, the office's days off (working-day calendar), 2 trend queries,
    # the filter form's 2 choice lists and the bell's unread items: 20. The risk panel
    # (risk.views.dashboard_panel_context) builds the day's risk snapshot anew after the bump:
    # its look-up, lock and rebuild statements, weights, thresholds, the counts and the names: 14.
    assert before == 20 + 14


def test_dashboard_after_a_change_query_count_does_not_grow_with_the_changes(
    pimpinan_client, count_queries
):
    build_city()
    count_queries(pimpinan_client, DASHBOARD)
    InstitutionFactory()
    one = count_queries(pimpinan_client, DASHBOARD)
    for _ in range(3):
        build_city()
    # As many as from scratch: the change log read, then the facts of the changed institutions
    # only, in one query: 20; the risk panel reads the day's snapshot, its counts by level and the
    # kecamatan names: 3.
    assert count_queries(pimpinan_client, DASHBOARD) == one == 20 + 3


def test_cached_figures_are_replaced_after_any_change(pimpinan_client, count_queries):
    build_city()

    def registered():
        tiles = pimpinan_client.get(DASHBOARD).context["tiles"]
        return next(tile["value"] for tile in tiles if tile["key"] == "registered")

    assert registered() == 3
    assert count_queries(pimpinan_client, DASHBOARD) < 10  # served from the cache
    InstitutionFactory()
    assert registered() == 4
    institution = InstitutionFactory()
    institution.operating_status = OperatingStatus.CLOSED
    institution.save()
    assert registered() == 4


def test_public_statistics_show_counts_and_no_names(db):
    build_city()
    page = Client().get(reverse("public_statistics")).content.decode()
    assert "Yayasan Contoh" not in page
    assert 'id="public-stats"' in page

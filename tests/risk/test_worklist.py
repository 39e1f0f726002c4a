"""The worklist through HTTP: order, filters, export with the formula guard, planning a visit,
the institution page's panel and the dashboard's counts by level; weights and thresholds as
data; the day's snapshot kept up to date by change."""

import csv
import datetime
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from lks_registry import roles
from lks_registry.models import InstitutionKind, Kecamatan
from risk import services
from risk.models import FactorCode, RiskFactor, RiskLevel, RiskSettings
from risk.selectors import institution_profile, level_expression, risk_level
from supervision.models import PlannedVisit
from tests.factories import (
    ConcernFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    UserFactory,
    WrittenWarningFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def complete(institution, today):
    """No paperwork factor: every required document uploaded, visited this year."""
    from tests.factories import DocumentFactory

    for doc_type in institution.legal_form.legal_type.required_document_types.all():
        DocumentFactory(institution=institution, document_type=doc_type)
    MonitoringVisitFactory(institution=institution, visited_on=today)
    return institution


def worklist_rows(client, **query):
    response = client.get(reverse("risk:worklist"), query)
    assert response.status_code == 200
    return response, [row.institution_id for row in response.context["page"].object_list]


def test_the_worklist_puts_the_highest_score_first_then_by_name(verifikator_client, today):
    calm = complete(InstitutionFactory(name="A Tenang"), today)
    warned_b = complete(InstitutionFactory(name="B Diperingatkan"), today)
    warned_a = complete(InstitutionFactory(name="A Diperingatkan"), today)
    lksa = LksaFactory(name="Z Panti")  # never visited, documents missing, a warning
    for institution in (warned_a, warned_b, lksa):
        WrittenWarningFactory(institution=institution)
    _response, order = worklist_rows(verifikator_client)
    assert order == [lksa.pk, warned_a.pk, warned_b.pk, calm.pk]


def test_seeded_variety_is_ordered_by_score(verifikator_client, today):
    rng = random.Random(18)
    for n in range(12):
        institution = (LksaFactory if rng.random() < 0.5 else InstitutionFactory)(
            name=f"Lembaga {rng.randint(1, 99):02d}-{n}",
            incomplete_fields=["phone"] * rng.randint(0, 1),
        )
        for _ in range(rng.randint(0, 2)):
            ConcernFactory(institution=institution)
        if rng.random() < 0.4:
            WrittenWarningFactory(institution=institution)
    response, _order = worklist_rows(verifikator_client)
    rows = list(response.context["page"].object_list)
    keys = [(-row.score, row.name, row.institution_id) for row in rows]
    assert keys == sorted(keys)
    for row in rows:  # the snapshot agrees with the institution's own profile
        assert row.score == institution_profile(row.institution, today).score


def test_filters_by_kecamatan_kind_factor_and_level(verifikator_client, today):
    other_kecamatan = (
        Kecamatan.objects.exclude(name="Cipondoh").filter(kelurahan_set__isnull=False).first()
    )
    lksa = LksaFactory()
    lks = InstitutionFactory(
        kecamatan=other_kecamatan, kelurahan=other_kecamatan.kelurahan_set.first()
    )
    WrittenWarningFactory(institution=lks)
    assert worklist_rows(verifikator_client, kind=InstitutionKind.LKSA)[1] == [lksa.pk]
    assert worklist_rows(verifikator_client, kecamatan=other_kecamatan.pk)[1] == [lks.pk]
    assert worklist_rows(verifikator_client, factor=FactorCode.WARNINGS)[1] == [lks.pk]
    assert worklist_rows(verifikator_client, factor=FactorCode.VISIT_OVERDUE)[1] == [lksa.pk]
    high = institution_profile(lksa, today).level
    assert lksa.pk in worklist_rows(verifikator_client, level=high)[1]


def test_a_bad_filter_is_an_indonesian_error_not_a_500(verifikator_client):
    response = verifikator_client.get(reverse("risk:worklist"), {"as_of": "2999-01-01"})
    assert response.status_code == 200
    assert "Pilih hari ini atau tanggal yang sudah lewat." in response.content.decode()


def test_the_worklist_shows_reasons_and_the_next_planned_visit(verifikator_client, today):
    lksa = LksaFactory()
    officer = UserFactory(role=roles.VERIFIKATOR)
    PlannedVisit.objects.create(
        institution=lksa, planned_on=today + datetime.timedelta(days=3), officer=officer
    )
    page = verifikator_client.get(reverse("risk:worklist")).content.decode()
    assert "Belum pernah dikunjungi Dinsos sejak terdaftar" in page
    assert (today + datetime.timedelta(days=3)).strftime("%-d") in page
    assert "Belum direncanakan" not in page


@pytest.mark.parametrize("sep", ["", "semicolon"])
def test_csv_export_guards_formulas(verifikator_client, sep):
    LksaFactory(name='=HYPERLINK("http://evil.example","x")')
    response = verifikator_client.get(reverse("risk:worklist"), {"export": "csv", "sep": sep})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if sep else ","))
    assert rows[0][:2] == ["Peringkat", "Nama"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][4] in {str(label) for label in RiskLevel.labels}
    assert "Belum pernah dikunjungi" in rows[1][6]


def test_xlsx_export_opens_with_the_same_rows(verifikator_client):
    from openpyxl import load_workbook

    LksaFactory(name="@SUM(A1)")
    response = verifikator_client.get(reverse("risk:worklist"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == "'@SUM(A1)"
    assert sheet.cell(row=2, column=1).value == 1


def test_worklist_query_count_does_not_follow_the_rows(verifikator_client, count_queries):
    LksaFactory()
    services.snapshot_for(timezone.localdate())
    one = count_queries(verifikator_client, reverse("risk:worklist"))
    for _ in range(3):
        WrittenWarningFactory(institution=LksaFactory())
    services.snapshots_drop()
    services.snapshot_for(timezone.localdate())
    assert count_queries(verifikator_client, reverse("risk:worklist")) == one


# --- Planning a visit from the list (supervision.services.planned_visit_add).


def test_plan_a_visit_from_the_worklist_and_come_back(verifikator_client, today):
    lksa = LksaFactory()
    officer = UserFactory(role=roles.VERIFIKATOR)
    back = reverse("risk:worklist") + "?kind=lksa"
    url = reverse("risk:plan_visit", args=[lksa.pk])
    form_page = verifikator_client.get(url, {"next": back})
    assert "Belum pernah dikunjungi" in form_page.content.decode()
    day = today + datetime.timedelta(days=7)
    response = verifikator_client.post(
        url, {"planned_on": day.isoformat(), "officer": officer.pk, "note": "Risiko", "next": back}
    )
    assert response.status_code == 302
    assert response.url == back
    assert PlannedVisit.objects.get(institution=lksa).planned_on == day


def test_plan_refuses_a_past_day_keeps_input_and_ignores_a_foreign_next(verifikator_client, today):
    lksa = LksaFactory()
    officer = UserFactory(role=roles.VERIFIKATOR)
    url = reverse("risk:plan_visit", args=[lksa.pk])
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    response = verifikator_client.post(
        url, {"planned_on": yesterday, "officer": officer.pk, "note": "Tetap ada"}
    )
    assert response.status_code == 200
    assert "untuk hari ini atau sesudahnya" in response.content.decode()
    assert "Tetap ada" in response.content.decode()
    assert not PlannedVisit.objects.exists()
    response = verifikator_client.post(
        url,
        {
            "planned_on": today.isoformat(),
            "officer": officer.pk,
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("risk:worklist")


# --- The institution page and the dashboard.


def test_institution_page_shows_level_factors_and_what_would_lower_it(verifikator_client):
    lksa = LksaFactory()
    WrittenWarningFactory(institution=lksa, children_in_danger=True)
    page = verifikator_client.get(lksa.get_absolute_url()).content.decode()
    assert 'id="risk-panel"' in page
    assert "Tinggi" in page
    assert "Surat peringatan dengan anak dalam bahaya masih berlaku" in page
    assert "Lakukan dan catat kunjungan pemantauan." in page
    assert "poin: tingkat" in page


def test_dashboard_counts_levels_per_kecamatan_with_links(verifikator_client, today):
    lksa = LksaFactory()
    WrittenWarningFactory(institution=lksa, children_in_danger=True)
    complete(InstitutionFactory(), today)
    response = verifikator_client.get(reverse("reports:dashboard"))
    panel = next(ctx for name, ctx in response.context["panels"] if name.startswith("risk/"))
    ((name, cells),) = panel["rows"]
    assert name == "Cipondoh"
    counts = dict(zip(["high", "medium", "low"], [value for value, _url in cells], strict=True))
    assert counts == {"high": 1, "medium": 0, "low": 1}
    _value, url = cells[0]
    listed = verifikator_client.get(url)
    assert [row.institution_id for row in listed.context["page"].object_list] == [lksa.pk]


def test_dashboard_as_of_a_past_day_uses_that_days_history(verifikator_client, today):
    lksa = LksaFactory()
    WrittenWarningFactory(institution=lksa, issued_on=today, children_in_danger=True)
    past = today - datetime.timedelta(days=30)
    response = verifikator_client.get(reverse("reports:dashboard"), {"as_of": past.isoformat()})
    panel = next(ctx for name, ctx in response.context["panels"] if name.startswith("risk/"))
    assert panel["total"][0][0] == 0  # no warning yet on that day: not tinggi


# --- Weights and thresholds are data; the level rule in Python and SQL agree.


def test_weights_and_factors_switched_off_change_the_score(today):
    institution = InstitutionFactory(incomplete_fields=["phone"])
    before = institution_profile(institution, today).score
    RiskFactor.objects.filter(code=FactorCode.DATA_INCOMPLETE).update(weight=7)
    assert institution_profile(institution, today).score == before - 5 + 7
    RiskFactor.objects.filter(code=FactorCode.DATA_INCOMPLETE).update(is_active=False)
    codes = [c.code for c in institution_profile(institution, today).contributions]
    assert FactorCode.DATA_INCOMPLETE not in codes


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "low"), (19, "low"), (20, "medium"), (49, "medium"), (50, "high"), (200, "high")],
)
def test_level_thresholds_in_python_and_sql(score, level):
    from django.db.models import F, IntegerField, Value

    from lks_registry.models import Institution

    settings = RiskSettings.current()
    InstitutionFactory()
    in_sql = (
        Institution.objects.annotate(score=Value(score, IntegerField()))
        .annotate(level=level_expression(F("score"), settings))
        .values_list("level", flat=True)
    )
    assert risk_level(score, settings) == level
    assert list(in_sql) == [level]


def test_snapshot_rows_follow_a_change_once_it_commits(django_capture_on_commit_callbacks, today):
    with django_capture_on_commit_callbacks(execute=True):
        lksa = LksaFactory()
    snapshot = services.snapshot_for(today)
    row = snapshot.rows.get(institution=lksa)
    assert FactorCode.VISIT_OVERDUE in row.factors
    with django_capture_on_commit_callbacks(execute=True):
        MonitoringVisitFactory(institution=lksa, visited_on=today)
    assert FactorCode.VISIT_OVERDUE not in snapshot.rows.get(institution=lksa).factors


def test_changed_weights_drop_the_snapshots(django_capture_on_commit_callbacks, today):
    services.snapshot_for(today)
    with django_capture_on_commit_callbacks(execute=True):
        factor = RiskFactor.objects.get(code=FactorCode.WARNINGS)
        factor.weight = 1
        factor.save()
    from risk.models import RiskSnapshot

    assert not RiskSnapshot.objects.exists()

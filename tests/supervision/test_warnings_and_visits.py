"""The warning ladder in rounds, closure by Dinsos or at the institution's request, dates of what
happened versus planned visits, the visit page, the worklists and the red-flag list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lks_registry.models import OperatingStatus, StatusChange, StatusGround
from lks_registry.services import NO_REOPENING, institution_change_status
from supervision import selectors, services
from supervision.models import MonitoringVisit, PlannedVisit, WrittenWarning
from tests.factories import (
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    UserFactory,
    WrittenWarningFactory,
)

TODAY = timezone.localdate


def days(n):
    return TODAY() - datetime.timedelta(days=n)


def issue(institution, level, *, danger=False, on=None, user=None, number=None):
    on = on or TODAY()
    return services.written_warning_issue(
        institution=institution,
        level=level,
        reason="Pelanggaran standar pengasuhan",
        children_in_danger=danger,
        user=user or UserFactory(username="officer-warnings"),
        letter_number=number or f"400.9/{institution.pk}-{level}-{on:%j}/DINSOS",
        correction_deadline=on + datetime.timedelta(days=14),
        issued_on=on,
    )


def level_error(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.message_dict["level"])


# --- The ladder.


def test_warnings_come_in_order_within_a_round(db):
    lksa = LksaFactory()
    assert "surat peringatan pertama" in level_error(lambda: issue(lksa, 2))
    assert "surat peringatan pertama" in level_error(lambda: issue(lksa, 3))
    issue(lksa, 1, on=days(40))
    assert "sudah memiliki" in level_error(lambda: issue(lksa, 1))
    assert "kedua" in level_error(lambda: issue(lksa, 3))
    issue(lksa, 2, on=days(20))
    issue(lksa, 3, on=days(5))
    assert "ketiga" in level_error(lambda: issue(lksa, 1))
    assert list(lksa.warnings.values_list("level", flat=True).order_by("level")) == [1, 2, 3]


def test_children_in_danger_may_skip_levels(db):
    lksa = LksaFactory()
    warning = issue(lksa, 3, danger=True)
    assert warning.level == 3 and warning.round.is_open


def test_a_closed_round_lets_a_new_round_start_at_the_first_warning(db):
    lksa = LksaFactory()
    first = issue(lksa, 1, on=days(60))
    services.warning_round_close(
        institution=lksa, closed_on=days(30), note="Rasio pengasuh diperbaiki", user=None
    )
    assert "surat peringatan pertama" in level_error(lambda: issue(lksa, 2))
    again = issue(lksa, 1, on=days(2))
    assert again.round != first.round
    assert lksa.warning_rounds.count() == 2


def date_error(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.message_dict["issued_on"])


def test_a_warning_is_not_dated_before_the_earlier_warning_of_its_round(db):
    lksa = LksaFactory()
    issue(lksa, 1, on=days(20), number="400.9/001/DINSOS")
    assert "400.9/001/DINSOS" in date_error(lambda: issue(lksa, 2, on=days(21)))
    assert "400.9/001/DINSOS" in date_error(lambda: issue(lksa, 3, on=days(30), danger=True))
    assert issue(lksa, 2, on=days(20)).level == 2  # the same day is in order
    assert lksa.warnings.count() == 2


def test_no_warning_is_dated_in_a_round_already_closed(db):
    lksa = LksaFactory()
    issue(lksa, 1, on=days(60))
    services.warning_round_close(
        institution=lksa, closed_on=days(30), note="Rasio pengasuh diperbaiki", user=None
    )
    for on in (days(45), days(30)):  # inside the closed round, and its closing day
        assert "ditutup pada" in date_error(lambda on=on: issue(lksa, 1, on=on))
    assert lksa.warning_rounds.count() == 1
    assert issue(lksa, 1, on=days(29)).round.opened_on == days(29)


def test_the_warning_form_shows_a_date_out_of_order_at_the_date(verifikator_client):
    lksa = LksaFactory()
    issue(lksa, 1, on=days(10))
    url = reverse("supervision:warning_add", args=[lksa.pk])
    response = verifikator_client.post(
        url,
        {
            "level": "2",
            "letter_number": "400.9/777/DINSOS",
            "issued_on": days(12).isoformat(),
            "correction_deadline": days(1).isoformat(),
            "reason": "Belum diperbaiki",
        },
    )
    assert response.status_code == 200
    assert "sebelum surat peringatan sebelumnya" in " ".join(
        response.context["form"].errors["issued_on"]
    )
    assert 'value="400.9/777/DINSOS"' in response.content.decode()
    assert lksa.warnings.count() == 1


def test_a_round_closes_only_with_a_note_and_not_before_its_last_letter(db):
    lksa = LksaFactory()
    issue(lksa, 1, on=days(10))
    with pytest.raises(ValidationError) as caught:
        services.warning_round_close(institution=lksa, closed_on=days(5), note=" ", user=None)
    assert "closing_note" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.warning_round_close(institution=lksa, closed_on=days(20), note="ok", user=None)
    assert "closed_on" in caught.value.message_dict


def test_warning_form_keeps_what_was_typed_and_explains_the_ladder(verifikator_client):
    lksa = LksaFactory()
    response = verifikator_client.post(
        reverse("supervision:warning_add", args=[lksa.pk]),
        {
            "level": 2,
            "letter_number": "400.9/777/DINSOS/2026",
            "issued_on": TODAY(),
            "correction_deadline": TODAY(),
            "reason": "Anak tidak bersekolah",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Peringatan datang berurutan" in page and "400.9/777/DINSOS/2026" in page
    assert not WrittenWarning.objects.exists()


def test_warning_letter_needs_its_number_and_a_deadline_not_before_its_date(verifikator_client):
    lksa = LksaFactory()
    url = reverse("supervision:warning_add", args=[lksa.pk])
    response = verifikator_client.post(
        url,
        {"level": 1, "issued_on": TODAY(), "correction_deadline": days(1), "reason": "x"},
    )
    errors = response.context["form"].errors
    assert {"letter_number", "correction_deadline"} <= set(errors)
    assert not WrittenWarning.objects.exists()


def test_duplicate_letter_number_says_it_already_exists(verifikator_client):
    issue(LksaFactory(), 1, number="400.9/001/DINSOS/2026")
    lksa = LksaFactory()
    response = verifikator_client.post(
        reverse("supervision:warning_add", args=[lksa.pk]),
        {
            "level": 1,
            "letter_number": "400.9/001/DINSOS/2026",
            "issued_on": TODAY(),
            "correction_deadline": TODAY(),
            "reason": "x",
        },
    )
    page = response.content.decode()
    assert "Surat peringatan dengan nomor surat ini sudah ada." in page
    assert "tidak ada" not in page


# --- Suspension, revocation and the two kinds of closure.


def change(institution, status, ground=""):
    return institution_change_status(
        institution=institution,
        new_status=status,
        reason="Hasil pengawasan",
        user=None,
        ground=ground,
    )


def test_suspension_needs_the_third_warning_of_the_open_round(db):
    lksa = LksaFactory()
    for level, ago in ((1, 60), (2, 40), (3, 20)):
        issue(lksa, level, on=days(ago))
    services.warning_round_close(institution=lksa, closed_on=days(1), note="Diperbaiki", user=None)
    with pytest.raises(ValueError, match="surat peringatan ketiga"):
        change(lksa, OperatingStatus.SUSPENDED)
    issue(lksa, 1, on=TODAY())
    with pytest.raises(ValueError):
        change(lksa, OperatingStatus.SUSPENDED)


def test_closure_by_dinsos_is_a_sanction_and_needs_the_warnings(db):
    lksa = LksaFactory()
    with pytest.raises(ValueError, match="sanksi|alasan"):
        change(lksa, OperatingStatus.CLOSED)
    with pytest.raises(ValueError, match="surat peringatan ketiga"):
        change(lksa, OperatingStatus.CLOSED, StatusGround.SANCTION)
    issue(lksa, 2, danger=True)
    change(lksa, OperatingStatus.CLOSED, StatusGround.SANCTION)
    lksa.refresh_from_db()
    assert lksa.operating_status == OperatingStatus.CLOSED
    assert StatusChange.objects.get().ground == StatusGround.SANCTION


def test_closure_at_own_request_needs_no_warning_and_may_reopen(db):
    lksa = LksaFactory()
    change(lksa, OperatingStatus.CLOSED, StatusGround.OWN_REQUEST)
    change(lksa, OperatingStatus.ACTIVE)
    lksa.refresh_from_db()
    assert lksa.operating_status == OperatingStatus.ACTIVE


def test_revoked_or_sanction_closed_institution_does_not_reopen_by_a_status_change(db):
    revoked, closed = LksaFactory(), LksaFactory()
    for institution, status, ground in (
        (revoked, OperatingStatus.REVOKED, ""),
        (closed, OperatingStatus.CLOSED, StatusGround.SANCTION),
    ):
        issue(institution, 1, danger=True)
        change(institution, status, ground)
        with pytest.raises(ValueError) as caught:
            change(institution, OperatingStatus.ACTIVE)
        assert str(caught.value) == str(NO_REOPENING)


def test_closure_after_own_request_with_an_expired_tanda_daftar_does_not_reopen(db):
    lksa = LksaFactory(
        registered_on=datetime.date(2019, 1, 1), registration_valid_until=datetime.date(2024, 1, 1)
    )
    change(lksa, OperatingStatus.CLOSED, StatusGround.OWN_REQUEST)
    with pytest.raises(ValueError, match="daftar ulang"):
        change(lksa, OperatingStatus.ACTIVE)


def test_status_form_asks_why_an_institution_closes(verifikator_client):
    lksa = LksaFactory()
    url = reverse("lks_registry:institution_change_status", args=[lksa.pk])
    response = verifikator_client.post(
        url, {"new_status": "closed", "reason": "Tutup", "confirm": "on"}
    )
    assert "ground" in response.context["form"].errors
    response = verifikator_client.post(
        url, {"new_status": "closed", "ground": "own_request", "reason": "Tutup", "confirm": "on"}
    )
    assert response.status_code == 302


# --- Dates: what happened is not in the future; a plan is its own record.


def test_no_future_dates_for_what_happened(db):
    lksa = LksaFactory()
    tomorrow = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.monitoring_visit_record(
            institution=lksa, user=UserFactory(), visited_on=tomorrow, officers="Tim", findings="x"
        )
    assert "visited_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        issue(lksa, 1, on=tomorrow)
    assert "issued_on" in caught.value.message_dict
    assert not MonitoringVisit.objects.exists() and not WrittenWarning.objects.exists()


def test_a_future_visit_no_longer_hides_an_lksa_from_the_not_visited_list(operator_client):
    lksa = LksaFactory()
    response = operator_client.post(
        reverse("supervision:monitoring_visit_add", args=[lksa.pk]),
        {
            "visited_on": TODAY() + datetime.timedelta(days=200),
            "officers": "Tim",
            "findings": "Baik",
        },
    )
    assert "visited_on" in response.context["form"].errors
    assert list(selectors.lksa_not_visited_within_a_year()) == [lksa]


def test_planned_visit_shows_on_the_worklist_and_is_fulfilled_by_the_visit(operator_client):
    lksa = LksaFactory()
    officer = UserFactory(role="Operator", first_name="Rina")
    planned_on = TODAY() + datetime.timedelta(days=10)
    response = operator_client.post(
        reverse("supervision:planned_visit_add", args=[lksa.pk]),
        {"planned_on": planned_on, "officer": officer.pk, "note": "Pemantauan tahunan"},
    )
    assert response.status_code == 302
    page = operator_client.get(reverse("supervision:supervision"))
    [listed] = page.context["not_visited"]
    assert listed.next_planned_visit == planned_on
    assert "kunjungan berikutnya yang direncanakan" in page.content.decode()
    visit = services.monitoring_visit_record(
        institution=lksa, user=UserFactory(), visited_on=TODAY(), officers="Tim", findings="Baik"
    )
    assert PlannedVisit.objects.get().done_visit == visit
    assert list(selectors.lksa_not_visited_within_a_year()) == []


def test_a_plan_is_not_in_the_past(db):
    with pytest.raises(ValidationError):
        services.planned_visit_add(
            institution=LksaFactory(), planned_on=days(1), officer=UserFactory()
        )


# --- The visit page.


def test_visit_page_shows_findings_in_full_follow_up_who_and_documents(operator_client):
    long_findings = " ".join(f"kata{n}" for n in range(40))
    visit = MonitoringVisitFactory(
        institution=LksaFactory(),
        findings=long_findings,
        follow_up="Kunjungan ulang bulan depan",
        officers="Rina dan TKSK Budi",
        recorded_by=operator_client.user,
    )
    url = reverse("supervision:visit_detail", args=[visit.pk])
    operator_client.post(
        url, {"file": SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%%EOF\n" + b"0" * 64)}
    )
    page = operator_client.get(url).content.decode()
    assert long_findings in page and "Kunjungan ulang bulan depan" in page
    assert "Rina dan TKSK Budi" in page and "laporan.pdf" in page
    detail = operator_client.get(visit.institution.get_absolute_url()).content.decode()
    assert url in detail


def test_institution_page_links_to_all_visits_beyond_five(operator_client):
    lksa = LksaFactory()
    for n in range(7):
        MonitoringVisitFactory(institution=lksa, visited_on=days(n * 30))
    page = operator_client.get(lksa.get_absolute_url()).content.decode()
    assert reverse("supervision:visit_list", args=[lksa.pk]) in page
    listing = operator_client.get(reverse("supervision:visit_list", args=[lksa.pk]))
    assert len(listing.context["page"].object_list) == 7


# --- Worklist: latest letter, red flags.


def test_worklist_shows_each_institutions_latest_letter_with_its_own_level_and_date(
    operator_client,
):
    lksa = LksaFactory()
    issue(lksa, 1, on=days(50), danger=True)
    issue(lksa, 3, on=days(40), danger=True)
    # The second, sent later than the third (children in danger allowed skipping).
    late = WrittenWarningFactory(
        institution=lksa, level=2, issued_on=days(10), letter_number="400.9/LATE/DINSOS"
    )
    [latest] = operator_client.get(reverse("supervision:supervision")).context["warned"]
    assert (latest.pk, latest.level, latest.issued_on) == (late.pk, 2, days(10))


def test_children_in_danger_stay_on_the_red_flag_list_until_an_action(operator_client):
    visited, suspended, referred, waiting = LksaFactory.create_batch(4)
    for institution in (visited, suspended, referred, waiting):
        issue(institution, 1, danger=True, on=days(3))
    MonitoringVisitFactory(institution=visited, visited_on=days(4))  # before: not an answer
    assert set(selectors.red_flags().values_list("institution", flat=True)) == {
        visited.pk,
        suspended.pk,
        referred.pk,
        waiting.pk,
    }
    MonitoringVisitFactory(institution=visited, visited_on=days(1))
    change(suspended, OperatingStatus.SUSPENDED)
    operator = UserFactory(role="Verifikator")
    client = Client()
    client.force_login(operator)
    warning = referred.warnings.get()
    client.post(
        reverse("supervision:warning_refer", args=[warning.pk]),
        {"referred_on": TODAY(), "referred_to": "UPTD PPA Kota Tangerang"},
    )
    response = operator_client.get(reverse("supervision:supervision"))
    assert [w.institution for w in response.context["red_flags"]] == [waiting]
    assert response.content.decode().index("red-flags") < response.content.decode().index(
        "not-visited"
    )


def test_head_of_division_sees_the_red_flag_list(pimpinan_client):
    lksa = LksaFactory(name="Panti Bahaya")
    issue(lksa, 1, danger=True)
    page = pimpinan_client.get(reverse("supervision:supervision")).content.decode()
    assert "Panti Bahaya" in page[page.index("red-flags") : page.index("not-visited")]


def test_non_lksa_closure_is_not_gated_by_warnings(db):
    lks = InstitutionFactory()
    change(lks, OperatingStatus.CLOSED, StatusGround.SANCTION)
    lks.refresh_from_db()
    assert lks.operating_status == OperatingStatus.CLOSED


def test_warning_form_proposes_the_next_level_of_the_round(verifikator_client):
    lksa = LksaFactory()
    url = reverse("supervision:warning_add", args=[lksa.pk])
    assert verifikator_client.get(url).context["form"].initial["level"] == 1
    issue(lksa, 1, on=days(10))
    assert verifikator_client.get(url).context["form"].initial["level"] == 2

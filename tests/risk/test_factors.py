"""Each factor's boundaries (day before / on / after), through the profile the app shows."""

import datetime

import pytest

from accreditation.models import CaseState
from lks_registry.models import DocumentType, LegalForm
from risk.models import FactorCode
from supervision.models import ConcernCategory, ConcernStatus, WarningRound
from tests.factories import (
    AccreditationCaseFactory,
    ConcernFactory,
    DocumentFactory,
    GradeFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    WrittenWarningFactory,
)
from tests.risk.helpers import DAY, at, factors_of

pytestmark = pytest.mark.django_db
ONE = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _on_the_day(time_machine):
    """Records are made on the day (their audit history starts then)."""
    time_machine.move_to(at(DAY), tick=False)


# --- Yearly visit (supervision.selectors.yearly_visit_q).


@pytest.mark.parametrize(
    ("days_ago", "applies", "reason"),
    [
        (364, False, None),
        (365, True, "Kunjungan tahunan jatuh tempo hari ini"),
        (366, True, "Kunjungan tahunan terlambat 1 hari"),
        (412, True, "Kunjungan tahunan terlambat 47 hari"),
    ],
)
def test_visit_overdue_from_the_visits_anniversary(days_ago, applies, reason):
    lksa = LksaFactory()
    MonitoringVisitFactory(institution=lksa, visited_on=DAY - datetime.timedelta(days=days_ago))
    found = factors_of(lksa)
    assert (FactorCode.VISIT_OVERDUE in found) is applies
    if reason:
        assert found[FactorCode.VISIT_OVERDUE].reason.startswith(reason)


def test_visit_overdue_for_a_never_visited_lksa_not_for_an_lks():
    assert "Belum pernah dikunjungi" in factors_of(LksaFactory())[FactorCode.VISIT_OVERDUE].reason
    assert FactorCode.VISIT_OVERDUE not in factors_of(InstitutionFactory())


def test_a_visit_after_the_day_does_not_count_for_the_day():
    lksa = LksaFactory()
    MonitoringVisitFactory(institution=lksa, visited_on=DAY + ONE)
    assert FactorCode.VISIT_OVERDUE in factors_of(lksa)
    assert FactorCode.VISIT_OVERDUE not in factors_of(lksa, DAY + ONE)


# --- Written warnings (supervision.selectors.warnings_in_force).


@pytest.mark.parametrize(
    ("issued", "applies"), [(DAY - ONE, True), (DAY, True), (DAY + ONE, False)]
)
def test_warning_in_force_from_its_issue_day(issued, applies):
    institution = InstitutionFactory()
    WrittenWarningFactory(institution=institution, issued_on=issued, level=2)
    found = factors_of(institution)
    assert (FactorCode.WARNINGS in found) is applies
    if applies:
        assert found[FactorCode.WARNINGS].reason == "1 surat peringatan berlaku, tertinggi SP2"


@pytest.mark.parametrize(
    ("closed", "applies"), [(DAY - ONE, False), (DAY, False), (DAY + ONE, True)]
)
def test_warning_no_longer_in_force_once_its_round_closed(closed, applies):
    institution = InstitutionFactory()
    warning = WrittenWarningFactory(institution=institution, issued_on=DAY - 10 * ONE)
    WarningRound.objects.filter(pk=warning.round_id).update(closed_on=closed)
    assert (FactorCode.WARNINGS in factors_of(institution)) is applies


def test_children_in_danger_is_its_own_factor():
    institution = LksaFactory()
    WrittenWarningFactory(institution=institution, issued_on=DAY, children_in_danger=True)
    found = factors_of(institution)
    assert {FactorCode.CHILDREN_IN_DANGER, FactorCode.WARNINGS} <= set(found)


# --- Open concerns (reports.metrics.open_concerns: the status of the day from the history).


def test_concerns_open_on_the_day_with_those_about_children():
    lksa = LksaFactory()
    MonitoringVisitFactory(institution=lksa, visited_on=DAY)
    ConcernFactory(institution=lksa, category=ConcernCategory.ABUSE, received_at=at(DAY))
    ConcernFactory(institution=lksa, category=ConcernCategory.FUNDS, received_at=at(DAY - ONE))
    ConcernFactory(institution=lksa, category=ConcernCategory.FUNDS, received_at=at(DAY + ONE))
    found = factors_of(lksa)
    assert found[FactorCode.CONCERNS].reason == "2 pengaduan terbuka, 1 tentang keselamatan anak"
    assert found[FactorCode.CHILD_SAFETY_CONCERNS].reason == (
        "1 pengaduan terbuka tentang keselamatan anak"
    )


def test_a_concern_about_an_lks_is_not_about_children():
    institution = InstitutionFactory()
    ConcernFactory(institution=institution, category=ConcernCategory.ABUSE, received_at=at(DAY))
    found = factors_of(institution)
    assert FactorCode.CONCERNS in found
    assert FactorCode.CHILD_SAFETY_CONCERNS not in found


def test_a_closed_concern_counts_until_the_day_it_was_closed(time_machine):
    institution = InstitutionFactory()
    time_machine.move_to(at(DAY - 5 * ONE), tick=False)
    concern = ConcernFactory(institution=institution, received_at=at(DAY - 5 * ONE))
    time_machine.move_to(at(DAY), tick=False)
    concern.status = ConcernStatus.CLOSED
    concern.save()
    assert FactorCode.CONCERNS in factors_of(institution, DAY - ONE)
    assert FactorCode.CONCERNS not in factors_of(institution, DAY)


# --- Permit, tanda daftar, accreditation.


@pytest.mark.parametrize(
    ("valid_until", "reason"),
    [
        (DAY + ONE, None),
        (DAY, None),
        (DAY - ONE, "Izin operasional habis 1 hari lalu"),
        (datetime.date(2026, 3, 15), "Izin operasional habis 3 bulan lalu"),
    ],
)
def test_permit_expired_after_its_last_day(valid_until, reason):
    lksa = LksaFactory(permit_date=datetime.date(2021, 1, 1), permit_valid_until=valid_until)
    found = factors_of(lksa)
    if reason is None:
        assert FactorCode.PERMIT_EXPIRED not in found
    else:
        assert found[FactorCode.PERMIT_EXPIRED].reason == reason


@pytest.mark.parametrize(("valid_until", "applies"), [(DAY, False), (DAY - ONE, True)])
def test_registration_lapsed_after_its_last_day(valid_until, applies):
    institution = InstitutionFactory(registration_valid_until=valid_until)
    assert (FactorCode.REGISTRATION_LAPSED in factors_of(institution)) is applies


@pytest.mark.parametrize(("valid_until", "applies"), [(DAY, False), (DAY - ONE, True)])
def test_accreditation_expired_after_its_last_day(valid_until, applies):
    institution = InstitutionFactory()
    AccreditationCaseFactory(
        institution=institution,
        state=CaseState.DECIDED,
        grade=GradeFactory(),
        decided_on=datetime.date(2021, 6, 1),
        valid_until=valid_until,
    )
    assert (FactorCode.ACCREDITATION_EXPIRED in factors_of(institution)) is applies


# --- Documents and data.


def test_documents_missing_as_uploaded_by_the_day():
    institution = InstitutionFactory()
    required = list(LegalForm.objects.get(code="yayasan").legal_type.required_document_types.all())
    assert required, "the reference data ask for documents"
    found = factors_of(institution)
    assert found[FactorCode.DOCUMENTS_MISSING].reason.startswith(f"{len(required)} dokumen wajib")
    for doc_type in required:
        DocumentFactory(institution=institution, document_type=doc_type, uploaded_at=at(DAY))
    assert FactorCode.DOCUMENTS_MISSING not in factors_of(institution)
    assert FactorCode.DOCUMENTS_MISSING in factors_of(institution, DAY - ONE)


def test_documents_missing_agrees_with_the_registers_own_rule():
    institution = InstitutionFactory()
    first = LegalForm.objects.get(code="yayasan").legal_type.required_document_types.first()
    DocumentFactory(institution=institution, document_type=first)
    DocumentFactory(
        institution=institution, document_type=DocumentType.objects.exclude(pk=first.pk).first()
    )
    expected = len(institution.missing_document_types())
    assert expected > 0
    reason = factors_of(institution)[FactorCode.DOCUMENTS_MISSING].reason
    assert reason.startswith(f"{expected} dokumen")


def test_incomplete_data_counts_the_empty_fields():
    institution = InstitutionFactory(incomplete_fields=["phone", "npwp"])
    assert factors_of(institution)[FactorCode.DATA_INCOMPLETE].reason == (
        "2 isian data register masih kosong"
    )
    assert FactorCode.DATA_INCOMPLETE not in factors_of(InstitutionFactory())

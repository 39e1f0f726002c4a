"""Field findings that follow their application, with a timeline, days open, overdue and
duplicates; the institution's own view of its supervision; phone numbers; uniqueness messages."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accreditation.models import ReadinessScore, Standard
from applications.models import RegistrationApplication
from lks_registry.models import InstitutionMember, OperatingStatus
from lks_registry.services import institution_change_status
from lks_registry.validators import PHONE_INVALID, validate_phone
from supervision import selectors, services
from supervision.models import FieldFinding, FindingNote, FindingStatus, SupervisionSettings
from tests.factories import (
    AccreditationCaseFactory,
    ConcernFactory,
    FieldFindingFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    UserFactory,
    WrittenWarningFactory,
)
from tests.lks_registry.helpers import edit_form_data


def days(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def own_client(institution):
    user = UserFactory(role="Lembaga")
    InstitutionMember.objects.create(user=user, institution=institution)
    client = Client()
    client.force_login(user)
    return client


# --- Findings.


def test_finding_follows_its_application_to_registration(db, verifikator_client):
    institution = InstitutionFactory()
    client = own_client(institution)
    data = edit_form_data(institution, name="Rumah Singgah Resmi", email="resmi@example.org")
    client.post(reverse("applications:change_request", args=[institution.pk]), data)
    application = RegistrationApplication.objects.get(institution=institution)
    finding = FieldFindingFactory(application=application)
    verifikator_client.post(
        reverse("applications:application_review", args=[application.pk]),
        {"decision": "approved", "confirm": "on"},
    )
    finding.refresh_from_db()
    assert (finding.status, finding.institution) == (FindingStatus.REGISTERED, institution)
    page = verifikator_client.get(finding.get_absolute_url()).content.decode()
    assert institution.get_absolute_url() in page
    assert finding.notes.filter(status=FindingStatus.REGISTERED).exists()


def test_registered_cannot_be_chosen_by_hand_and_closing_needs_a_reason(operator_client):
    finding = FieldFindingFactory()
    url = finding.get_absolute_url()
    response = operator_client.post(url, {"text": "", "status": FindingStatus.CLOSED})
    assert "text" in response.context["form"].errors
    response = operator_client.post(url, {"text": "x", "status": FindingStatus.REGISTERED})
    assert response.status_code == 200  # not among the choices
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    with pytest.raises(ValidationError):
        services.finding_add_note(
            finding=finding, user=None, text="x", status=FindingStatus.REGISTERED
        )
    operator_client.post(url, {"text": "Kegiatan sudah berhenti", "status": "closed"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED


def test_notes_build_a_timeline_instead_of_overwriting(operator_client):
    finding = FieldFindingFactory()
    for text in ("Dikunjungi TKSK", "Pemilik diundang ke Dinsos", "Pemilik mengisi formulir"):
        operator_client.post(finding.get_absolute_url(), {"text": text, "status": ""})
    assert list(finding.notes.values_list("text", flat=True)) == [
        "Dikunjungi TKSK",
        "Pemilik diundang ke Dinsos",
        "Pemilik mengisi formulir",
    ]
    page = operator_client.get(finding.get_absolute_url()).content.decode()
    assert page.index("Dikunjungi TKSK") < page.index("Pemilik mengisi formulir")


def test_recording_a_finding_starts_its_timeline_and_refuses_a_future_date(operator_client):
    base = {
        "name": "Panti Tanpa Izin",
        "address": "Jl. A",
        "kecamatan": FieldFindingFactory.build().kecamatan.pk,
        "activity": "Panti",
        "found_by": "RT 02",
    }
    response = operator_client.post(
        reverse("supervision:finding_add"),
        {**base, "found_on": timezone.localdate() + datetime.timedelta(days=1)},
    )
    assert "found_on" in response.context["form"].errors
    operator_client.post(
        reverse("supervision:finding_add"), {**base, "found_on": days(0), "note": "Laporan RT"}
    )
    assert FindingNote.objects.get().text == "Laporan RT"


def test_days_open_and_overdue_after_the_deadline_in_the_settings(operator_client):
    fresh = FieldFindingFactory(name="Baru", found_on=days(30))
    old = FieldFindingFactory(name="Lama", found_on=days(31))
    flags = {f.pk: f.overdue for f in selectors.open_findings()}
    assert flags == {fresh.pk: False, old.pk: True}
    assert fresh.days_open() == 30
    SupervisionSettings.objects.create(finding_deadline_days=60)
    assert not any(f.overdue for f in selectors.open_findings())
    page = operator_client.get(reverse("supervision:finding_list")).content.decode()
    assert "60 hari" in page


def test_the_same_name_and_address_reported_twice_are_flagged(operator_client):
    first = FieldFindingFactory(name="Rumah Singgah Kebon", address="Jl. Kebon 5")
    second = FieldFindingFactory(name="rumah singgah kebon ", address="JL. KEBON 5")
    other = FieldFindingFactory(name="Rumah Singgah Kebon", address="Jl. Lain 1")
    flags = {f.pk: f.duplicate for f in selectors.findings_with_flags()}
    assert flags == {first.pk: True, second.pk: True, other.pk: False}
    page = operator_client.get(second.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in page


# --- The institution's own account.


def test_institution_sees_its_letters_visit_findings_and_messages_not_concerns(db):
    lksa = LksaFactory()
    WrittenWarningFactory(
        institution=lksa,
        letter_number="400.9/055/DINSOS/2026",
        correction_deadline=days(-14),
        reason="Rasio pengasuh kurang",
    )
    MonitoringVisitFactory(
        institution=lksa, findings="Dapur tidak bersih", follow_up="Perbaiki dalam 2 minggu"
    )
    services.institution_message_send(
        institution=lksa, subject="Undangan pembinaan", body="Hadir 5 Desember", user=UserFactory()
    )
    ConcernFactory(institution=lksa, description="Laporan rahasia warga")
    page = own_client(lksa).get(lksa.get_absolute_url()).content.decode()
    for text in (
        "400.9/055/DINSOS/2026",
        "Perbaiki paling lambat",
        "Dapur tidak bersih",
        "Perbaiki dalam 2 minggu",
        "Undangan pembinaan",
    ):
        assert text in page
    assert "Laporan rahasia warga" not in page and "open-concerns" not in page


def test_institution_follows_its_own_case_but_not_another(db):
    mine, other = AccreditationCaseFactory(), AccreditationCaseFactory()
    client = own_client(mine.institution)
    response = client.get(reverse("accreditation:case_detail", args=[mine.pk]))
    assert response.status_code == 200 and response.context["history"] is None
    assert client.get(reverse("accreditation:case_detail", args=[other.pk])).status_code == 404
    page = client.get(mine.institution.get_absolute_url()).content.decode()
    assert reverse("accreditation:case_detail", args=[mine.pk]) in page
    assert 'id="never-applied"' not in page


def test_staff_send_a_message_the_institution_reads(operator_client):
    institution = InstitutionFactory()
    operator_client.post(
        reverse("supervision:message_send", args=[institution.pk]),
        {"subject": "Kelengkapan data", "body": "Mohon unggah SK terbaru."},
    )
    page = own_client(institution).get(institution.get_absolute_url()).content.decode()
    assert "Mohon unggah SK terbaru." in page


def test_suspended_institution_sees_why(db):
    lksa = LksaFactory()
    services.written_warning_issue(
        institution=lksa,
        level=1,
        reason="Kekerasan terhadap anak",
        children_in_danger=True,
        user=UserFactory(),
        letter_number="400.9/9/DINSOS",
        correction_deadline=days(-7),
    )
    institution_change_status(
        institution=lksa,
        new_status=OperatingStatus.SUSPENDED,
        reason="Anak dalam bahaya",
        user=None,
    )
    page = own_client(lksa).get(lksa.get_absolute_url()).content.decode()
    assert "Kekerasan terhadap anak" in page and "400.9/9/DINSOS" in page


# --- Phones.


@pytest.mark.parametrize(
    "value",
    [
        "021-5523000",
        "+62 812-3456-7890",
        "(021) 552 3000",
        "0812.3456.789",
        "021-5523000 / 0812-3456-789",
    ],
)
def test_phone_numbers_as_people_write_them_are_accepted(value):
    validate_phone(value)


@pytest.mark.parametrize(
    "value",
    ["telepon saja", "12345", "0812-ABC-999", "++62812345678", "1" * 16, "021-5523000 / 12"],
)
def test_anything_else_in_a_phone_field_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_phone(value)
    assert caught.value.messages == [str(PHONE_INVALID)]


def test_institution_form_refuses_a_phone_that_is_not_one(operator_client):
    institution = InstitutionFactory()
    data = edit_form_data(institution, phone="hubungi ketua")
    response = operator_client.post(
        reverse("lks_registry:institution_edit", args=[institution.pk]), data
    )
    assert "phone" in response.context["form"].errors
    institution.refresh_from_db()
    assert institution.phone == ""


# --- Every uniqueness message says what already exists.


def test_every_uniqueness_constraint_has_its_own_message():
    """Django's Indonesian default for a multi-field unique constraint says "tidak ada" (does not
    exist) with English field names; every constraint of ours states its own sentence."""
    ours = ("lks_registry", "applications", "supervision", "accreditation")
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in ours
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint | models.CheckConstraint)
        and constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert missing == []


def test_duplicate_readiness_score_says_it_already_exists(db):
    case = AccreditationCaseFactory()
    standard = Standard.objects.first()
    ReadinessScore.objects.create(case=case, standard=standard, score=50)
    with pytest.raises(ValidationError) as caught:
        ReadinessScore(case=case, standard=standard, score=60).full_clean()
    assert caught.value.messages == ["Kasus ini sudah memiliki nilai untuk standar ini."]


def test_findings_are_not_deleted_by_the_timeline(db):
    finding = FieldFindingFactory()
    services.finding_add_note(finding=finding, user=None, text="a")
    assert FieldFinding.objects.filter(pk=finding.pk).exists()

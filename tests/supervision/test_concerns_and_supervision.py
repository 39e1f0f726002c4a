import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accreditation.models import AccreditationCase, CaseState
from applications.models import RegistrationApplication
from lks_registry.models import InstitutionMember, OperatingStatus
from supervision.models import Concern, ConcernStatus
from supervision.services import WARNINGS_FIRST
from tests.factories import (
    ConcernFactory,
    FieldFindingFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    UserFactory,
    WrittenWarningFactory,
)
from tests.lks_registry.helpers import edit_form_data

PAYLOAD = "<script>alert('x')</script>"


def concern_post(**extra):
    data = {
        "category": "abuse",
        "description": PAYLOAD,
        "place": "Cipondoh",
        "attachment": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    }
    data.update(extra)
    return data


def test_anonymous_concern_gets_a_reference_and_reaches_staff_escaped(db, operator_client):
    institution = InstitutionFactory()
    reporter = Client()
    response = reporter.post(
        reverse("supervision:concern_new"), concern_post(institution=institution.pk)
    )
    concern = Concern.objects.get()
    # Redirect after POST to the reporter's private page: a reload cannot send it again.
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:concern_status", args=[concern.token])
    status_page = reporter.get(response["Location"]).content.decode()
    assert concern.reference in status_page and "Terima kasih" in status_page
    assert concern.contact == "" and concern.attachment_type == "image/png"
    assert Concern.objects.count() == 1
    page = operator_client.get(
        reverse("supervision:concern_detail", args=[concern.pk])
    ).content.decode()
    assert PAYLOAD not in page and "&lt;script&gt;" in page
    detail = operator_client.get(institution.get_absolute_url()).content.decode()
    assert concern.reference in detail


def test_public_concern_form_shows_the_upload_field_once(db):
    page = Client().get(reverse("supervision:concern_new")).content.decode()
    assert page.count('name="attachment"') == 1


def test_concern_needs_an_institution_or_a_name_and_refuses_bad_files(db):
    response = Client().post(
        reverse("supervision:concern_new"),
        {
            "category": "other",
            "description": "x",
            "place": "y",
            "attachment": SimpleUploadedFile("a.pdf", b"MZ\x90\x00" * 30),
        },
    )
    errors = response.context["form"].errors
    assert {"institution_name", "attachment"} <= set(errors)
    assert not Concern.objects.exists()


def test_staff_steps_build_a_timeline_and_a_closed_concern_stays_closed(
    operator_client, pimpinan_client
):
    concern = ConcernFactory()
    url = reverse("supervision:concern_detail", args=[concern.pk])
    response = operator_client.post(url, {"status": ConcernStatus.FOLLOWED_UP, "note": ""})
    assert "note" in response.context["form"].errors
    # The refused step leaves the badge on the saved status, not the one typed.
    badge = response.content.decode().split('id="concern-status">')[1].split("<")[0]
    assert badge == "Baru"
    operator_client.post(url, {"status": ConcernStatus.IN_REVIEW, "note": "Telepon pelapor."})
    operator_client.post(url, {"status": ConcernStatus.IN_REVIEW, "note": "Jadwal kunjungan."})
    operator_client.post(url, {"status": ConcernStatus.CLOSED, "note": "Kunjungan 3 Des, aman."})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert [(n.text, n.status) for n in concern.notes.all()] == [
        ("Telepon pelapor.", ConcernStatus.IN_REVIEW),
        ("Jadwal kunjungan.", ""),
        ("Kunjungan 3 Des, aman.", ConcernStatus.CLOSED),
    ]
    page = operator_client.get(url).content.decode()
    assert "Telepon pelapor." in page and "Kunjungan 3 Des, aman." in page
    assert 'name="note"' not in page  # closed: no form
    assert pimpinan_client.post(url, {"status": "new"}).status_code == 302
    response = operator_client.post(url, {"status": ConcernStatus.NEW, "note": "buka lagi"})
    assert response.status_code == 200
    assert "tidak dapat diubah lagi" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED and concern.notes.count() == 3


def test_reporter_follows_the_status_by_the_secret_link_without_staff_notes(db, operator_client):
    reporter = Client()
    location = reporter.post(
        reverse("supervision:concern_new"), concern_post(institution_name="Panti X")
    )["Location"]
    concern = Concern.objects.get()
    url = reverse("supervision:concern_detail", args=[concern.pk])
    operator_client.post(url, {"status": ConcernStatus.IN_REVIEW, "note": "RAHASIA-STAF"})
    page = reporter.get(location).content.decode()
    assert concern.reference in page and "Sedang ditelaah" in page
    assert "RAHASIA-STAF" not in page and "foto.png" not in page
    assert (
        Client().get(reverse("supervision:concern_status", args=["bukan-token"])).status_code == 404
    )


def status_post(client, institution, status):
    return client.post(
        reverse("lks_registry:institution_change_status", args=[institution.pk]),
        {"new_status": status, "reason": "Hasil pengawasan", "confirm": "on"},
    )


def test_lksa_is_suspended_only_after_the_third_warning(verifikator_client):
    lksa = LksaFactory()
    response = status_post(verifikator_client, lksa, "suspended")
    assert str(WARNINGS_FIRST) in response.content.decode()
    for level in (1, 2, 3):
        WrittenWarningFactory(institution=lksa, level=level)
    assert status_post(verifikator_client, lksa, "suspended").status_code == 302
    lksa.refresh_from_db()
    assert lksa.operating_status == OperatingStatus.SUSPENDED
    verify = Client().get(reverse("public:verify", args=[lksa.pk])).content.decode()
    assert "DIBEKUKAN" in verify


def test_lksa_is_revoked_at_once_when_children_are_in_danger(verifikator_client):
    lksa = LksaFactory()
    verifikator_client.post(
        reverse("supervision:warning_add", args=[lksa.pk]),
        {
            "level": 1,
            "letter_number": "400.9/001/DINSOS/2026",
            "issued_on": timezone.localdate(),
            "correction_deadline": timezone.localdate(),
            "reason": "Kekerasan",
            "children_in_danger": "on",
        },
    )
    assert status_post(verifikator_client, lksa, "revoked").status_code == 302
    assert "DICABUT" in Client().get(reverse("public:verify", args=[lksa.pk])).content.decode()


def test_verification_page_says_valid_or_expired(db):
    valid = InstitutionFactory()
    expired = InstitutionFactory(
        registration_valid_until=datetime.date(2025, 1, 1), registered_on=datetime.date(2020, 1, 1)
    )
    assert (
        "BERLAKU hari ini"
        in Client().get(reverse("public:verify", args=[valid.pk])).content.decode()
    )
    assert (
        "KEDALUWARSA" in Client().get(reverse("public:verify", args=[expired.pk])).content.decode()
    )
    unregistered = InstitutionFactory(registration_number="", registered_on=None)
    assert Client().get(reverse("public:verify", args=[unregistered.pk])).status_code == 404


def test_lksa_not_visited_for_a_year_is_on_the_worklist(operator_client):
    visited, forgotten = LksaFactory(name="Dikunjungi"), LksaFactory(name="Terlupakan")
    MonitoringVisitFactory(
        institution=visited, visited_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    MonitoringVisitFactory(
        institution=forgotten, visited_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    FieldFindingFactory(name="Temuan Terbuka")
    response = operator_client.get(reverse("supervision:supervision"))
    assert list(response.context["not_visited"]) == [forgotten]
    assert "Temuan Terbuka" in response.content.decode()


def test_operator_records_a_visit_and_a_finding(operator_client):
    lksa = LksaFactory()
    operator_client.post(
        reverse("supervision:monitoring_visit_add", args=[lksa.pk]),
        {"visited_on": timezone.localdate(), "officers": "Tim", "findings": "Baik"},
    )
    assert lksa.monitoring_visits.get().recorded_by == operator_client.user
    operator_client.post(
        reverse("supervision:finding_add"),
        {
            "name": "Panti Tanpa Izin",
            "address": "Jl. A",
            "kecamatan": lksa.kecamatan_id,
            "activity": "Panti",
            "found_by": "RT 02",
            "found_on": timezone.localdate(),
            "status": "open",
        },
    )
    assert (
        "Panti Tanpa Izin"
        in operator_client.get(reverse("supervision:finding_list")).content.decode()
    )


def test_public_register_search_and_profile_show_only_public_data(db):
    institution = InstitutionFactory(name="Panti Werdha Budi Mulia", npwp="012345678901000")
    InstitutionFactory(name="Yayasan Lain")
    response = Client().get(reverse("public:register_search"), {"q": "budi"})
    assert [i.name for i in response.context["page"].object_list] == ["Panti Werdha Budi Mulia"]
    profile = Client().get(reverse("public:profile", args=[institution.pk])).content.decode()
    assert "01.234.567.8-901.000" not in profile and "Kepala Contoh" not in profile
    assert 'id="public-fields"' in profile


def institution_account(institution):
    user = UserFactory(role="Lembaga")
    InstitutionMember.objects.create(user=user, institution=institution)
    client = Client()
    client.force_login(user)
    return client


def test_institution_account_changes_contact_at_once_and_legal_data_through_review(
    db, verifikator_client
):
    institution = InstitutionFactory(phone="021-5551111")
    client = institution_account(institution)
    client.post(
        reverse("applications:contact_edit", args=[institution.pk]),
        {"phone": "021-5559999", "email": "baru@example.org", "head_name": "Ketua Baru"},
    )
    institution.refresh_from_db()
    assert (institution.phone, institution.head_name) == ("021-5559999", "Ketua Baru")

    data = edit_form_data(institution, name="Nama Baru Yayasan", email="baru@example.org")
    client.post(reverse("applications:change_request", args=[institution.pk]), data)
    institution.refresh_from_db()
    assert institution.name != "Nama Baru Yayasan"
    application = RegistrationApplication.objects.get(institution=institution)
    verifikator_client.post(
        reverse("applications:application_review", args=[application.pk]),
        {"decision": "approved", "confirm": "on"},
    )
    institution.refresh_from_db()
    assert institution.name == "Nama Baru Yayasan"
    assert institution.registration_number.endswith("/LKS/DINSOS/2024")


def test_institution_account_applies_for_accreditation(db):
    institution = InstitutionFactory()
    client = institution_account(institution)
    client.post(
        reverse("accreditation:apply_for_accreditation", args=[institution.pk]), {"confirm": "on"}
    )
    case = AccreditationCase.objects.get(institution=institution)
    assert case.state == CaseState.PREPARING
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "Akreditasi sedang berjalan" in page
    # One consistent status: not also "never applied".
    assert 'id="never-applied"' not in page
    assert client.get(reverse("accreditation:case_detail", args=[case.pk])).status_code == 200

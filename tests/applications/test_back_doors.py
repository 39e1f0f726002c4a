"""Back doors of online registration and the institution's own pages, each tried over HTTP."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, RegistrationApplication
from lks_registry import roles
from lks_registry.models import InstitutionMember, OperatingStatus
from lks_registry.services import institution_change_status
from supervision.services import written_warning_issue
from tests.applications.test_online_registration import (
    confirm_address,
    decide,
    start_application,
    upload_required_documents,
)
from tests.factories import BoardMemberFactory, InstitutionFactory, LksaFactory, UserFactory


def institution_client(institution, username="akun-lembaga", email=""):
    user = UserFactory(username=username, email=email, role=roles.INSTITUTION)
    InstitutionMember.objects.create(user=user, institution=institution)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_approving_an_application_does_not_move_another_institutions_account(
    db, verifikator_client, django_capture_on_commit_callbacks
):
    old = InstitutionFactory(name="Lembaga Lama")
    owner = institution_client(old, username="harapan@example.org", email="harapan@example.org")
    applicant = Client()
    application = start_application(applicant)  # e-mail harapan@example.org
    upload_required_documents(applicant, application)
    applicant.post(reverse("applications:application_submit", args=[application.token]))
    confirm_address(applicant, application)
    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.APPROVED)
    new = RegistrationApplication.objects.get(pk=application.pk).institution

    assert InstitutionMember.objects.get(user=owner.user).institution == old
    assert owner.get(old.get_absolute_url()).status_code == 200
    account = InstitutionMember.objects.get(institution=new).user
    assert account != owner.user and account.email == "harapan@example.org"
    assert InstitutionMember.history.filter(institution_id=new.pk, history_type="+").exists()


@pytest.mark.parametrize("status", [OperatingStatus.SUSPENDED, OperatingStatus.REVOKED])
def test_no_clean_tanda_daftar_for_a_suspended_or_revoked_institution(db, status):
    lksa = LksaFactory()
    written_warning_issue(
        institution=lksa,
        level=1,
        reason="Anak dalam bahaya",
        letter_number="400.9/001/DINSOS/2026",
        correction_deadline=timezone.localdate(),
        children_in_danger=True,
        user=UserFactory(role=roles.VERIFIKATOR),
    )
    institution_change_status(institution=lksa, new_status=status, reason="Sanksi", user=None)
    client = institution_client(lksa)
    response = client.get(reverse("applications:certificate_pdf", args=[lksa.pk]))
    assert response.status_code == 409
    assert not response.content.startswith(b"%PDF")
    assert "tidak diterbitkan" in response.content.decode()
    detail = client.get(lksa.get_absolute_url()).content.decode()
    assert reverse("applications:certificate_pdf", args=[lksa.pk]) not in detail


def test_a_valid_registration_still_prints_its_tanda_daftar(db):
    institution = InstitutionFactory()
    response = institution_client(institution).get(
        reverse("applications:certificate_pdf", args=[institution.pk])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_change_request_works_for_an_institution_with_board_members(db):
    institution = InstitutionFactory(email="lembaga@example.org")
    BoardMemberFactory(institution=institution, name="Siti", position="Ketua")
    BoardMemberFactory(institution=institution, name="Budi", position="Bendahara")
    client = institution_client(institution)
    url = reverse("applications:change_request", args=[institution.pk])
    page = client.get(url)
    data = {}
    for form in [page.context["form"], page.context["board_formset"].management_form]:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, ""):
                data[form.add_prefix(name)] = (
                    [str(v) for v in value] if isinstance(value, list) else str(value)
                )
    for form in page.context["board_formset"].forms:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, "", False):
                data[form.add_prefix(name)] = str(value)
    data["address"] = "Jl. Baru No. 9"
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["board_formset"].errors,
    )
    request = institution.applications.get()
    assert request.status == ApplicationStatus.SUBMITTED
    assert request.data["address"] == "Jl. Baru No. 9"
    assert [row["name"] for row in request.data["board"]] == ["Siti", "Budi"]


@pytest.mark.parametrize(
    "url_name",
    [
        "applications:contact_edit",
        "applications:change_request",
        "accreditation:apply_for_accreditation",
    ],
)
def test_a_superuser_does_not_get_the_institution_account_screens(db, url_name):
    institution = InstitutionFactory()
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert superuser.get(reverse(url_name, args=[institution.pk])).status_code == 403
    assert (
        institution_client(institution).get(reverse(url_name, args=[institution.pk])).status_code
        == 200
    )
    detail = superuser.get(institution.get_absolute_url()).content.decode()
    assert reverse("applications:contact_edit", args=[institution.pk]) not in detail
    assert reverse("lks_registry:institution_edit", args=[institution.pk]) in detail

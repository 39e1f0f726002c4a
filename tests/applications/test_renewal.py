"""Daftar ulang: an institution renews its tanda daftar from its own account; Dinsos reviews it
like a new application; approval keeps the number and extends the validity from the old end."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.models import ApplicationKind, ApplicationStatus, RegistrationApplication
from lks_registry import roles
from lks_registry.models import Institution, InstitutionMember, LegalType, OperatingStatus
from tests.factories import PDF_BYTES, DocumentFactory, InstitutionFactory, UserFactory
from tests.lks_registry.helpers import institution_form_data

TODAY = datetime.date(2026, 11, 20)
OLD_END = datetime.date(2027, 1, 15)  # 56 days ahead: inside the 90-day window


@pytest.fixture(autouse=True)
def fixed_day():
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def due(db):
    """A registered yayasan whose tanda daftar ends on OLD_END, every required document on file,
    the domicile letter expired yesterday; and its own account."""
    institution = InstitutionFactory(
        registration_number="017/LKS/DINSOS/2022",
        registered_on=datetime.date(2022, 1, 15),
        registration_valid_until=OLD_END,
    )
    required = list(LegalType.objects.get(code="berbadan-hukum").required_document_types.all())
    expired_type = required[0]
    for document_type in required:
        DocumentFactory(
            institution=institution,
            document_type=document_type,
            valid_until=TODAY - datetime.timedelta(days=1)
            if document_type == expired_type
            else None,
        )
    user = UserFactory(
        username="lembaga-renew", email="lembaga@example.org", role=roles.INSTITUTION
    )
    InstitutionMember.objects.create(user=user, institution=institution)
    client = Client()
    client.force_login(user)
    return institution, client, expired_type


def renewal_answers(institution):
    data = institution_form_data(
        name=institution.name,
        kind="lks",
        specialisation=institution.specialisation_id,
        npwp=institution.npwp,
        care_setting=None,
        permit_number=None,
        permit_date=None,
        children_yatim=None,
    )
    for field in ("registration_number", "registered_on"):
        data.pop(field)
    return data


@pytest.mark.parametrize(
    "valid_until, status, expected",
    [
        (TODAY + datetime.timedelta(days=91), OperatingStatus.ACTIVE, False),  # day before
        (TODAY + datetime.timedelta(days=90), OperatingStatus.ACTIVE, True),  # opens today
        (TODAY + datetime.timedelta(days=10), OperatingStatus.INACTIVE, True),
        (TODAY - datetime.timedelta(days=400), OperatingStatus.ACTIVE, True),  # lapsed
        (TODAY + datetime.timedelta(days=10), OperatingStatus.REVOKED, False),
        (None, OperatingStatus.ACTIVE, False),
    ],
)
def test_the_renewal_opens_90_days_before_the_end(db, valid_until, status, expected):
    institution = InstitutionFactory.build(
        registered_on=datetime.date(2020, 1, 1),
        registration_valid_until=valid_until,
        operating_status=status,
    )
    assert selectors.renewal_open(institution) is expected


def test_the_whole_renewal_keeps_the_number_and_extends_from_the_old_end(due, verifikator_client):
    institution, client, expired_type = due
    detail = client.get(institution.get_absolute_url()).content.decode()
    assert reverse("applications:renewal_start", args=[institution.pk]) in detail

    form_page = client.get(reverse("applications:renewal_start", args=[institution.pk]))
    assert form_page.context["form"].initial["name"] == institution.name  # prefilled
    response = client.post(
        reverse("applications:renewal_start", args=[institution.pk]), renewal_answers(institution)
    )
    assert response.status_code == 302, response.context["form"].errors
    application = RegistrationApplication.objects.get()
    assert response.url == reverse("applications:application_track", args=[application.token])
    assert (application.kind, application.institution) == (ApplicationKind.RENEWAL, institution)
    # Only the expired document is asked for again.
    assert services.application_missing_documents(application) == [expired_type]
    submit = reverse("applications:application_submit", args=[application.token])
    client.post(submit)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    client.post(
        reverse("applications:application_upload", args=[application.token]),
        {
            "document_type": expired_type.pk,
            "file": SimpleUploadedFile("domisili-baru.pdf", PDF_BYTES),
            "valid_until": "2028-01-31",
        },
    )
    client.post(submit)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # A revision round, as for a new application.
    review = reverse("applications:application_review", args=[application.pk])
    verifikator_client.post(
        review, {"decision": "revision", "message": "Perbaiki alamat", "confirm": "on"}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVISION
    client.post(
        reverse("applications:application_edit", args=[application.token]),
        {**renewal_answers(institution), "address": "Jl. Melati No. 9"},
    )
    client.post(submit)
    verifikator_client.post(review, {"decision": "approved", "message": "", "confirm": "on"})

    institution.refresh_from_db()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.rounds.count() == 2
    assert institution.registration_number == "017/LKS/DINSOS/2022"
    assert institution.registered_on == datetime.date(2022, 1, 15)
    assert institution.registration_valid_until == datetime.date(2032, 1, 15)
    assert institution.address == "Jl. Melati No. 9"
    renewed_document = institution.documents.current().get(document_type=expired_type)
    assert renewed_document.valid_until == datetime.date(2028, 1, 31)
    validity_in_history = list(
        Institution.history.filter(id=institution.pk)
        .order_by("history_date", "history_id")
        .values_list("registration_valid_until", flat=True)
    )
    assert validity_in_history[0] == OLD_END
    assert validity_in_history[-1] == datetime.date(2032, 1, 15)
    pdf = client.get(reverse("applications:certificate_pdf", args=[institution.pk]))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")


def test_a_lapsed_institution_renews_from_its_old_end_date(due, verifikator_client):
    institution, client, expired_type = due
    Institution.objects.filter(pk=institution.pk).update(
        registration_valid_until=datetime.date(2026, 6, 30)
    )
    institution.refresh_from_db()
    application = services.application_save(
        form=_valid_form(institution),
        board_formset=_board(institution),
        institution=institution,
        kind=ApplicationKind.RENEWAL,
    )
    services.application_add_document(
        application=application,
        document_type=expired_type,
        uploaded_file=SimpleUploadedFile("d.pdf", PDF_BYTES),
        content_type="application/pdf",
    )
    services.application_submit(application=application, tracking_url="/t/", confirm_url="/c/")
    services.application_decide(
        application_id=application.pk,
        decision=ApplicationStatus.APPROVED,
        message="",
        user=verifikator_client.user,
        tracking_url="/t/",
        invite=None,
    )
    institution.refresh_from_db()
    assert institution.registration_valid_until == datetime.date(2031, 6, 30)
    assert institution.registration_number == "017/LKS/DINSOS/2022"


def test_a_change_request_keeps_the_validity_it_had(due, verifikator_client):
    institution, client, _expired = due
    Institution.objects.filter(pk=institution.pk).update(
        registration_valid_until=datetime.date(2034, 5, 5)
    )
    institution.refresh_from_db()
    application = services.application_save(
        form=_valid_form(institution),
        board_formset=_board(institution),
        institution=institution,
        kind=ApplicationKind.CHANGE,
    )
    services.application_submit(
        application=application, tracking_url="/t/", confirm_url="/c/", require_documents=False
    )
    services.application_decide(
        application_id=application.pk,
        decision=ApplicationStatus.APPROVED,
        message="",
        user=verifikator_client.user,
        tracking_url="/t/",
        invite=None,
    )
    institution.refresh_from_db()
    assert institution.registration_valid_until == datetime.date(2034, 5, 5)


def test_a_renewal_that_is_not_open_is_refused_with_the_reason(due):
    institution, client, _expired = due
    Institution.objects.filter(pk=institution.pk).update(
        registration_valid_until=datetime.date(2029, 1, 15)
    )
    page = client.get(reverse("applications:renewal_start", args=[institution.pk]))
    assert page.status_code == 200
    assert 'id="renewal-closed"' in page.content.decode()
    response = client.post(
        reverse("applications:renewal_start", args=[institution.pk]), renewal_answers(institution)
    )
    assert response.status_code == 302
    assert not RegistrationApplication.objects.exists()


def _valid_form(institution):
    from applications.forms import ApplicationForm

    form = ApplicationForm(
        renewal_answers(institution), instance=Institution.objects.get(pk=institution.pk)
    )
    assert form.is_valid(), form.errors
    return form


def _board(institution):
    from lks_registry.forms import BoardFormSet

    board = BoardFormSet(renewal_answers(institution), instance=institution, prefix="board")
    assert board.is_valid(), board.errors
    return board

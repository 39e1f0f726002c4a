import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from lks_registry import roles
from lks_registry.models import BoardMember, Document, DocumentType, Institution, InstitutionMember
from tests.factories import PDF_BYTES, BoardMemberFactory, InstitutionFactory, UserFactory
from tests.lks_registry.helpers import edit_form_data

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_every_text_field_is_shown_escaped(operator_client):
    text_fields = [
        f.name
        for f in Institution._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in {"npwp", "rt", "rw", "email", "registration_number"}
    ]
    institution = InstitutionFactory(
        **{
            name: PAYLOAD[: Institution._meta.get_field(name).max_length or 500]
            for name in text_fields
        }
    )
    BoardMemberFactory(institution=institution, name=PAYLOAD, position=PAYLOAD)
    for url in (institution.get_absolute_url(), reverse("lks_registry:institution_list")):
        page = operator_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert" in page


def test_login_is_locked_after_five_failures(db):
    UserFactory(username="siti")
    client = Client()
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "siti", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "siti", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "diblokir sementara" in response.content.decode()


def test_successful_login_before_the_limit_works(db):
    UserFactory(username="siti")
    client = Client()
    for _attempt in range(3):
        client.post(reverse("login"), {"username": "siti", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "siti", "password": "secret-pass-123"})
    assert response.status_code == 302


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "lks.example.go.id",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_strict_security_headers(db):
    response = Client().get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_audit_trail_records_a_change_with_the_acting_user(operator_client):
    institution = InstitutionFactory(phone="0211111111")
    url = reverse("lks_registry:institution_edit", args=[institution.pk])
    operator_client.post(url, edit_form_data(institution, phone="0219999999"))
    latest = institution.history.latest()
    assert latest.history_user == operator_client.user
    assert latest.phone == "0219999999"
    change = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change if c.field == "phone"] == [
        ("phone", "0211111111", "0219999999")
    ]
    page = operator_client.get(institution.get_absolute_url()).content.decode()
    assert "audit-trail" in page
    assert "0211111111 → 0219999999" in page


def test_removing_a_board_member_is_kept_in_the_history(operator_client):
    institution = InstitutionFactory()
    member = BoardMemberFactory(institution=institution, name="Siti Rahmawati")
    data = edit_form_data(institution)
    data.update(
        {
            "board-TOTAL_FORMS": "1",
            "board-INITIAL_FORMS": "1",
            "board-0-id": member.pk,
            "board-0-name": "Siti Rahmawati",
            "board-0-position": "Ketua",
            "board-0-DELETE": "on",
        }
    )
    operator_client.post(reverse("lks_registry:institution_edit", args=[institution.pk]), data)
    assert not BoardMember.objects.filter(pk=member.pk).exists()
    deleted = BoardMember.history.filter(id=member.pk, history_type="-").get()
    assert (deleted.name, deleted.history_user) == ("Siti Rahmawati", operator_client.user)


def test_pimpinan_reads_the_audit_trail(pimpinan_client):
    institution = InstitutionFactory()
    assert "audit-trail" in pimpinan_client.get(institution.get_absolute_url()).content.decode()


def test_the_institution_account_does_not_see_the_audit_trail(make_client):
    institution = InstitutionFactory()
    client = make_client(roles.INSTITUTION, username="lembaga-audit")
    InstitutionMember.objects.create(user=client.user, institution=institution)
    page = client.get(institution.get_absolute_url())
    assert page.status_code == 200
    assert "audit-trail" not in page.content.decode()


def test_a_new_upload_replaces_the_previous_document_and_keeps_it(operator_client):
    institution = InstitutionFactory()
    url = reverse("lks_registry:document_upload", args=[institution.pk])
    akta = DocumentType.objects.get(code="akta-pendirian")
    for name in ("akta-lama.pdf", "akta-baru.pdf"):
        operator_client.post(
            url, {"document_type": akta.pk, "file": SimpleUploadedFile(name, PDF_BYTES)}
        )
    old, new = Document.objects.order_by("uploaded_at", "pk")
    assert old.superseded_at is not None and new.superseded_at is None
    assert list(institution.documents.current()) == [new]
    assert old.file.storage.exists(old.file.name)


def test_photos_may_have_several_current_files(operator_client):
    institution = InstitutionFactory()
    url = reverse("lks_registry:document_upload", args=[institution.pk])
    photos = DocumentType.objects.get(code="foto-sarana")
    for name in ("depan.png", "kamar.png"):
        operator_client.post(
            url,
            {
                "document_type": photos.pk,
                "file": SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            },
        )
    assert institution.documents.current().count() == 2


def test_password_change_logs_out_other_sessions(db):
    UserFactory(username="rina")
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post(reverse("login"), {"username": "rina", "password": "secret-pass-123"})
    response = here.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Tangerang-kota-2026!",
            "new_password2": "Tangerang-kota-2026!",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("password_change")).status_code == 200
    assert elsewhere.get(reverse("password_change")).status_code == 302


def test_weak_password_is_refused(db):
    UserFactory(username="rina")
    client = Client()
    client.post(reverse("login"), {"username": "rina", "password": "secret-pass-123"})
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_password_reset_by_email(db):
    UserFactory(username="rina", email="rina@example.org")
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "rina@example.org"})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.to == ["rina@example.org"]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new_password = "Dinsos-baru-2026!"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert (
        Client().post(reverse("login"), {"username": "rina", "password": new_password}).status_code
        == 302
    )


@pytest.mark.parametrize("model", [Institution, BoardMember, Document])
def test_no_view_deletes_registry_records(model):
    """The app has no delete URL; the admin refuses deletes of institutions and documents."""
    from django.contrib import admin

    model_admin = admin.site._registry.get(model)
    if model_admin is not None and model is not BoardMember:
        assert model_admin.has_delete_permission(request=None) is False


def test_case_concern_and_application_pages_show_their_audit_trail(verifikator_client):
    from accreditation import services as accreditation_services
    from tests.factories import (
        AccreditationCaseFactory,
        ConcernFactory,
        RegistrationApplicationFactory,
    )

    case = AccreditationCaseFactory()
    accreditation_services.case_transition(
        case_id=case.pk,
        name="withdraw",
        user=verifikator_client.user,
        expected_state="preparing",
        note="x",
    )
    page = verifikator_client.get(
        reverse("accreditation:case_detail", args=[case.pk])
    ).content.decode()
    assert "audit-trail" in page and "Persiapan → Ditarik" in page

    concern = ConcernFactory()
    verifikator_client.post(
        reverse("supervision:concern_detail", args=[concern.pk]), {"status": "in_review"}
    )
    page = verifikator_client.get(
        reverse("supervision:concern_detail", args=[concern.pk])
    ).content.decode()
    assert "Baru → Sedang ditelaah" in page and verifikator_client.user.get_full_name() in page

    application = RegistrationApplicationFactory()
    page = verifikator_client.get(
        reverse("applications:application_review", args=[application.pk])
    ).content.decode()
    assert "audit-trail" in page

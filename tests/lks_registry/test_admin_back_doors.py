"""The Django admin is no way around the rules: each back door tried through an admin form POST."""

import pytest
from django.test import Client
from django.urls import reverse

from accreditation.models import Mentorship
from lks_registry.models import Institution, InstitutionMember, OperatingStatus, StatusChange
from lks_registry.services import institution_change_status
from tests.factories import InstitutionFactory, UserFactory


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def admin_post_data(response) -> dict:
    """What the admin change page would send back unchanged: every field's shown value."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = form.fields[name].widget.format_value(value) or ""
    return data


def test_admin_cannot_change_the_operating_status_or_the_version(admin_client):
    institution = InstitutionFactory()
    url = reverse("admin:lks_registry_institution_change", args=[institution.pk])
    page = admin_client.get(url)
    assert reverse("lks_registry:institution_change_status", args=[institution.pk]) in (
        page.content.decode()
    )
    data = admin_post_data(page)
    data.update(
        {"operating_status": OperatingStatus.REVOKED, "version": "99", "phone": "021-5523000"}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    institution.refresh_from_db()
    assert (institution.operating_status, institution.phone) == (
        OperatingStatus.ACTIVE,
        "021-5523000",
    )
    assert institution.version == 2
    assert not StatusChange.objects.exists()


def test_status_change_rows_cannot_be_deleted_in_the_admin(admin_client):
    institution = InstitutionFactory()
    change = StatusChange.objects.get(
        pk=institution_change_status(
            institution=institution, new_status=OperatingStatus.INACTIVE, reason="Tutup", user=None
        )
        .status_changes.get()
        .pk
    )
    delete = reverse("admin:lks_registry_statuschange_delete", args=[change.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        reverse("admin:lks_registry_statuschange_changelist"),
        {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_an_institution_account_link_is_not_moved_in_the_admin_and_keeps_history(admin_client):
    own, other = InstitutionFactory(), InstitutionFactory()
    user = UserFactory(username="akun-lembaga")
    add = admin_client.post(
        reverse("admin:lks_registry_institutionmember_add"),
        {"user": user.pk, "institution": own.pk},
    )
    assert add.status_code == 302
    member = InstitutionMember.objects.get(user=user)
    change = reverse("admin:lks_registry_institutionmember_change", args=[member.pk])
    admin_client.post(change, {"user": user.pk, "institution": other.pk})
    member.refresh_from_db()
    assert member.institution == own
    admin_client.post(
        reverse("admin:lks_registry_institutionmember_delete", args=[member.pk]), {"post": "yes"}
    )
    assert not InstitutionMember.objects.filter(pk=member.pk).exists()
    history = list(InstitutionMember.history.filter(id=member.pk).order_by("history_date"))
    assert (history[0].history_type, history[-1].history_type) == ("+", "-")
    assert {record.institution_id for record in history} == {own.pk}


def test_mentorships_are_not_changed_or_deleted_in_the_admin(admin_client):
    mentorship = Mentorship.objects.create(mentor=InstitutionFactory(), mentee=InstitutionFactory())
    delete = reverse("admin:accreditation_mentorship_delete", args=[mentorship.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()
    assert mentorship.history.count() == 1


def test_history_models_are_not_in_the_admin(admin_client):
    from django.contrib import admin

    assert not [m for m in admin.site._registry if m.__name__.startswith("Historical")]
    assert Institution.history.model not in admin.site._registry

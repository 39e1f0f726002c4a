import datetime

import pytest
from django.urls import reverse

from lks_registry.models import Institution, Kelurahan
from lks_registry.services import STALE_EDIT
from tests.factories import InstitutionFactory
from tests.lks_registry.helpers import edit_form_data, institution_form_data

CREATE_URL = reverse("lks_registry:institution_create")


def test_operator_creates_an_lksa_with_its_board(operator_client):
    response = operator_client.post(CREATE_URL, institution_form_data())
    institution = Institution.objects.get(name="Panti Asuhan Harapan Baru")
    assert response.status_code == 302
    assert response["Location"] == institution.get_absolute_url()
    assert institution.npwp == "012345678901000"
    assert institution.board.get().name == "Siti Rahmawati"
    assert list(institution.target_groups.values_list("code", flat=True)) == ["anak-terlantar"]


def test_registration_validity_is_computed_from_the_setting_when_left_empty(operator_client):
    operator_client.post(CREATE_URL, institution_form_data())
    institution = Institution.objects.get(name="Panti Asuhan Harapan Baru")
    assert institution.registration_valid_until == datetime.date(2030, 3, 1)


def test_success_message_is_shown_in_indonesian(operator_client):
    response = operator_client.post(CREATE_URL, institution_form_data(), follow=True)
    assert "telah disimpan" in response.content.decode()


@pytest.mark.parametrize(
    "field, value",
    [
        ("npwp", "12-345"),
        ("kelurahan", "other-kecamatan"),
        ("name", ""),
        ("email", "not-an-email"),
        ("rt", "12a"),
        ("deed_number", ""),
    ],
)
def test_invalid_input_is_refused_and_what_was_typed_is_kept(operator_client, field, value):
    if value == "other-kecamatan":
        value = Kelurahan.objects.get(name="Sukarasa").pk
    data = institution_form_data(**{field: value})
    response = operator_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Institution.objects.exists()
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    # Each error in the summary links to its field.
    assert f'href="#{response.context["form"][field].id_for_label}"' in summary
    assert f'id="{response.context["form"][field].id_for_label}"' in page
    assert 'value="Jl. Mawar No. 5"' in page
    assert 'value="Siti Rahmawati"' in page


def test_invalid_board_row_saves_nothing(operator_client):
    data = institution_form_data(**{"board-0-position": ""})
    response = operator_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Institution.objects.exists()


def test_operator_edits_an_institution(operator_client):
    institution = InstitutionFactory()
    url = reverse("lks_registry:institution_edit", args=[institution.pk])
    response = operator_client.post(url, edit_form_data(institution, phone="0219999999"))
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.phone == "0219999999"
    assert institution.version == 2


def test_edit_from_a_stale_form_does_not_overwrite_a_newer_save(operator_client):
    institution = InstitutionFactory()
    url = reverse("lks_registry:institution_edit", args=[institution.pk])
    first = edit_form_data(institution, phone="0211111111")
    second = edit_form_data(institution, phone="0222222222")
    operator_client.post(url, first)
    response = operator_client.post(url, second)
    assert response.status_code == 200
    assert str(STALE_EDIT) in [str(e) for e in response.context["form"].non_field_errors()]
    institution.refresh_from_db()
    assert institution.phone == "0211111111"
    assert 'value="0222222222"' in response.content.decode()


def test_edit_page_shows_the_current_data(operator_client):
    institution = InstitutionFactory(name="Yayasan Bina Insani")
    response = operator_client.get(reverse("lks_registry:institution_edit", args=[institution.pk]))
    assert 'value="Yayasan Bina Insani"' in response.content.decode()


def test_duplicate_registration_number_or_npwp_is_refused_in_plain_words(operator_client):
    InstitutionFactory(registration_number="050/LKS/DINSOS/2025")
    InstitutionFactory(npwp="012345678901000")
    response = operator_client.post(CREATE_URL, institution_form_data())
    assert response.status_code == 200
    assert Institution.objects.count() == 2
    page = response.content.decode()
    assert "sudah memiliki nomor tanda daftar ini" in page
    assert "sudah terdaftar dengan NPWP ini" in page

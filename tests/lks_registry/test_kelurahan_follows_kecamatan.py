"""The kelurahan list follows the chosen kecamatan, rendered by the server: the form's own button
reloads it with what was typed and without errors, so it works without JavaScript."""

import random
import re

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import RegistrationApplication
from lks_registry.forms import KELURAHAN_REFRESH
from lks_registry.models import Institution, Kecamatan, Kelurahan
from tests.factories import InstitutionFactory
from tests.lks_registry.helpers import institution_form_data


def kelurahan_options(page: str) -> set[int]:
    select = page.split('name="kelurahan"')[1].split("</select>")[0]
    return {int(value) for value in re.findall(r'<option value="(\d+)"', select)}


def test_new_institution_form_lists_all_kelurahan_until_a_kecamatan_is_chosen(operator_client):
    page = operator_client.get(reverse("lks_registry:institution_create")).content.decode()
    assert kelurahan_options(page) == set(Kelurahan.objects.values_list("pk", flat=True))
    assert f'name="{KELURAHAN_REFRESH}"' in page


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_choosing_a_kecamatan_reloads_the_form_with_its_kelurahan_only(operator_client, seed):
    kecamatan = random.Random(seed).choice(list(Kecamatan.objects.all()))
    data = institution_form_data(kecamatan=kecamatan.pk, kelurahan="", name="Panti Uji Pilih")
    response = operator_client.post(
        reverse("lks_registry:institution_create"), {**data, KELURAHAN_REFRESH: "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert kelurahan_options(page) == set(kecamatan.kelurahan_set.values_list("pk", flat=True))
    assert 'value="Panti Uji Pilih"' in page and 'id="error-summary"' not in page
    assert not Institution.objects.exists()


def test_edit_form_lists_the_kelurahan_of_the_institutions_kecamatan(operator_client):
    institution = InstitutionFactory()
    page = operator_client.get(
        reverse("lks_registry:institution_edit", args=[institution.pk])
    ).content.decode()
    assert kelurahan_options(page) == set(
        institution.kecamatan.kelurahan_set.values_list("pk", flat=True)
    )


def test_public_registration_form_follows_the_kecamatan_too(db):
    larangan = Kecamatan.objects.get(name="Larangan")
    data = institution_form_data(kecamatan=larangan.pk, kelurahan="")
    for field in ("registration_number", "registered_on"):
        data.pop(field, None)
    response = Client().post(
        reverse("applications:application_start"), {**data, KELURAHAN_REFRESH: "1"}
    )
    assert response.status_code == 200
    assert kelurahan_options(response.content.decode()) == set(
        larangan.kelurahan_set.values_list("pk", flat=True)
    )
    assert not RegistrationApplication.objects.exists()


def test_a_kelurahan_of_another_kecamatan_is_still_refused(operator_client):
    data = institution_form_data(kelurahan=Kelurahan.objects.get(name="Sukarasa").pk)
    response = operator_client.post(reverse("lks_registry:institution_create"), data)
    assert "kelurahan" in response.context["form"].errors

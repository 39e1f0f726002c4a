"""An LKSA records its number of carers (pengasuh) and every board member an address: in the staff
and online forms, on the institution's page, in the spreadsheet columns; neither is public."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from applications.models import RegistrationApplication
from lks_registry.models import BoardMember, Institution
from lks_registry.public_fields import PUBLIC_FIELDS
from lks_registry.spreadsheet import FIELDS
from tests.factories import BoardMemberFactory, InstitutionFactory, LksaFactory
from tests.lks_registry.helpers import institution_form_data
from tests.lks_registry.test_exports import csv_rows

ADDRESS = "Jl. Kenanga No. 7, Cipondoh"


def test_staff_record_the_carers_and_board_addresses(operator_client):
    response = operator_client.post(
        reverse("lks_registry:institution_create"),
        institution_form_data(carer_count="6", **{"board-0-address": ADDRESS}),
    )
    assert response.status_code == 302, response.context["form"].errors
    institution = Institution.objects.get()
    assert institution.carer_count == 6
    assert institution.board.get().address == ADDRESS
    page = operator_client.get(institution.get_absolute_url()).content.decode()
    assert ADDRESS in page
    assert 'id="carer-count">6<' in page


def test_only_an_lksa_records_carers(db):
    with pytest.raises(ValidationError) as error:
        InstitutionFactory.build(carer_count=3).clean()
    assert "carer_count" in error.value.message_dict
    LksaFactory.build(carer_count=3).clean()


def test_the_online_form_keeps_the_board_address(db):
    answers = institution_form_data(carer_count="4", **{"board-0-address": ADDRESS})
    for field in ("registration_number", "registered_on"):
        answers.pop(field)
    response = Client().post(reverse("applications:application_start"), answers)
    assert response.status_code == 302, response.context["form"].errors
    data = RegistrationApplication.objects.get().data
    assert (data["carer_count"], data["board"][0]["address"]) == (4, ADDRESS)


def test_the_export_has_a_carers_column(operator_client):
    LksaFactory(name="Panti Pengasuh", carer_count=9)
    rows = csv_rows(
        operator_client.get(reverse("lks_registry:institution_list"), {"export": "csv"})
    )
    column = rows[0].index("Jumlah Pengasuh")
    assert [r[column] for r in rows[1:]] == ["9"]
    assert "carer_count" in FIELDS


def test_carers_and_board_addresses_are_not_public(db):
    lksa = LksaFactory(carer_count=9)
    BoardMemberFactory(institution=lksa, address=ADDRESS)
    assert not {f.key for f in PUBLIC_FIELDS} & {"carer_count", "board", "address"}
    page = Client().get(reverse("public:profile", args=[lksa.pk])).content.decode()
    assert ADDRESS not in page and lksa.name in page
    assert BoardMember.objects.get().address == ADDRESS

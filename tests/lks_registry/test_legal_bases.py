"""Legal bases say what they govern: a registration cites a registration basis, a BALKS decision
an accreditation basis; the basis in force is what the forms offer by default."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accreditation.services import TransitionError
from lks_registry import roles
from lks_registry.models import LegalBasis, LegalScope
from tests.accreditation.helpers import step, walk
from tests.factories import AccreditationCaseFactory, InstitutionFactory, UserFactory
from tests.lks_registry.helpers import institution_form_data


def basis(code):
    return LegalBasis.objects.get(code=code)


def test_reference_bases_are_marked_with_what_they_govern(db):
    assert {b.code: b.governs for b in LegalBasis.objects.all()} == {
        "permensos-184-2011": LegalScope.REGISTRATION,
        "permensos-5-2024": LegalScope.REGISTRATION,
        "permensos-17-2012": LegalScope.ACCREDITATION,
        "permensos-8-2025": LegalScope.ACCREDITATION,
        "permensos-30-huk-2011": LegalScope.CHILDCARE,
    }
    assert LegalBasis.current_for(LegalScope.REGISTRATION).code == "permensos-5-2024"
    assert LegalBasis.current_for(LegalScope.ACCREDITATION).code == "permensos-8-2025"


@pytest.mark.parametrize(
    "code, allowed",
    [
        ("permensos-5-2024", True),
        ("permensos-184-2011", True),
        ("permensos-8-2025", False),
        ("permensos-30-huk-2011", False),
    ],
)
def test_a_registration_cites_only_a_registration_basis(db, code, allowed):
    institution = InstitutionFactory(legal_basis=None)
    institution.legal_basis = basis(code)
    if allowed:
        institution.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            institution.full_clean()
        assert "tentang Pendaftaran LKS" in error.value.message_dict["legal_basis"][0]


def test_the_institution_form_offers_registration_bases_with_the_one_in_force_first(
    operator_client,
):
    form = operator_client.get(reverse("lks_registry:institution_create")).context["form"]
    offered = [b.code for b in form.fields["legal_basis"].queryset]
    assert offered == ["permensos-5-2024", "permensos-184-2011"]
    assert form["legal_basis"].value() == basis("permensos-5-2024").pk
    response = operator_client.post(
        reverse("lks_registry:institution_create"),
        institution_form_data(legal_basis=basis("permensos-8-2025").pk),
    )
    assert response.status_code == 200
    assert "legal_basis" in response.context["form"].errors


def test_changing_the_basis_in_force_is_a_data_change_the_forms_follow(operator_client):
    new = LegalBasis.objects.create(
        code="perda-1-2030", name="Perda 1/2030", governs=LegalScope.REGISTRATION, sort_order=9
    )
    LegalBasis.objects.filter(code="permensos-5-2024").update(is_current=False)
    form = operator_client.get(reverse("lks_registry:institution_create")).context["form"]
    assert form["legal_basis"].value() == new.pk


@pytest.fixture
def verifikator(db):
    return UserFactory(username="verif", role=roles.VERIFIKATOR)


@pytest.mark.parametrize(
    "code", ["permensos-5-2024", "permensos-184-2011", "permensos-30-huk-2011"]
)
def test_a_balks_decision_cannot_cite_a_basis_that_is_not_on_accreditation(verifikator, code):
    case = walk(AccreditationCaseFactory(), verifikator, "schedule_visit")
    with pytest.raises(TransitionError) as error:
        step(case, "decide", verifikator, legal_basis=basis(code))
    assert "legal_basis" in error.value.field_errors
    case.refresh_from_db()
    assert case.state == "visit"


def test_a_balks_decision_citing_an_accreditation_basis_is_recorded(verifikator):
    case = walk(AccreditationCaseFactory(), verifikator, "schedule_visit")
    case = step(case, "decide", verifikator, legal_basis=basis("permensos-17-2012"))
    assert case.state == "decided"


def test_the_decision_form_offers_accreditation_bases_with_the_one_in_force_as_default(
    verifikator, client
):
    case = walk(AccreditationCaseFactory(), verifikator, "schedule_visit")
    client.force_login(verifikator)
    page = client.get(reverse("accreditation:case_transition", args=[case.pk, "decide"]))
    form = page.context["form"]
    assert [b.code for b in form.fields["legal_basis"].queryset] == [
        "permensos-8-2025",
        "permensos-17-2012",
    ]
    assert form["legal_basis"].value() == basis("permensos-8-2025").pk

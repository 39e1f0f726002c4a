from django.contrib.auth.models import Group

from lks_registry import roles
from lks_registry.models import (
    DocumentType,
    Kecamatan,
    Kelurahan,
    LegalBasis,
    LegalType,
    RegistrySettings,
    Specialisation,
    TargetGroup,
)
from lks_registry.roles import ROLE_PERMISSIONS


def test_areas_of_kota_tangerang_are_loaded_with_kemendagri_codes(db):
    assert Kecamatan.objects.count() == 13
    assert Kelurahan.objects.count() == 104
    kroncong = Kelurahan.objects.get(code="36.71.02.1001")
    assert (kroncong.name, kroncong.kecamatan.name, kroncong.other_spellings) == (
        "Keroncong",
        "Jatiuwung",
        "Kroncong",
    )
    assert Kecamatan.objects.get(name="Cipondoh").code == "36.71.05"


def test_categories_and_legal_reference_data_are_loaded(db):
    assert TargetGroup.objects.count() == 26
    assert Specialisation.objects.count() == 6
    assert LegalBasis.objects.filter(code="permensos-184-2011").exists()
    assert RegistrySettings.current().registration_validity_years == 5


def test_document_checklist_differs_per_legal_type(db):
    entity = set(
        LegalType.objects.get(code="berbadan-hukum").required_document_types.values_list(
            "code", flat=True
        )
    )
    other = set(
        LegalType.objects.get(code="tidak-berbadan-hukum").required_document_types.values_list(
            "code", flat=True
        )
    )
    assert {"akta-pendirian", "sk-kemenkumham", "npwp", "domisili", "ad-art"} <= entity
    assert "nota-pendirian" in other and "akta-pendirian" not in other
    assert DocumentType.objects.filter(code="lainnya").exists()


def test_role_groups_exist_with_their_permissions(db):
    """The groups hold exactly what the role table says, and the table says what the README's
    role table promises (written out here, not read back from the code under test)."""
    held = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    for role, perms in ROLE_PERMISSIONS.items():
        assert held[role] == set(perms), role
    decides = {"lks_registry.change_operating_status", "applications.decide_application"}
    assert decides <= held[roles.VERIFIKATOR] and decides <= held[roles.ADMIN]
    assert not decides & held[roles.OPERATOR]
    assert "lks_registry.change_institution" in held[roles.OPERATOR]
    assert not {p for p in held[roles.PIMPINAN] if not p.split(".")[1].startswith("view_")}
    assert held[roles.INSTITUTION] == {
        "lks_registry.view_institution",
        "lks_registry.view_document",
        "lks_registry.add_document",
        "lks_registry.change_own_contact",
        "applications.add_registrationapplication",
        "accreditation.apply_for_accreditation",
    }
    assert (
        "auth.change_user" in held[roles.ADMIN]
        and "auth.change_user" not in held[roles.VERIFIKATOR]
    )

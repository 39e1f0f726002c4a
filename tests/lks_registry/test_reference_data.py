from django.contrib.auth.models import Group

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
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        assert group.permissions.count() == len(perms)

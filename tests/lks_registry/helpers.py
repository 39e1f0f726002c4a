from lks_registry.models import Kecamatan, Kelurahan, LegalForm, Specialisation, TargetGroup


def institution_form_data(**overrides) -> dict:
    """A complete, valid POST for the institution form (a yayasan LKSA in Cipondoh)."""
    cipondoh = Kecamatan.objects.get(name="Cipondoh")
    data = {
        "name": "Panti Asuhan Harapan Baru",
        "kind": "lksa",
        "specialisation": Specialisation.objects.get(code="anak").pk,
        "target_groups": [TargetGroup.objects.get(code="anak-terlantar").pk],
        "legal_form": LegalForm.objects.get(code="yayasan").pk,
        "deed_number": "17",
        "deed_date": "2015-08-17",
        "deed_notary": "Dewi Lestari, S.H., M.Kn.",
        "ratification_number": "AHU-0042.AH.01.04.Tahun 2015",
        "ratification_date": "2015-09-01",
        "npwp": "01.234.567.8-901.000",
        "address": "Jl. Mawar No. 5",
        "rt": "003",
        "rw": "004",
        "kecamatan": cipondoh.pk,
        "kelurahan": Kelurahan.objects.filter(kecamatan=cipondoh).first().pk,
        "phone": "081234567890",
        "email": "harapan@example.org",
        "head_name": "Ahmad Hidayat",
        "capacity": "40",
        "beneficiaries_count": "35",
        "registration_number": "050/LKS/DINSOS/2025",
        "registered_on": "2025-03-01",
        "care_setting": "residential",
        "permit_number": "021/IO-LKSA/DINSOS/2025",
        "permit_date": "2025-03-10",
        "children_yatim": "10",
        "board-TOTAL_FORMS": "2",
        "board-INITIAL_FORMS": "0",
        "board-MIN_NUM_FORMS": "0",
        "board-MAX_NUM_FORMS": "1000",
        "board-0-name": "Siti Rahmawati",
        "board-0-position": "Ketua",
        "board-0-phone": "0811111111",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_form_data(institution, **overrides) -> dict:
    """The edit form as the browser would post it for an existing institution."""
    data = institution_form_data(
        version=institution.version,
        name=institution.name,
        npwp=institution.npwp,
        registration_number=institution.registration_number,
        registered_on=institution.registered_on.isoformat() if institution.registered_on else "",
        kind=institution.kind,
        specialisation=institution.specialisation_id,
        kecamatan=institution.kecamatan_id,
        kelurahan=institution.kelurahan_id,
    )
    if institution.kind == "lks":
        for name in ("care_setting", "permit_number", "permit_date", "children_yatim"):
            data.pop(name)
    data.update(overrides)
    return data

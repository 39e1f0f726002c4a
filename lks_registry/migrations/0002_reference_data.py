"""Reference data: areas of Kota Tangerang (Kemendagri codes), LKS specialisations, the 26 target
groups (PPKS), document types with the checklist per legal type, legal forms, legal bases and the
registry settings. All of it is editable in the admin afterwards."""

import csv
from pathlib import Path

from django.db import migrations

AREAS_CSV = Path(__file__).resolve().parent.parent / "data" / "wilayah_kota_tangerang.csv"

SPECIALISATIONS = [
    ("anak", "Anak (LKSA)"),
    ("disabilitas", "Penyandang Disabilitas"),
    ("lanjut-usia", "Lanjut Usia"),
    ("napza", "Korban Penyalahgunaan NAPZA"),
    ("tuna-sosial", "Tuna Sosial dan Korban Perdagangan Orang"),
    ("lainnya", "Lainnya"),
]

TARGET_GROUPS = [
    "Anak balita terlantar",
    "Anak terlantar",
    "Anak berhadapan dengan hukum",
    "Anak jalanan",
    "Anak dengan kedisabilitasan",
    "Anak korban tindak kekerasan",
    "Anak yang memerlukan perlindungan khusus",
    "Lanjut usia terlantar",
    "Penyandang disabilitas",
    "Tuna susila",
    "Gelandangan",
    "Pengemis",
    "Pemulung",
    "Kelompok minoritas",
    "Bekas warga binaan lembaga pemasyarakatan",
    "Orang dengan HIV/AIDS",
    "Korban penyalahgunaan NAPZA",
    "Korban trafficking",
    "Korban tindak kekerasan",
    "Pekerja migran bermasalah sosial",
    "Korban bencana alam",
    "Korban bencana sosial",
    "Perempuan rawan sosial ekonomi",
    "Fakir miskin",
    "Keluarga bermasalah sosial psikologis",
    "Komunitas adat terpencil",
]

DOCUMENT_TYPES = [
    ("akta-pendirian", "Akta pendirian (notaris)"),
    ("sk-kemenkumham", "SK pengesahan Kemenkumham"),
    ("npwp", "Kartu NPWP"),
    ("nota-pendirian", "Nota pendirian (dilegalisasi lurah/camat/wali kota)"),
    ("domisili", "Surat keterangan domisili dari lurah"),
    ("ad-art", "Anggaran Dasar / Anggaran Rumah Tangga (AD/ART)"),
    ("struktur-pengurus", "Struktur organisasi dan susunan pengurus"),
    ("program-kerja", "Program kerja"),
    ("foto-sarana", "Foto sarana dan prasarana"),
    ("lainnya", "Dokumen lainnya"),
]

COMMON_REQUIRED = ["domisili", "ad-art", "struktur-pengurus", "program-kerja", "foto-sarana"]
LEGAL_TYPES = [
    ("berbadan-hukum", "Berbadan hukum", True, ["akta-pendirian", "sk-kemenkumham", "npwp"]),
    ("tidak-berbadan-hukum", "Tidak berbadan hukum", False, ["nota-pendirian"]),
]
LEGAL_FORMS = [
    ("yayasan", "Yayasan", "berbadan-hukum"),
    ("perkumpulan-berbadan-hukum", "Perkumpulan berbadan hukum", "berbadan-hukum"),
    ("perkumpulan", "Perkumpulan tidak berbadan hukum", "tidak-berbadan-hukum"),
    ("organisasi-sosial", "Organisasi sosial / kelompok masyarakat", "tidak-berbadan-hukum"),
]
LEGAL_BASES = [
    (
        "permensos-184-2011",
        "Permensos No. 184 Tahun 2011 tentang Lembaga Kesejahteraan Sosial",
        False,
    ),
    ("permensos-5-2024", "Permensos No. 5 Tahun 2024 tentang Lembaga Kesejahteraan Sosial", True),
    ("permensos-17-2012", "Permensos No. 17 Tahun 2012 tentang Akreditasi LKS", False),
    (
        "permensos-8-2025",
        "Permensos No. 8 Tahun 2025 tentang Akreditasi Lembaga Kesejahteraan Sosial",
        True,
    ),
    (
        "permensos-30-huk-2011",
        "Permensos No. 30/HUK/2011 tentang Standar Nasional Pengasuhan Anak",
        True,
    ),
]


def load(apps, schema_editor):
    Province = apps.get_model("lks_registry", "Province")
    City = apps.get_model("lks_registry", "City")
    Kecamatan = apps.get_model("lks_registry", "Kecamatan")
    Kelurahan = apps.get_model("lks_registry", "Kelurahan")

    banten, _ = Province.objects.get_or_create(code="36", defaults={"name": "Banten"})
    city, _ = City.objects.get_or_create(
        code="36.71", defaults={"province": banten, "name": "Kota Tangerang"}
    )
    with AREAS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kecamatan_code = row["kode"].rsplit(".", 1)[0]
            kecamatan, _ = Kecamatan.objects.get_or_create(
                code=kecamatan_code, defaults={"city": city, "name": row["kecamatan"]}
            )
            Kelurahan.objects.get_or_create(
                code=row["kode"],
                defaults={
                    "kecamatan": kecamatan,
                    "name": row["kelurahan"],
                    "other_spellings": row["ejaan_lain"].strip(),
                },
            )

    Specialisation = apps.get_model("lks_registry", "Specialisation")
    for order, (code, name) in enumerate(SPECIALISATIONS, start=1):
        Specialisation.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )

    TargetGroup = apps.get_model("lks_registry", "TargetGroup")
    for order, name in enumerate(TARGET_GROUPS, start=1):
        code = name.lower().replace("/", "-").replace(" ", "-")
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})

    DocumentType = apps.get_model("lks_registry", "DocumentType")
    document_types = {}
    for order, (code, name) in enumerate(DOCUMENT_TYPES, start=1):
        document_types[code], _ = DocumentType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )

    LegalType = apps.get_model("lks_registry", "LegalType")
    legal_types = {}
    for order, (code, name, is_legal_entity, specific) in enumerate(LEGAL_TYPES, start=1):
        legal_type, created = LegalType.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_legal_entity": is_legal_entity, "sort_order": order},
        )
        if created:
            legal_type.required_document_types.set(
                [document_types[c] for c in specific + COMMON_REQUIRED]
            )
        legal_types[code] = legal_type

    LegalForm = apps.get_model("lks_registry", "LegalForm")
    for order, (code, name, legal_type_code) in enumerate(LEGAL_FORMS, start=1):
        LegalForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_type": legal_types[legal_type_code],
                "sort_order": order,
            },
        )

    LegalBasis = apps.get_model("lks_registry", "LegalBasis")
    for order, (code, name, is_current) in enumerate(LEGAL_BASES, start=1):
        LegalBasis.objects.get_or_create(
            code=code, defaults={"name": name, "is_current": is_current, "sort_order": order}
        )

    # Photos and "other" documents may have several files; the rest are replaced by a new upload.
    DocumentType.objects.filter(code__in=["foto-sarana", "lainnya"]).update(allows_several=True)

    RegistrySettings = apps.get_model("lks_registry", "RegistrySettings")
    if not RegistrySettings.objects.exists():
        RegistrySettings.objects.create(registration_validity_years=5)


class Migration(migrations.Migration):
    dependencies = [("lks_registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

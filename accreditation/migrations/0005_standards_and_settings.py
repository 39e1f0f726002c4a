"""The six accreditation standards (DOMAIN.md) with equal weights and a 0-100 range, and the
accreditation settings row. Weights and ranges are unconfirmed by regulation: edit them in the
admin."""

from django.db import migrations

STANDARDS = [
    ("program", "Program pelayanan"),
    ("proses", "Proses pelayanan"),
    ("manajemen", "Manajemen organisasi"),
    ("sdm", "Sumber daya manusia"),
    ("sarana", "Sarana dan prasarana"),
    ("hasil", "Hasil pelayanan"),
]


def load(apps, schema_editor):
    Standard = apps.get_model("accreditation", "Standard")
    for order, (code, name) in enumerate(STANDARDS, start=1):
        Standard.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    AccreditationSettings = apps.get_model("accreditation", "AccreditationSettings")
    if not AccreditationSettings.objects.exists():
        AccreditationSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0004_pipeline")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Reference data of accreditation: the grades and their validity in 17/2012 practice, the six
standards with equal weights and a 0-100 range, and the settings row (DOMAIN.md). Weights and
ranges are unconfirmed by regulation: all of it is editable in the admin."""

from django.db import migrations

GRADES = [("A", "Baik Sekali", 5), ("B", "Baik", 3), ("C", "Cukup", 2)]

STANDARDS = [
    ("program", "Program pelayanan"),
    ("proses", "Proses pelayanan"),
    ("manajemen", "Manajemen organisasi"),
    ("sdm", "Sumber daya manusia"),
    ("sarana", "Sarana dan prasarana"),
    ("hasil", "Hasil pelayanan"),
]


def load(apps, schema_editor):
    Grade = apps.get_model("accreditation", "Grade")
    for code, name, years in GRADES:
        Grade.objects.get_or_create(code=code, defaults={"name": name, "validity_years": years})
    Standard = apps.get_model("accreditation", "Standard")
    for order, (code, name) in enumerate(STANDARDS, start=1):
        Standard.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    AccreditationSettings = apps.get_model("accreditation", "AccreditationSettings")
    if not AccreditationSettings.objects.exists():
        AccreditationSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

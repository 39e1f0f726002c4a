"""Grades and their validity in 17/2012 practice (DOMAIN.md); editable in the admin."""

from django.db import migrations

GRADES = [("A", "Baik Sekali", 5), ("B", "Baik", 3), ("C", "Cukup", 2)]


def load(apps, schema_editor):
    Grade = apps.get_model("accreditation", "Grade")
    for code, name, years in GRADES:
        Grade.objects.get_or_create(code=code, defaults={"name": name, "validity_years": years})


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

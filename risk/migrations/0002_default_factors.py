"""Sensible starting weights and thresholds (an admin changes them): children first, then the
yearly visit and warnings, then the paperwork."""

from django.db import migrations

DEFAULT_WEIGHTS = {
    "children_in_danger": 50,
    "child_safety_concerns": 40,
    "visit_overdue": 30,
    "warnings": 25,
    "permit_expired": 25,
    "registration_lapsed": 20,
    "concerns": 15,
    "accreditation_expired": 10,
    "documents_missing": 10,
    "data_incomplete": 5,
}


def load(apps, schema_editor):
    RiskFactor = apps.get_model("risk", "RiskFactor")
    RiskSettings = apps.get_model("risk", "RiskSettings")
    for code, weight in DEFAULT_WEIGHTS.items():
        RiskFactor.objects.get_or_create(code=code, defaults={"weight": weight})
    if not RiskSettings.objects.exists():
        RiskSettings.objects.create(medium_from=20, high_from=50)


def unload(apps, schema_editor):
    apps.get_model("risk", "RiskFactor").objects.filter(code__in=DEFAULT_WEIGHTS).delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

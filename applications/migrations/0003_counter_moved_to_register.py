"""The registration number counter moved to the register (lks_registry), so staff-created
institutions and approved applications draw from one counter: its rows are copied first."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    old = apps.get_model("applications", "RegistrationCounter")
    new = apps.get_model("lks_registry", "RegistrationCounter")
    for row in old.objects.all():
        counter, _created = new.objects.get_or_create(year=row.year)
        counter.last_number = max(counter.last_number, row.last_number)
        counter.save()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_round_decided_by_blank"),
        ("lks_registry", "0008_registration_counter"),
    ]

    operations = [
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.DeleteModel(name="RegistrationCounter"),
    ]

"""Default thresholds: 90, 30 and 7 days before an end date and on the day; for an application
(whose whole standard is 14 working days) 7 days before the last day and on it. The digest goes
to Operators and Verifikators. An admin changes all of it in /admin/."""

from django.db import migrations

DATE_KINDS = ("accreditation", "registration", "permit", "visit", "document")
DEFAULTS = [(kind, days) for kind in DATE_KINDS for days in (90, 30, 7, 0)] + [
    ("application", 7),
    ("application", 0),
]
DIGEST_ROLES = ("Operator", "Verifikator")


def load(apps, schema_editor):
    Threshold = apps.get_model("reminders", "ReminderThreshold")
    Settings = apps.get_model("reminders", "ReminderSettings")
    Group = apps.get_model("auth", "Group")
    for kind, days in DEFAULTS:
        Threshold.objects.get_or_create(kind=kind, days_before=days)
    settings_row = Settings.objects.order_by("pk").first() or Settings.objects.create()
    groups = [Group.objects.get_or_create(name=name)[0] for name in DIGEST_ROLES]
    settings_row.digest_roles.add(*groups)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Legal bases say what they govern (registration, accreditation, childcare standards), and the
basis in force of a scope is what the forms offer by default: the registry settings' own "legal
basis of new registrations" gives way to that flag (its choice is kept as the one in force)."""

from django.db import migrations, models

SCOPES = {
    "permensos-184-2011": "registration",
    "permensos-5-2024": "registration",
    "permensos-17-2012": "accreditation",
    "permensos-8-2025": "accreditation",
    "permensos-30-huk-2011": "childcare",
}


def load(apps, schema_editor):
    """Idempotent: also run by the tests' reference-data fixture on a flushed database."""
    LegalBasis = apps.get_model("lks_registry", "LegalBasis")
    for code, scope in SCOPES.items():
        LegalBasis.objects.filter(code=code, governs="other").update(governs=scope)


def keep_the_settings_choice(apps, schema_editor):
    RegistrySettings = apps.get_model("lks_registry", "RegistrySettings")
    LegalBasis = apps.get_model("lks_registry", "LegalBasis")
    row = RegistrySettings.objects.order_by("pk").first()
    chosen = row.registration_legal_basis if row else None
    if chosen is not None:
        chosen.governs = "registration"
        chosen.is_current = True
        chosen.save()
        LegalBasis.objects.filter(governs="registration").exclude(pk=chosen.pk).update(
            is_current=False
        )


class Migration(migrations.Migration):
    dependencies = [("lks_registry", "0011_renewal")]

    operations = [
        migrations.AddField(
            model_name="legalbasis",
            name="governs",
            field=models.CharField(
                choices=[
                    ("registration", "Registration of LKS"),
                    ("accreditation", "Accreditation of LKS"),
                    ("childcare", "Childcare standards (LKSA)"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=14,
                verbose_name="governs",
            ),
        ),
        migrations.AlterField(
            model_name="legalbasis",
            name="is_current",
            field=models.BooleanField(
                default=True,
                help_text="The forms offer a basis in force by default.",
                verbose_name="in force",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(keep_the_settings_choice, migrations.RunPython.noop),
        migrations.RemoveField(model_name="registrysettings", name="registration_legal_basis"),
    ]

"""New registrations cite Permensos 5/2024 (which replaced 184/2011); a data change when it changes."""

from django.db import migrations


def load(apps, schema_editor):
    RegistrySettings = apps.get_model("lks_registry", "RegistrySettings")
    LegalBasis = apps.get_model("lks_registry", "LegalBasis")
    basis = LegalBasis.objects.filter(code="permensos-5-2024").first()
    RegistrySettings.objects.filter(registration_legal_basis__isnull=True).update(
        registration_legal_basis=basis
    )


class Migration(migrations.Migration):
    dependencies = [("lks_registry", "0006_applications_concerns_supervision")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

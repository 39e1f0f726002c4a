"""Photos and 'other' documents may have several files; the rest are replaced by a new upload."""

from django.db import migrations


def load(apps, schema_editor):
    DocumentType = apps.get_model("lks_registry", "DocumentType")
    DocumentType.objects.filter(code__in=["foto-sarana", "lainnya"]).update(allows_several=True)


class Migration(migrations.Migration):
    dependencies = [("lks_registry", "0004_audit_history_document_versions_members")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

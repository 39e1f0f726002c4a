from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LksRegistryConfig(AppConfig):
    name = "lks_registry"
    verbose_name = _("LKS register")

    def ready(self):
        from lks_registry.roles import sync_roles

        # Permissions are created after migrations run, so the groups are synced then too.
        post_migrate.connect(sync_roles, dispatch_uid="lks_registry_sync_roles")

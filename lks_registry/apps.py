from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LksRegistryConfig(AppConfig):
    name = "lks_registry"
    verbose_name = _("LKS register")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from lks_registry.login_throttle import on_login_failed
        from lks_registry.roles import sync_roles

        user_login_failed.connect(on_login_failed, dispatch_uid="lks_registry_login_spray")

        # Permissions are created after migrations run, so the groups are synced then too.
        post_migrate.connect(sync_roles, dispatch_uid="lks_registry_sync_roles")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Online registration")

    def ready(self):
        from applications.views import institution_actions_context
        from lks_registry.panels import register_detail_panel

        register_detail_panel(
            "applications/_institution_actions.html", institution_actions_context, slot="actions"
        )

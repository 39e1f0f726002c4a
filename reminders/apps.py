from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from lks_registry.panels import register_detail_panel
        from reminders.views import institution_panel_context

        register_detail_panel("reminders/_institution_panel.html", institution_panel_context)

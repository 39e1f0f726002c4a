from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from accreditation.views import institution_panel_context, public_panel_context
        from lks_registry.panels import register_detail_panel

        register_detail_panel("accreditation/_institution_panel.html", institution_panel_context)
        register_detail_panel(
            "accreditation/_public_panel.html", public_panel_context, slot="public"
        )

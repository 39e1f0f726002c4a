from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from accreditation.views import institution_panel_context, public_accreditation_values
        from lks_registry.panels import register_detail_panel
        from lks_registry.public_fields import register_public_values

        register_detail_panel("accreditation/_institution_panel.html", institution_panel_context)
        register_public_values(
            ("accreditation_grade", "accreditation_valid_until"), public_accreditation_values
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from applications.services import APPROVAL_HOOKS
        from lks_registry.panels import register_detail_panel
        from lks_registry.services import STATUS_CHANGE_GUARDS
        from supervision.services import findings_follow_approved_application, warning_rule
        from supervision.views import institution_panel_context

        register_detail_panel("supervision/_institution_panel.html", institution_panel_context)
        if warning_rule not in STATUS_CHANGE_GUARDS:
            STATUS_CHANGE_GUARDS.append(warning_rule)
        if findings_follow_approved_application not in APPROVAL_HOOKS:
            APPROVAL_HOOKS.append(findings_follow_approved_application)

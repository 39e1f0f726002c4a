from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from applications.services import APPROVAL_HOOKS
        from lks_registry.panels import register_detail_panel
        from lks_registry.services import STATUS_CHANGE_GUARDS
        from lks_registry.upload_allowance import UPLOADS_BY_ACCOUNT
        from supervision.selectors import visit_documents_uploaded_by
        from supervision.services import findings_follow_approved_application, warning_rule
        from supervision.views import institution_panel_context

        register_detail_panel("supervision/_institution_panel.html", institution_panel_context)
        if warning_rule not in STATUS_CHANGE_GUARDS:
            STATUS_CHANGE_GUARDS.append(warning_rule)
        if visit_documents_uploaded_by not in UPLOADS_BY_ACCOUNT:
            UPLOADS_BY_ACCOUNT.append(visit_documents_uploaded_by)
        if findings_follow_approved_application not in APPROVAL_HOOKS:
            APPROVAL_HOOKS.append(findings_follow_approved_application)

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from accreditation import models as accreditation
        from applications import models as applications
        from lks_registry import models as registry
        from reports.cache import bump
        from supervision import models as supervision

        watched = [
            registry.Institution,
            registry.StatusChange,
            applications.ApplicationRound,
            supervision.Concern,
            supervision.FieldFinding,
            supervision.MonitoringVisit,
            supervision.WrittenWarning,
            supervision.WarningRound,
            registry.Kecamatan,
            registry.TargetGroup,
            registry.RegistrySettings,
            accreditation.AccreditationCase,
            accreditation.CaseEvent,
            accreditation.Grade,
            accreditation.AccreditationSettings,
        ]
        for model in watched:
            post_save.connect(
                bump, sender=model, dispatch_uid=f"reports-bump-save-{model.__name__}"
            )
            post_delete.connect(
                bump, sender=model, dispatch_uid=f"reports-bump-delete-{model.__name__}"
            )
        m2m_changed.connect(
            bump,
            sender=registry.Institution.target_groups.through,
            dispatch_uid="reports-bump-target-groups",
        )

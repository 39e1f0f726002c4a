from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from accreditation import models as accreditation
        from applications import models as applications
        from lks_registry import models as registry
        from reports.cache import bump, record_changes
        from supervision import models as supervision

        # Changes to one institution's facts (reports.metrics.institutions_on): the institution
        # each row belongs to.
        institution_of = {
            registry.Institution: lambda obj: [obj.pk],
            registry.StatusChange: lambda obj: [obj.institution_id],
            supervision.MonitoringVisit: lambda obj: [obj.institution_id],
            supervision.WrittenWarning: lambda obj: [obj.institution_id],
            supervision.WarningRound: lambda obj: [obj.institution_id],
            accreditation.AccreditationCase: lambda obj: [obj.institution_id],
            accreditation.CaseEvent: lambda obj: [
                accreditation.AccreditationCase.objects.values_list("institution_id", flat=True)
                .filter(pk=obj.case_id)
                .first()
            ],
        }
        # Changes that no institution's facts depend on: only the cached pages are stale.
        pages_only = [applications.ApplicationRound, supervision.Concern, supervision.FieldFinding]
        # Changes that can touch every row: every process rebuilds its facts.
        everything = [
            registry.Kecamatan,
            registry.TargetGroup,
            registry.RegistrySettings,
            registry.DayOff,
            accreditation.Grade,
            accreditation.AccreditationSettings,
        ]

        def changed(sender, instance, **kwargs):
            record_changes(institution_of[sender](instance))

        def pages_changed(**kwargs):
            bump(rebuild=False)

        def rebuild(**kwargs):
            bump()

        def target_groups_changed(instance, action, reverse, pk_set, **kwargs):
            if not action.startswith("post_"):
                return
            if not reverse:
                record_changes([instance.pk])
            elif pk_set:
                record_changes(pk_set)
            else:  # a service type's institutions cleared
                bump()

        for receivers, receiver in (
            (institution_of, changed),
            (pages_only, pages_changed),
            (everything, rebuild),
        ):
            for model in receivers:
                for signal, name in ((post_save, "save"), (post_delete, "delete")):
                    signal.connect(
                        receiver,
                        sender=model,
                        weak=False,
                        dispatch_uid=f"reports-{name}-{model.__name__}",
                    )
        m2m_changed.connect(
            target_groups_changed,
            sender=registry.Institution.target_groups.through,
            weak=False,
            dispatch_uid="reports-target-groups",
        )

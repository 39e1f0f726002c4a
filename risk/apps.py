from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Supervision by risk")

    def ready(self):
        from accreditation import models as accreditation
        from lks_registry import models as registry
        from lks_registry.panels import register_detail_panel
        from reports.panels import register_dashboard_panel, register_dashboard_warmer
        from risk import services
        from risk.models import RiskFactor, RiskSettings
        from risk.views import dashboard_panel_context, institution_panel_context
        from supervision import models as supervision

        register_detail_panel("risk/_institution_panel.html", institution_panel_context)
        register_dashboard_panel("risk/_dashboard_panel.html", dashboard_panel_context)
        # The day's snapshot takes tens of seconds at national scale: the queue builds it.
        register_dashboard_warmer(services.snapshot_for)

        # What one institution's profile reads: the institution each row belongs to.
        institution_of = {
            registry.Institution: lambda obj: obj.pk,
            registry.StatusChange: lambda obj: obj.institution_id,
            registry.Document: lambda obj: obj.institution_id,
            supervision.MonitoringVisit: lambda obj: obj.institution_id,
            supervision.WrittenWarning: lambda obj: obj.institution_id,
            supervision.WarningRound: lambda obj: obj.institution_id,
            supervision.Concern: lambda obj: obj.institution_id,
            accreditation.AccreditationCase: lambda obj: obj.institution_id,
            accreditation.CaseEvent: lambda obj: (
                accreditation.AccreditationCase.objects.filter(pk=obj.case_id)
                .values_list("institution_id", flat=True)
                .first()
            ),
        }

        def changed(sender, instance, **kwargs):
            note_change(institution_of[sender](instance))

        def rules_changed(**kwargs):
            transaction.on_commit(services.snapshots_drop)

        for model in institution_of:
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    changed, sender=model, weak=False, dispatch_uid=f"risk-{name}-{model.__name__}"
                )
        for model in (RiskFactor, RiskSettings, registry.LegalType):
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    rules_changed,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"risk-rules-{name}-{model.__name__}",
                )
        m2m_changed.connect(
            rules_changed,
            sender=registry.LegalType.required_document_types.through,
            weak=False,
            dispatch_uid="risk-required-documents",
        )


def note_change(institution_id) -> None:
    """This institution changed: its rows are rewritten once per transaction, after it commits
    (so the rewrite sees every committed change, its own included)."""
    from risk import services

    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        services.institutions_refresh([institution_id])
        return
    flush = getattr(connection, "_risk_flush", None)
    if flush is None or not any(entry[1] is flush for entry in connection.run_on_commit):
        # A new transaction (or the last one rolled back with its callbacks).
        pending = set()

        def flush():
            connection._risk_flush = None
            services.institutions_refresh(pending)

        flush.pending = pending
        connection._risk_flush = flush
        transaction.on_commit(flush)
    flush.pending.add(institution_id)

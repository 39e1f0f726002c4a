from django.db import models


class FactChange(models.Model):
    """One row per write that changes what the dashboard knows of an institution (its data, status
    changes, cases and their events, visits, warnings, service types), written in the writer's
    own transaction, so it becomes visible exactly when the change does. ``xact`` is the writing
    transaction's id: a reader that has seen every change of the transactions older than its
    snapshot's oldest running one knows it has missed none (see reports.cache). Rows older than a
    day are deleted; no reader needs them."""

    institution_id = models.IntegerField(null=True)  # null: every institution (rebuild all)
    xact = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.institution_id or '*'} @ {self.xact}"

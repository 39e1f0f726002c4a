"""Writes of supervision by risk: the day's snapshot of every profile, built by one
INSERT ... SELECT over ``risk.selectors.profiles`` and kept up to date by change.

- A snapshot is valid while the register's epoch (``reports.cache.epoch``: bulk loads, settings,
  grades, days off) is the one it was built at; otherwise the next reader rebuilds it.
- A write that concerns one institution (its data, status, visits, warnings, concerns,
  documents, cases) rewrites that institution's rows in every kept snapshot once the write has
  committed (``risk.apps``), with the same statement restricted to it.
- A change of the factors, weights or thresholds drops every snapshot.
"""

import datetime
import zlib

from django.db import connection, transaction

from reports.cache import epoch
from risk.models import RiskRow, RiskSettings, RiskSnapshot
from risk.selectors import VALUE_FIELDS, profiles, weights

#: How many days' snapshots are kept (today and the days the dashboard was last asked about).
KEPT_SNAPSHOTS = 6
#: More changed institutions than this at once: drop the snapshots instead of rewriting rows.
REFRESH_LIMIT = 2000
ROW_COLUMNS = ("institution_id", "name", "kecamatan_id", "kind", "score", "level", "factors")


def _insert_rows(snapshot: RiskSnapshot, pks=None) -> None:
    """The profiles of the snapshot's day written as its rows: one statement, in the database."""
    queryset = profiles(
        snapshot.day, pks=pks, weights_by_code=weights(), settings=RiskSettings.current()
    ).values_list("pk", "name", "kecamatan_id", "kind", "score", "level", "factors", *VALUE_FIELDS)
    sql, params = queryset.query.sql_with_params()
    columns = ", ".join(("snapshot_id", *ROW_COLUMNS, *VALUE_FIELDS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RiskRow._meta.db_table} ({columns}) "
            f"SELECT %s, profile.* FROM ({sql}) AS profile",
            [snapshot.pk, *params],
        )


def snapshot_for(day: datetime.date) -> RiskSnapshot:
    """The day's snapshot, built (or rebuilt) when missing or older than the register's epoch.
    Two readers asking at once build it once: the second waits on the lock and reads it."""
    current = epoch()
    snapshot = RiskSnapshot.objects.filter(day=day, epoch=current).first()
    if snapshot is not None:
        return snapshot
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [zlib.crc32(b"risk"), day.toordinal()]
            )
        snapshot = RiskSnapshot.objects.filter(day=day, epoch=current).first()
        if snapshot is not None:  # built by another reader while this one waited
            return snapshot
        # The same statements whether a snapshot of the day existed or not.
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {RiskRow._meta.db_table} WHERE snapshot_id IN "
                f"(SELECT id FROM {RiskSnapshot._meta.db_table} WHERE day = %s)",
                [day],
            )
            cursor.execute(f"DELETE FROM {RiskSnapshot._meta.db_table} WHERE day = %s", [day])
        snapshot = RiskSnapshot.objects.create(day=day, epoch=current)
        _insert_rows(snapshot)
        stale = list(
            RiskSnapshot.objects.order_by("-built_at").values_list("pk", flat=True)[KEPT_SNAPSHOTS:]
        )
        if stale:
            RiskSnapshot.objects.filter(pk__in=stale).delete()
    return snapshot


def snapshots_drop() -> None:
    """Factors, weights or thresholds changed: every profile is computed anew when next read."""
    RiskSnapshot.objects.all().delete()


def institutions_refresh(institution_ids) -> None:
    """These institutions' rows in every kept snapshot, computed anew (after their change)."""
    ids = sorted({pk for pk in institution_ids if pk is not None})
    if not ids:
        return
    if len(ids) > REFRESH_LIMIT:
        snapshots_drop()
        return
    with transaction.atomic():
        for snapshot in RiskSnapshot.objects.select_for_update().order_by("day"):
            RiskRow.objects.filter(snapshot=snapshot, institution_id__in=ids).delete()
            _insert_rows(snapshot, pks=ids)

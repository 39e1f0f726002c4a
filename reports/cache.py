"""Dashboard figures: cached per filters and data generation, and kept up to date by change.

Measured need: at national scale (50,000 institutions, bench/) computing the institution counts
from scratch takes seconds, far over the 300 ms budget of the first request after a change.

Two layers:
- The whole dashboard (``remember``) is cached per filters and per *generation*: every write to
  the data the figures read stamps a new generation (post_save/post_delete/m2m_changed, wired in
  reports.apps), so a cached page is never older than the last change; the stamp is a random
  token, so two writers can never reuse one.
- Under it, each server process keeps, per filters, the facts row of every institution
  (``metrics.facts``) and the counts made of them (``institution_counts``). A write that concerns
  one institution records its id in ``FactChange`` in the writer's transaction; the next reader
  recomputes the facts of just those institutions, takes their old rows out of the counts and
  puts the new ones in (``metrics.count_row``: the same predicates, the same code as from
  scratch). Writes that can change every row (settings, grades, kecamatan, service types, bulk
  loads) stamp a new *epoch*, and the next reader rebuilds from scratch.

Why the transaction ids: a change row is only visible once its transaction commits, and
transactions do not commit in the order of their ids. A reader notes the oldest transaction still
running when it reads (``pg_snapshot_xmin``): every change of an older transaction is then
visible, and the next read asks again for everything from that transaction on. Recomputing an
institution's row twice is harmless, so nothing is missed and nothing is counted twice.
"""

import contextlib
import datetime
import threading
import time
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from procrastinate.exceptions import AlreadyEnqueued

GENERATION_KEY = "reports:generation"
EPOCH_KEY = "reports:epoch"
TIMEOUT = 60 * 60 * 24
#: How many filter combinations (day, kecamatan, kind, service type) one process keeps in memory.
KEPT_FILTERS = 8
#: A process rebuilds what it keeps after this long; change rows live far longer (PRUNE_AFTER).
STATE_LIFETIME = 60 * 60
PRUNE_AFTER = datetime.timedelta(days=1)


def generation() -> str:
    _read_in_transaction(_new_generation)
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)


def epoch() -> str:
    _read_in_transaction(_new_epoch)
    return cache.get_or_set(EPOCH_KEY, lambda: uuid.uuid4().hex, None)


def _read_in_transaction(new_stamp) -> None:
    """Someone in this transaction read the stamp (to cache figures or an ETag under it): the
    transaction's next write must stamp anew, however many it made before."""
    done = getattr(transaction.get_connection(), "_reports_done", None)
    if done is not None:
        done[1].discard(((), new_stamp))


def _first_time(key, *, per_savepoint: bool) -> bool:
    """False when this transaction has done ``key`` already (at this savepoint, when the work is
    a database write a rolled-back savepoint would undo). Django gives each transaction, and the
    rest of one after a savepoint rolls back, a new list of commit callbacks: its identity tells
    the transaction apart. Outside a transaction every call is the first."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return True
    # Blocks without a savepoint of their own (None) cannot roll back alone.
    savepoints = tuple(sid for sid in connection.savepoint_ids if sid) if per_savepoint else ()
    place = (savepoints, key)
    done = getattr(connection, "_reports_done", None)
    if done is None or done[0] is not connection.run_on_commit:
        done = (connection.run_on_commit, set())
        connection._reports_done = done
    if place in done[1]:
        return False
    done[1].add(place)
    return True


def _on_commit_once(func) -> None:
    """``func`` once this transaction commits, however often asked. A savepoint rolled back
    takes the callbacks it registered with it, and the next call registers it again. Robust:
    the change is saved whatever happens after (the cache or the queue down, say)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        registered is func for _sids, registered, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(func, robust=True)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _new_epoch() -> None:
    cache.set(EPOCH_KEY, uuid.uuid4().hex, None)


def _stamp(new_stamp) -> None:
    """Now, for readers in this transaction (once, until one of them reads the stamp: a cache
    write is not undone by a rollback), and again after commit, for anyone who computed figures
    in between from data that did not yet include the change. A bulk import writes each of them
    once, not once per row."""
    if _first_time(new_stamp, per_savepoint=False):
        new_stamp()
    _on_commit_once(new_stamp)


def _warm_after_commit() -> None:
    """Once the change is committed, the queue computes today's dashboard again
    (reports.tasks.warm_dashboard), so that the first reader after a change finds it ready.
    One job per transaction, however many rows it wrote."""
    _on_commit_once(_defer_warm)


def _defer_warm() -> None:
    from reports.tasks import warm_dashboard

    with contextlib.suppress(AlreadyEnqueued):  # a job still waiting reads this change too
        warm_dashboard.defer()


def bump(**kwargs) -> None:
    """Any change to what the dashboard reads: the cached pages are stale. Called with no
    institution (a bulk load, a setting) it also makes every process rebuild its facts."""
    _stamp(_new_generation)
    _warm_after_commit()
    if kwargs.get("rebuild", True):
        _stamp(_new_epoch)


def record_changes(institution_ids) -> None:
    """The facts of these institutions changed (called in the writer's transaction)."""
    _stamp(_new_generation)
    _warm_after_commit()
    ids = sorted({pk for pk in institution_ids if pk is not None})
    # A row saved and then its service types set: one change row for the two.
    if not ids or not _first_time(tuple(ids), per_savepoint=True):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reports_factchange (institution_id, xact, created_at) "
            "SELECT unnest(%s::integer[]), pg_current_xact_id()::text::bigint, now()",
            [ids],
        )


def remember(filters, compute):
    query = "&".join(f"{key}={value}" for key, value in sorted(filters.as_query().items()))
    # The database name keeps two databases on one cache (development, benchmark) apart.
    key = f"reports:dashboard:{connection.settings_dict['NAME']}:{generation()}:{query}"
    return cache.get_or_set(key, compute, TIMEOUT)


# --- Institution facts and counts, kept up to date in each process.


@dataclass
class _State:
    epoch: str
    watermark: int
    built: float
    facts: dict  # pk -> Fact
    counts: dict  # as metrics.institution_counts
    members: Counter  # ("kecamatan", id) / ("group", id) -> number of facts rows with it
    ordered: list | None = None  # facts rows by name, made when a list asks
    lists: dict = field(default_factory=dict)  # metric key -> its rows


_states: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _snapshot_xmin() -> int:
    """Where the change log stands; on the way, the rows no reader needs any more go."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH pruned AS (DELETE FROM reports_factchange WHERE created_at < now() - %s) "
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            [PRUNE_AFTER],
        )
        return cursor.fetchone()[0]


def _changes_since(watermark: int):
    """(new watermark, ids of the institutions changed by transactions from ``watermark`` on)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
            "ARRAY(SELECT DISTINCT institution_id FROM reports_factchange WHERE xact >= %s)",
            [watermark],
        )
        return cursor.fetchone()


def _members(row):
    return [("kecamatan", row.kecamatan_id), *(("group", g) for g in row.group_ids)]


def _build(filters, current_epoch) -> _State:
    from reports import metrics

    watermark = _snapshot_xmin()  # before reading: what commits meanwhile is read again later
    rows = metrics.facts(filters)
    members = Counter(member for row in rows for member in _members(row))
    state = _State(
        epoch=current_epoch,
        watermark=watermark,
        built=time.monotonic(),
        facts={row.pk: row for row in rows},
        counts=metrics.institution_counts(filters, rows),
        members=members,
        ordered=rows,
    )
    return state


def _apply(state: _State, filters, changed) -> None:
    from reports import metrics

    fresh = {row.pk: row for row in metrics.facts(filters, pks=changed)}
    groups = {"kecamatan": state.counts["kecamatan"], "group": state.counts["target_groups"]}
    for pk in changed:
        old, new = state.facts.pop(pk, None), fresh.get(pk)
        if old is not None:
            metrics.count_row(state.counts, filters, old, step=-1)
            for member in _members(old):
                state.members[member] -= 1
                if not state.members[member]:
                    del state.members[member]
                    groups[member[0]].pop(member[1], None)
        if new is not None:
            state.facts[pk] = new
            metrics.count_row(state.counts, filters, new)
            state.members.update(_members(new))
    state.ordered = None
    state.lists.clear()


def _current_state(filters) -> _State:
    key = (connection.settings_dict["NAME"], filters)
    current_epoch = epoch()
    with _lock:
        state = _states.get(key)
        fresh_enough = state and time.monotonic() - state.built < STATE_LIFETIME
        if not fresh_enough or state.epoch != current_epoch:
            state = _build(filters, current_epoch)
        else:
            watermark, changed = _changes_since(state.watermark)
            if changed:
                _apply(state, filters, changed)
            state.watermark = watermark
        _states[key] = state
        _states.move_to_end(key)
        while len(_states) > KEPT_FILTERS:
            _states.popitem(last=False)
        return state


def institution_counts(filters) -> dict:
    """metrics.institution_counts(filters), kept up to date by change instead of recomputed."""
    counts = _current_state(filters).counts
    return {
        "total": dict(counts["total"]),
        "kecamatan": {pk: dict(row) for pk, row in counts["kecamatan"].items()},
        "target_groups": {pk: dict(row) for pk, row in counts["target_groups"].items()},
    }


def metric_rows(key, filters) -> list:
    """metrics.metric_rows(key, filters) on the rows kept up to date (by name, as the database
    orders them)."""
    from reports import metrics

    state = _current_state(filters)
    with _lock:
        if key not in state.lists:
            if state.ordered is None:
                state.ordered = sorted(state.facts.values(), key=lambda row: (row.name, row.pk))
            state.lists[key] = metrics.metric_rows(key, filters, rows=state.ordered)
        return state.lists[key]


def fact_rows(filters) -> list:
    """Every institution's facts row on the rows kept up to date, by name (metrics.facts)."""
    state = _current_state(filters)
    with _lock:
        if state.ordered is None:
            state.ordered = sorted(state.facts.values(), key=lambda row: (row.name, row.pk))
        return state.ordered

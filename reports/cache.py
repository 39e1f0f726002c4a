"""Dashboard figures are cached per filters and per data generation.

Measured need: at national scale (50,000 institutions, bench/) computing the figures takes about
a second, far over the 150 ms budget. Every write to the data the figures read stamps a new
generation (post_save/post_delete/m2m_changed, wired in reports.apps), so a cached figure is never
older than the last change; the stamp is a random token, so two writers can never reuse one."""

import uuid

from django.core.cache import cache
from django.db import connection, transaction

GENERATION_KEY = "reports:generation"
TIMEOUT = 60 * 60 * 24


def generation() -> str:
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)


def bump(**kwargs) -> None:
    """Now, for readers in this transaction, and again after commit, for anyone who computed
    figures in between from data that did not yet include this change."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, None))


def remember(filters, compute):
    query = "&".join(f"{key}={value}" for key, value in sorted(filters.as_query().items()))
    # The database name keeps two databases on one cache (development, benchmark) apart.
    key = f"reports:dashboard:{connection.settings_dict['NAME']}:{generation()}:{query}"
    return cache.get_or_set(key, compute, TIMEOUT)

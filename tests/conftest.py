import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lks_registry import roles
from lks_registry.roles import sync_roles
from tests.factories import UserFactory
from tests.personas import world  # noqa: F401 - the access matrices' fixture


@pytest.fixture
def make_client(db):
    """A logged-in client for a user with the given role (or none)."""

    def _make(role=None, **user_fields):
        user = UserFactory(role=role, **user_fields)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return _make


@pytest.fixture
def operator_client(make_client):
    return make_client(roles.OPERATOR, username="operator-test")


@pytest.fixture
def verifikator_client(make_client):
    return make_client(roles.VERIFIKATOR, username="verifikator-test")


@pytest.fixture
def pimpinan_client(make_client):
    return make_client(roles.PIMPINAN, username="pimpinan-test")


@pytest.fixture
def no_role_client(make_client):
    return make_client(None, username="no-role-test")


@pytest.fixture
def count_queries(db):
    """How many SQL queries one GET of the page costs (it must answer 200)."""

    def _count(client, url):
        # The office row is read once and then served from the cache, as on a running server:
        # warmed here so the first page counted does not pay for it alone.
        from lks_registry.models import OfficeSettings

        OfficeSettings.current()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    return _count


REFERENCE_DATA_MIGRATIONS = [
    "lks_registry.migrations.0002_reference_data",
    "lks_registry.migrations.0004_import_synonyms",
    "lks_registry.migrations.0012_legal_basis_scope",
    "lks_registry.migrations.0013_office_settings",
    "accreditation.migrations.0002_reference_data",
    "reminders.migrations.0002_default_thresholds",
    "risk.migrations.0002_default_factors",
]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test starts from a flushed database: load the reference data the data
    migrations provide (their loaders are idempotent) and the role groups."""
    for module in REFERENCE_DATA_MIGRATIONS:
        migration = importlib.import_module(module)
        migration.load(apps, None)
    sync_roles()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test sends no signals, so its cached
    dashboard figures must not be seen by the next test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

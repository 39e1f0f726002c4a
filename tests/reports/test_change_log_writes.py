"""What a write costs the dashboard's change log (reports.cache): one change row per institution
and savepoint, one generation stamp per transaction, however many rows a file brings; and
nothing lost when a savepoint rolls back."""

from unittest import mock

import pytest
from django.db import transaction

from lks_registry.models import Institution
from reports import cache
from reports.models import FactChange
from tests.factories import InstitutionFactory
from tests.lks_registry.test_import import MESSY_HEADERS, confirm, messy_rows, upload, xlsx_file


def generation_writes(calls):
    return [c for c in calls if c.args and c.args[0] == cache.GENERATION_KEY]


def test_an_import_writes_one_change_row_per_institution_and_stamps_once(operator_client):
    job = upload(operator_client, xlsx_file(MESSY_HEADERS, messy_rows()))
    FactChange.objects.all().delete()
    with mock.patch.object(cache.cache, "set", wraps=cache.cache.set) as cache_set:
        confirm(operator_client, job)
    created = set(Institution.objects.values_list("pk", flat=True))
    assert len(created) == 3
    rows = list(FactChange.objects.values_list("institution_id", flat=True))
    assert set(rows) == created
    # Saved, then its service types set: one row for both (the third row's status change runs
    # in a savepoint of its own, which may roll back alone, so it writes its own).
    assert len(rows) == len(created) + 1
    assert len(generation_writes(cache_set.call_args_list)) <= 1


def test_the_same_change_twice_in_one_savepoint_is_one_row(db):
    institution = InstitutionFactory()
    FactChange.objects.all().delete()
    with transaction.atomic():
        cache.record_changes([institution.pk])
        cache.record_changes([institution.pk])
    assert FactChange.objects.filter(institution_id=institution.pk).count() == 1


def test_a_change_recorded_again_after_its_savepoint_rolled_back_is_kept(db):
    institution = InstitutionFactory()
    FactChange.objects.all().delete()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            cache.record_changes([institution.pk])
            raise RuntimeError("row refused")
        assert not FactChange.objects.exists()
        cache.record_changes([institution.pk])
    assert FactChange.objects.filter(institution_id=institution.pk).count() == 1


def test_a_reader_inside_the_transaction_makes_the_next_write_stamp_again(db):
    """As the open-data ETags and the cached dashboard need: both read the generation."""
    with (
        mock.patch.object(cache.cache, "set", wraps=cache.cache.set) as cache_set,
        transaction.atomic(),
    ):
        cache.bump()
        cache.bump()
        assert len(generation_writes(cache_set.call_args_list)) == 1
        cache.remember(mock.Mock(as_query=lambda: {"as_of": "x"}), lambda: {"figures": 1})
        cache.bump()
        assert len(generation_writes(cache_set.call_args_list)) == 2
        cache.generation()  # an ETag computed under it, say
        cache.bump()
        assert len(generation_writes(cache_set.call_args_list)) == 3

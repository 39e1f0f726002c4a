"""The open data, read with the dashboard's own rules: institution facts on a day from
``reports.metrics`` (kept up to date by ``reports.cache``), the registration rule of
``lks_registry.models.registration_state``, the public status of ``lks_registry.public_fields``
and the dashboard's counts. Nothing here decides who is registered, accredited or counted."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache as django_cache
from django.db import connection
from django.utils import timezone

from lks_registry.models import (
    Kecamatan,
    OfficeSettings,
    RegistrationState,
    TargetGroup,
    registration_state,
)
from lks_registry.public_fields import PUBLIC_FIELD_KEYS, public_status
from reports import cache as reports_cache
from reports import metrics

#: The counts the statistics publish, per kecamatan and per service type (reports.metrics keys).
STATISTICS_KEYS = (
    "registered",
    "active",
    "inactive",
    "suspended",
    "revoked",
    "registration_lapsed",
    "accredited",
    "grade_a",
    "grade_b",
    "grade_c",
)
STATISTICS_COLUMNS = ("scope", "code", "name", *STATISTICS_KEYS)
#: Rows read per round trip by the streamed downloads.
CHUNK = 2000
NO_GRADE = "none"


@dataclass(frozen=True)
class RegisterQuery:
    day: datetime.date
    kecamatan_id: int | None = None
    kind: str | None = None
    target_group_id: int | None = None
    grade: str | None = None  # "A", "B", "C" or NO_GRADE
    status: str | None = None  # a PublicStatus code


@dataclass(frozen=True)
class Names:
    """Names and codes of the reference rows a record shows (two small queries)."""

    kecamatan: dict
    groups: dict

    @classmethod
    def load(cls):
        return cls(
            kecamatan={
                pk: (code, name)
                for pk, code, name in Kecamatan.objects.values_list("pk", "code", "name")
            },
            groups=dict(TargetGroup.objects.values_list("pk", "name")),
        )


def _status(fact, day):
    state = registration_state(
        registration_number=fact.registration_number,
        registered_on=fact.registered_on,
        valid_until=fact.registration_valid_until,
        status=fact.status_on,
        day=day,
    )
    if state == RegistrationState.NONE:
        return None  # no tanda daftar yet on the day: not on the public register
    return public_status(status=fact.status_on, registration_state=state)


def _record(fact, status, names: Names) -> dict:
    code, kecamatan = names.kecamatan.get(fact.kecamatan_id, ("", ""))
    values = {
        "id": fact.pk,
        "name": fact.name,
        "kind": fact.kind,
        "kecamatan_code": code,
        "kecamatan": kecamatan,
        "service_types": sorted(names.groups[pk] for pk in fact.group_ids if pk in names.groups),
        "registration_number": fact.registration_number,
        "registration_valid_until": fact.registration_valid_until,
        "registration_status": status,
        "accreditation_grade": fact.grade_on,
        "accreditation_valid_until": fact.grade_valid_until if fact.grade_on else None,
    }
    # The keys come from the one list of public fields, whatever is computed above.
    return {key: values[key] for key in PUBLIC_FIELD_KEYS}


def _matches(query: RegisterQuery, fact, status) -> bool:
    if status is None:
        return False
    if query.kecamatan_id and fact.kecamatan_id != query.kecamatan_id:
        return False
    if query.kind and fact.kind != query.kind:
        return False
    if query.target_group_id and query.target_group_id not in fact.group_ids:
        return False
    if query.grade and (fact.grade_on or NO_GRADE) != query.grade:
        return False
    return not (query.status and status != query.status)


def _matching(query: RegisterQuery, facts):
    for fact in facts:
        status = _status(fact, query.day)
        if _matches(query, fact, status):
            yield fact, status


def records(matches) -> list[dict]:
    """The public records of (fact, status) pairs."""
    names = Names.load()
    return [_record(fact, status, names) for fact, status in matches]


def register_matches(query: RegisterQuery) -> list:
    """(fact, status) of the public register on the day, by name: on the facts kept up to date
    in this process (reports.cache), so a page of the API costs no facts query once the day has
    been read; only the rows of the page are made into records (``records``)."""
    return list(_matching(query, reports_cache.fact_rows(metrics.Filters(day=query.day))))


def register_record(pk: int, day: datetime.date) -> dict | None:
    facts = metrics.facts(metrics.Filters(day=day), pks=[pk])
    found = records(_matching(RegisterQuery(day=day), facts))
    return found[0] if found else None


def stream_register_records(query: RegisterQuery):
    """The public register on the day, read through a server-side cursor: constant memory
    whatever the number of institutions (the full downloads)."""
    names = Names.load()
    facts = metrics.iter_facts(metrics.Filters(day=query.day), chunk_size=CHUNK)
    for fact, status in _matching(query, facts):
        yield _record(fact, status, names)


def statistics_rows(day: datetime.date) -> list[dict]:
    """The dashboard's counts on the day (reports.cache.institution_counts): the city, then each
    kecamatan, then each service type."""
    counts = reports_cache.institution_counts(metrics.Filters(day=day))
    names = Names.load()
    codes = dict(TargetGroup.objects.values_list("pk", "code"))

    def row(scope, code, name, figures):
        return {
            "scope": scope,
            "code": code,
            "name": name,
            **{key: figures.get(key, 0) for key in STATISTICS_KEYS},
        }

    rows = [row("total", "", OfficeSettings.current().city, counts["total"])]
    kecamatan = [
        row("kecamatan", *names.kecamatan[pk], figures)
        for pk, figures in counts["kecamatan"].items()
        if pk in names.kecamatan
    ]
    groups = [
        row("service_type", codes[pk], names.groups[pk], figures)
        for pk, figures in counts["target_groups"].items()
        if pk in names.groups
    ]
    rows += sorted(kecamatan, key=lambda r: r["code"]) + sorted(groups, key=lambda r: r["name"])
    return rows


# --- Versions of the data, for ETag / Last-Modified.


def data_version() -> tuple[str, datetime.datetime]:
    """(token, when it was first seen): the dashboard's data generation changes with every write
    to what the open data reads (reports.apps), so a response is fresh while it is unchanged."""
    token = reports_cache.generation()
    key = f"opendata:seen:{connection.settings_dict['NAME']}:{token}"
    seen = django_cache.get_or_set(
        key, lambda: timezone.now().replace(microsecond=0), reports_cache.TIMEOUT
    )
    return token, seen


def etag_for(token: str, *parts) -> str:
    digest = hashlib.sha256("|".join([token, *map(str, parts)]).encode()).hexdigest()[:32]
    return f'"{digest}"'

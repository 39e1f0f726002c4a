"""Reads of supervision by risk: the profile of an institution, the worklist and the counts by
level. Every factor is decided in SQL on the annotations of ``profiles`` (one statement for any
number of institutions); the worklist and the dashboard read the day's snapshot of it."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from lks_registry.models import DEREGISTERED_STATUSES, InstitutionKind
from lks_registry.selectors import missing_documents_count
from reports.metrics import Filters, institutions_on, open_concerns
from risk.factors import CHILD_SAFETY_CATEGORIES, FACTORS, FACTORS_BY_CODE
from risk.models import RiskFactor, RiskLevel, RiskRow, RiskSettings
from supervision.models import MonitoringVisit, PlannedVisit
from supervision.selectors import warnings_in_force

#: The values a row keeps for its reasons (risk.factors), besides score, level and factors.
VALUE_FIELDS = (
    "last_visit",
    "warnings_in_force",
    "warning_level",
    "open_concerns",
    "child_safety_concerns",
    "permit_valid_until",
    "registration_valid_until",
    "documents_missing",
    "fields_missing",
)


def weights() -> dict:
    """{factor code: points} of the factors that count."""
    return dict(RiskFactor.objects.filter(is_active=True).values_list("code", "weight"))


def risk_level(score: int, settings: RiskSettings) -> str:
    """The one rule of the level: tinggi from ``high_from`` points, sedang from ``medium_from``,
    else rendah. ``level_expression`` is the same rule in SQL; a test keeps them in step."""
    if score >= settings.high_from:
        return RiskLevel.HIGH
    if score >= settings.medium_from:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def level_expression(score, settings: RiskSettings):
    return Case(
        When(Q(score__gte=settings.high_from), then=Value(RiskLevel.HIGH.value)),
        When(Q(score__gte=settings.medium_from), then=Value(RiskLevel.MEDIUM.value)),
        default=Value(RiskLevel.LOW.value),
        output_field=CharField(),
    )


def _count(queryset):
    """The number of rows of a subquery correlated with the outer institution."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def profiles(day: datetime.date, pks=None, weights_by_code=None, settings=None):
    """Every institution still on the register on the day (not revoked or closed then), with
    the values its factors read, ``score``, ``level`` and ``factors`` (the codes that apply), as
    of the day: the same annotations as the dashboard's counts (reports.metrics.institutions_on).
    """
    filters = Filters(day=day)
    weights_by_code = weights() if weights_by_code is None else weights_by_code
    settings = settings or RiskSettings.current()
    in_force = warnings_in_force(day).filter(institution=OuterRef("pk"))
    concerns = open_concerns(filters).filter(institution=OuterRef("pk"))
    last_visit = MonitoringVisit.objects.filter(
        institution=OuterRef("pk"), visited_on__lte=day
    ).order_by("-visited_on")
    rows = (
        institutions_on(filters)
        .exclude(status_on__in=DEREGISTERED_STATUSES)
        .annotate(
            last_visit=Subquery(last_visit.values("visited_on")[:1]),
            warnings_in_force=_count(in_force),
            warning_level=Subquery(
                in_force.order_by().annotate(top=Func(F("level"), function="MAX")).values("top")
            ),
            children_in_danger=Exists(in_force.filter(children_in_danger=True)),
            open_concerns=_count(concerns),
            child_safety_concerns=Case(
                When(
                    kind=InstitutionKind.LKSA,
                    then=_count(concerns.filter(category__in=CHILD_SAFETY_CATEGORIES)),
                ),
                default=Value(0),
            ),
            documents_missing=missing_documents_count(filters.end),
            fields_missing=Func(
                F("incomplete_fields"), function="jsonb_array_length", output_field=IntegerField()
            ),
        )
    )
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    counted = [factor for factor in FACTORS if factor.code in weights_by_code]
    score = sum(
        (
            Case(
                When(factor.condition(day), then=Value(weights_by_code[factor.code])),
                default=Value(0),
            )
            for factor in counted
        ),
        Value(0),
    )
    applying = Func(
        *[
            Case(When(factor.condition(day), then=Value(factor.code)), default=Value(None))
            for factor in counted
        ]
        or [Value(None)],
        function="ARRAY",
        template="%(function)s[%(expressions)s]::varchar[]",
        output_field=ArrayField(CharField()),
    )
    return rows.annotate(
        score=score,
        factors=Func(
            applying, Value(None), function="array_remove", output_field=applying.output_field
        ),
    ).annotate(level=level_expression(F("score"), settings))


# --- One institution's profile (its detail page).


@dataclass
class Contribution:
    code: str
    name: str
    weight: int
    reason: str
    remedy: str
    level_without: str  # the level once this factor is taken away

    @property
    def level_without_label(self):
        return RiskLevel(self.level_without).label


@dataclass
class Profile:
    day: datetime.date
    score: int
    level: str
    contributions: list

    @property
    def level_label(self):
        return RiskLevel(self.level).label


def contributions(row, day, weights_by_code, settings) -> list:
    found = []
    for code in row.factors:
        factor = FACTORS_BY_CODE[code]
        weight = weights_by_code[code]
        found.append(
            Contribution(
                code=code,
                name=factor.code.label,
                weight=weight,
                reason=factor.reason(row, day),
                remedy=str(factor.remedy),
                level_without=risk_level(row.score - weight, settings),
            )
        )
    found.sort(key=lambda c: (-c.weight, c.code))
    return found


def institution_profile(institution, day: datetime.date) -> Profile | None:
    """The institution's risk on the day, computed directly (not from a snapshot), or None when
    it was no longer on the register (revoked or closed)."""
    weights_by_code, settings = weights(), RiskSettings.current()
    row = (
        profiles(day, pks=[institution.pk], weights_by_code=weights_by_code, settings=settings)
        .only("pk")
        .first()
    )
    if row is None:
        return None
    return Profile(day, row.score, row.level, contributions(row, day, weights_by_code, settings))


# --- The worklist and the counts, on the day's snapshot (risk.services.snapshot_for).


def worklist(
    snapshot, *, kecamatan_id=None, kind=None, factor=None, level=None, target_group_id=None
):
    """The day's rows by score (highest first), then name, with the next planned visit."""
    rows = RiskRow.objects.filter(snapshot=snapshot)
    if kecamatan_id:
        rows = rows.filter(kecamatan_id=kecamatan_id)
    if kind:
        rows = rows.filter(kind=kind)
    if factor:
        rows = rows.filter(factors__contains=[factor])
    if level:
        rows = rows.filter(level=level)
    if target_group_id:
        rows = rows.filter(institution__target_groups=target_group_id)
    return rows.order_by(F("score").desc(), "name", "institution_id")


def next_planned_visits(institution_ids) -> dict:
    """{institution id: the date of its next planned visit not yet made}, in one query (for a
    page of the worklist: a subquery per row would run for every row the page count reads)."""
    plans = (
        PlannedVisit.objects.filter(
            institution_id__in=list(institution_ids), done_visit__isnull=True
        )
        .order_by("institution_id", "planned_on")
        .distinct("institution_id")
        .values_list("institution_id", "planned_on")
    )
    return dict(plans)


def level_counts(snapshot, *, kecamatan_id=None, kind=None, target_group_id=None) -> dict:
    """{kecamatan id: {level: number}} and the totals under None, in one query."""
    rows = RiskRow.objects.filter(snapshot=snapshot)
    if kecamatan_id:
        rows = rows.filter(kecamatan_id=kecamatan_id)
    if kind:
        rows = rows.filter(kind=kind)
    if target_group_id:
        rows = rows.filter(institution__target_groups=target_group_id)
    counts = {None: dict.fromkeys(RiskLevel.values, 0)}
    grouped = rows.order_by().values_list("kecamatan_id", "level").annotate(n=Count("pk"))
    for kecamatan, level, n in grouped:
        counts.setdefault(kecamatan, dict.fromkeys(RiskLevel.values, 0))[level] += n
        counts[None][level] += n
    return counts


def row_reasons(row, day, weights_by_code) -> list[str]:
    """The reasons of a snapshot row, heaviest factor first (lists and exports)."""
    codes = sorted(row.factors, key=lambda code: (-weights_by_code.get(code, 0), code))
    return [FACTORS_BY_CODE[code].reason(row, day) for code in codes]

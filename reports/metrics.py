"""Every number on the dashboard, computed here and nowhere else, each with its definition.

All counts are "as of" a day and computed from the recorded history, not from a nightly copy:
- operating status on a day: from the status-change rows (StatusChange), else today's status;
- a case's state on a day: from its event rows (CaseEvent);
- a concern's or field finding's status on a day: from their audit history (simple-history);
- an application waiting on a day: from its rounds (sent, and not yet decided that day).

Institution counts are one aggregate query over an annotated queryset; a number's list is the same
queryset filtered by the same condition, so the list and the number always agree."""

import datetime
from collections import namedtuple
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models import (
    IN_PROCESS_STATES,
    AccreditationCase,
    CaseEvent,
    CaseState,
)
from accreditation.selectors import (
    accreditation_annotations,
    accreditation_expired,
    accreditation_expiring,
    add_months,
    expiring_horizon,
    never_applied_on,
)
from applications.models import ApplicationRound
from applications.selectors import late_sent_before
from lks_registry.models import (
    Institution,
    InstitutionKind,
    OperatingStatus,
    RegistrationState,
    StatusChange,
    registration_state,
)
from supervision.models import (
    Concern,
    ConcernStatus,
    FieldFinding,
    FindingStatus,
    MonitoringVisit,
)
from supervision.selectors import warnings_in_force, yearly_visit_q


@dataclass(frozen=True)
class Filters:
    day: datetime.date
    kecamatan_id: int | None = None
    target_group_id: int | None = None
    kind: str | None = None

    @property
    def end(self) -> datetime.datetime:
        """The end of the day in Asia/Jakarta: everything recorded up to then counts."""
        start = datetime.datetime.combine(self.day + datetime.timedelta(days=1), datetime.time())
        return timezone.make_aware(start)

    @cached_property
    def expiring_horizon(self) -> datetime.date:
        """ "Expiring" means ending by this day (months from the settings, default 6)."""
        return expiring_horizon(self.day)

    def as_query(self) -> dict:
        query = {"as_of": self.day.isoformat()}
        if self.kecamatan_id:
            query["kecamatan"] = self.kecamatan_id
        if self.target_group_id:
            query["target_group"] = self.target_group_id
        if self.kind:
            query["kind"] = self.kind
        return query


# --- Institutions as they stood on the day.


def institutions_in_scope(filters: Filters):
    """The institutions the filters ask about (kecamatan, LKS/LKSA, service type)."""
    queryset = Institution.objects.all()
    if filters.kecamatan_id:
        queryset = queryset.filter(kecamatan_id=filters.kecamatan_id)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.target_group_id:
        queryset = queryset.filter(target_groups=filters.target_group_id)
    return queryset


def institutions_on(filters: Filters):
    """Institutions in scope with what was true of them on the day, as annotations."""
    day, end = filters.day, filters.end
    status_before = StatusChange.objects.filter(
        institution=OuterRef("pk"), changed_at__lt=end
    ).order_by("-changed_at", "-pk")
    status_after = StatusChange.objects.filter(
        institution=OuterRef("pk"), changed_at__gte=end
    ).order_by("changed_at", "pk")
    latest_event = CaseEvent.objects.filter(case__institution=OuterRef("pk"), at__lt=end).order_by(
        "-at", "-pk"
    )
    return institutions_in_scope(filters).annotate(
        status_on=Coalesce(
            Subquery(status_before.values("new_status")[:1]),
            Subquery(status_after.values("old_status")[:1]),
            F("operating_status"),
        ),
        **accreditation_annotations(day),
        case_state_on=Subquery(latest_event.values("to_state")[:1]),
        visited_this_year=Exists(
            MonitoringVisit.objects.filter(yearly_visit_q(day), institution=OuterRef("pk"))
        ),
        warned=Exists(warnings_in_force(day).filter(institution=OuterRef("pk"))),
        # Completeness as the record is now (lks_registry's "data belum lengkap" mark).
        incomplete=ExpressionWrapper(~Q(incomplete_fields=[]), output_field=BooleanField()),
    )


FACT_FIELDS = (
    "pk",
    "name",
    "kecamatan_id",
    "kind",
    "registration_number",
    "registered_on",
    "registration_valid_until",
    "permit_valid_until",
    "status_on",
    "grade_on",
    "grade_valid_until",
    "case_state_on",
    "ever_applied",
    "had_grade",
    "visited_this_year",
    "warned",
    "incomplete",
    "group_ids",
)
Fact = namedtuple("Fact", FACT_FIELDS)


def facts(filters: Filters, pks=None) -> list:
    """What was true of each institution on the day, one row each, in one query ordered by name
    (only the institutions ``pks`` when given: reports.cache keeps the rows up to date that way).
    The subqueries run once per institution; every count and every list is then decided on
    these rows by the same predicate, so a number and its list cannot disagree."""
    return list(iter_facts(filters, pks))


def iter_facts(filters: Filters, pks=None, chunk_size=None):
    """``facts`` one row at a time; with ``chunk_size``, read through a server-side cursor in
    chunks, so a full download of the register streams in constant memory."""
    groups = ArraySubquery(
        Institution.target_groups.through.objects.filter(institution_id=OuterRef("pk")).values(
            "targetgroup_id"
        )
    )
    rows = institutions_on(filters).annotate(group_ids=groups).order_by("name", "pk")
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    values = rows.values_list(*FACT_FIELDS)
    if chunk_size:
        values = values.iterator(chunk_size=chunk_size)
    for row in values:
        yield Fact(*row)


@dataclass(frozen=True)
class Metric:
    key: str
    label: object
    definition: object
    applies: object  # predicate (filters, fact) -> bool


def _registration_state(f, r) -> str:
    return registration_state(
        registration_number=r.registration_number,
        registered_on=r.registered_on,
        valid_until=r.registration_valid_until,
        status=r.status_on,
        day=f.day,
    )


def _registered(f, r) -> bool:
    return _registration_state(f, r) == RegistrationState.VALID


def _within(day, start, end) -> bool:
    return day is not None and start <= day <= end


INSTITUTION_METRICS = [
    Metric(
        "registered",
        _("Registered"),
        _(
            "Holds a tanda daftar valid on the day (issued on or before it, validity not ended) and was neither revoked nor closed on it."
        ),
        _registered,
    ),
    Metric(
        "active",
        _("Active"),
        _("Registered, and its operating status on the day was active."),
        lambda f, r: _registered(f, r) and r.status_on == OperatingStatus.ACTIVE,
    ),
    Metric(
        "inactive",
        _("Inactive"),
        _("Registered, not operating on the day."),
        lambda f, r: _registered(f, r) and r.status_on == OperatingStatus.INACTIVE,
    ),
    Metric(
        "suspended",
        _("Suspended"),
        _("Registered, suspended on the day."),
        lambda f, r: _registered(f, r) and r.status_on == OperatingStatus.SUSPENDED,
    ),
    Metric(
        "revoked",
        _("Revoked"),
        _("Had a tanda daftar, revoked on the day (no longer registered)."),
        lambda f, r: (
            _registration_state(f, r) == RegistrationState.DEREGISTERED
            and r.status_on == OperatingStatus.REVOKED
        ),
    ),
    Metric(
        "accredited",
        _("Accredited"),
        _("Registered, with a BALKS grade A, B or C whose validity includes the day."),
        lambda f, r: _registered(f, r) and r.grade_on is not None,
    ),
    *[
        Metric(
            f"grade_{code.lower()}",
            _("Grade %(grade)s") % {"grade": code},
            _("Accredited with grade %(grade)s on the day.") % {"grade": code},
            lambda f, r, code=code: _registered(f, r) and r.grade_on == code,
        )
        for code in ("A", "B", "C")
    ],
    Metric(
        "active_accredited",
        _("Active with a valid grade"),
        _(
            "Active on the day and accredited (any grade): the share of active institutions is the progress to the target."
        ),
        lambda f, r: (
            _registered(f, r) and r.status_on == OperatingStatus.ACTIVE and r.grade_on is not None
        ),
    ),
    Metric(
        "active_grade_a",
        _("Active with grade A"),
        _("Active on the day and accredited with grade A: the city's target is every LKS."),
        lambda f, r: (
            _registered(f, r) and r.status_on == OperatingStatus.ACTIVE and r.grade_on == "A"
        ),
    ),
    Metric(
        "in_preparation",
        _("In preparation"),
        _("Registered, with an open case before the Dinsos recommendation on the day."),
        lambda f, r: _registered(f, r) and r.case_state_on == CaseState.PREPARING,
    ),
    Metric(
        "in_process",
        _("In process"),
        _(
            "Registered, with an open case from the Dinsos recommendation up to the BALKS decision, including a case returned for completion."
        ),
        lambda f, r: _registered(f, r) and r.case_state_on in IN_PROCESS_STATES,
    ),
    *[
        Metric(
            f"state_{state}",
            CaseState(state).label,
            _("Registered, with its open case in this state on the day."),
            lambda f, r, state=state: _registered(f, r) and r.case_state_on == state,
        )
        for state in IN_PROCESS_STATES
    ],
    Metric(
        "never_applied",
        _("Never applied"),
        _("Registered, and no accreditation case opened on or before the day."),
        lambda f, r: _registered(f, r) and never_applied_on(ever_applied=r.ever_applied),
    ),
    Metric(
        "accreditation_expiring",
        _("Accreditation expiring"),
        _("Accredited, and the validity ends within the set number of months (default 6)."),
        lambda f, r: (
            _registered(f, r)
            and accreditation_expiring(
                grade_valid_until=r.grade_valid_until, day=f.day, horizon=f.expiring_horizon
            )
        ),
    ),
    Metric(
        "accreditation_expired",
        _("Accreditation expired"),
        _("Registered, had a grade before, and holds no valid grade on the day."),
        lambda f, r: (
            _registered(f, r) and accreditation_expired(had_grade=r.had_grade, grade_on=r.grade_on)
        ),
    ),
    Metric(
        "registration_expiring",
        _("Tanda daftar expiring"),
        _("Registered, and the tanda daftar ends within the set number of months."),
        lambda f, r: (
            _registered(f, r) and _within(r.registration_valid_until, f.day, f.expiring_horizon)
        ),
    ),
    Metric(
        "registration_lapsed",
        _("Registration lapsed (daftar ulang due)"),
        _(
            "Had a tanda daftar whose validity ended before the day, with no renewal; not revoked or closed. Not counted as registered."
        ),
        lambda f, r: _registration_state(f, r) == RegistrationState.LAPSED,
    ),
    Metric(
        "registered_incomplete",
        _("Registered, data incomplete"),
        _(
            "Registered on the day, with the record still marked “data belum lengkap” (some "
            "field the register asks for is empty, e.g. after an import); as the record is now."
        ),
        lambda f, r: _registered(f, r) and r.incomplete,
    ),
    Metric(
        "permit_expiring",
        _("LKSA permit expiring"),
        _("Registered LKSA whose operating permit ends within the set number of months."),
        lambda f, r: (
            _registered(f, r)
            and r.kind == InstitutionKind.LKSA
            and _within(r.permit_valid_until, f.day, f.expiring_horizon)
        ),
    ),
    Metric(
        "lksa_not_visited",
        _("LKSA not visited in 12 months"),
        _("Registered LKSA without a monitoring visit in the 365 days up to the day."),
        lambda f, r: (
            _registered(f, r) and r.kind == InstitutionKind.LKSA and not r.visited_this_year
        ),
    ),
    Metric(
        "warned",
        _("With written warnings"),
        _(
            "Registered, with a written warning in force on the day (issued by then, in a round "
            "of warnings not closed by then)."
        ),
        lambda f, r: _registered(f, r) and r.warned,
    ),
]
INSTITUTION_METRIC_KEYS = {metric.key: metric for metric in INSTITUTION_METRICS}


def _empty_counts() -> dict:
    return dict.fromkeys(INSTITUTION_METRIC_KEYS, 0)


def empty_institution_counts() -> dict:
    return {"total": _empty_counts(), "kecamatan": {}, "target_groups": {}}


def count_row(counts: dict, filters: Filters, row, step: int = 1) -> None:
    """Adds one facts row to the counts (or takes it away again with step=-1)."""
    kecamatan = counts["kecamatan"].setdefault(row.kecamatan_id, _empty_counts())
    groups = [counts["target_groups"].setdefault(g, _empty_counts()) for g in row.group_ids]
    for metric in INSTITUTION_METRICS:
        if metric.applies(filters, row):
            counts["total"][metric.key] += step
            kecamatan[metric.key] += step
            for group in groups:
                group[metric.key] += step


def institution_counts(filters: Filters, rows=None) -> dict:
    """{"total": counts, "kecamatan": {id: counts}, "target_groups": {id: counts}}: a kecamatan
    or service type is there when at least one institution in scope has it."""
    rows = facts(filters) if rows is None else rows
    counts = empty_institution_counts()
    for row in rows:
        count_row(counts, filters, row)
    return counts


def metric_rows(key: str, filters: Filters, rows=None) -> list:
    """The facts rows a number counts, by name: the same predicate as the count."""
    metric = INSTITUTION_METRIC_KEYS[key]
    rows = facts(filters) if rows is None else rows
    return [row for row in rows if metric.applies(filters, row)]


# --- Work coming from outside: applications, concerns, field findings.


def waiting_rounds(filters: Filters):
    rounds = ApplicationRound.objects.filter(submitted_at__lt=filters.end).filter(
        Q(decided_at__isnull=True) | Q(decided_at__gte=filters.end)
    )
    if filters.kecamatan_id:
        rounds = rounds.filter(application__kelurahan__kecamatan_id=filters.kecamatan_id)
    return rounds.select_related("application__kelurahan__kecamatan").order_by("submitted_at")


def _status_on(history_model, end):
    return Subquery(
        history_model.objects.filter(id=OuterRef("pk"), history_date__lt=end)
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )


def open_concerns(filters: Filters):
    concerns = (
        Concern.objects.filter(received_at__lt=filters.end)
        .annotate(status_on=_status_on(Concern.history.model, filters.end))
        .exclude(status_on=ConcernStatus.CLOSED)
    )
    if filters.kecamatan_id:
        concerns = concerns.filter(institution__kecamatan_id=filters.kecamatan_id)
    return concerns.select_related("institution").order_by("-received_at")


def open_findings(filters: Filters):
    findings = (
        FieldFinding.objects.filter(found_on__lte=filters.day)
        .annotate(status_on=_status_on(FieldFinding.history.model, filters.end))
        .filter(status_on=FindingStatus.OPEN)
    )
    if filters.kecamatan_id:
        findings = findings.filter(kecamatan_id=filters.kecamatan_id)
    return findings.select_related("kecamatan").order_by("-found_on")


OTHER_METRICS = {
    "applications_waiting": (
        _("Applications waiting for review"),
        _("Sent on or before the day and not decided by its end."),
        waiting_rounds,
    ),
    "applications_overdue": (
        _("Applications over the service standard"),
        _("Waiting, and sent more working days ago than the standard (default 14)."),
        lambda f: waiting_rounds(f).filter(submitted_at__lt=late_sent_before(f.day)),
    ),
    "open_concerns": (
        _("Open public concerns"),
        _("Received on or before the day and not closed on it."),
        open_concerns,
    ),
    "open_findings": (
        _("Unregistered institutions found, still open"),
        _("Field findings recorded on or before the day, neither registered nor closed on it."),
        open_findings,
    ),
}


def other_counts(filters: Filters) -> dict:
    """One count query each."""
    return {
        key: producer(filters).count()
        for key, (_label, _definition, producer) in OTHER_METRICS.items()
    }


# --- The dashboard as a whole.


def target_progress(counts: dict) -> dict:
    """Progress to the city's target, grade A for every LKS: shares of active institutions."""
    active = counts["active"]

    def share(part):
        return round(100 * part / active, 1) if active else 0.0

    return {
        "grade_a": share(counts["active_grade_a"]),
        "any_grade": share(counts["active_accredited"]),
    }


def monthly_trend(filters: Filters, months: int = 12) -> list[dict]:
    """Registrations and accreditation decisions (with a grade) per month, ending with the
    as-of month."""
    start = add_months(filters.day.replace(day=1), -(months - 1))
    # The trend needs no day-annotations: only the institutions in scope.
    registered = institutions_in_scope(filters).filter(
        registered_on__gte=start, registered_on__lte=filters.day
    )
    registrations = dict(
        registered.annotate(month=TruncMonth("registered_on"))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .values_list("month", "n")
    )
    decisions_qs = AccreditationCase.objects.filter(
        state=CaseState.DECIDED,
        grade__isnull=False,
        decided_on__gte=start,
        decided_on__lte=filters.day,
        institution__in=institutions_in_scope(filters).values("pk"),
    )
    decisions = dict(
        decisions_qs.annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    trend = []
    for offset in range(months):
        month = add_months(start, offset)
        trend.append(
            {
                "month": month,
                "registrations": registrations.get(month, 0),
                "accreditations": decisions.get(month, 0),
            }
        )
    return trend

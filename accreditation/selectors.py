"""Reads about accreditation. The current grade of an institution is decided here and nowhere
else, so lists, detail pages and the dashboard cannot disagree."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from accreditation.models import (
    AccreditationCase,
    AccreditationSettings,
    AssistanceSession,
    CaseState,
    Mentorship,
    ReadinessScore,
    Standard,
)
from lks_registry.models import Institution
from lks_registry.selectors import object_history, records_history


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def current_accreditations(institution_ids=None, day: datetime.date | None = None) -> dict:
    """{institution id: the decided case that gives its grade on the day}: the latest decision
    with a grade whose validity includes the day. One query."""
    day = day or timezone.localdate()
    cases = AccreditationCase.objects.valid_on(day).select_related("grade")
    if institution_ids is not None:
        cases = cases.filter(institution_id__in=institution_ids)
    cases = cases.order_by("institution_id", "-decided_on", "-pk").distinct("institution_id")
    return {case.institution_id: case for case in cases}


def current_accreditation(institution, day: datetime.date | None = None):
    return current_accreditations([institution.pk], day).get(institution.pk)


def days_left(case, day: datetime.date | None = None) -> int | None:
    if case is None or case.valid_until is None:
        return None
    return (case.valid_until - (day or timezone.localdate())).days


def possible_mentors(exclude=None):
    """Registered, active institutions with a valid accreditation today (the mentor rule of
    accreditation.services.mentor_refusal, as a query for the form's choices)."""
    today = timezone.localdate()
    mentors = (
        Institution.objects.active()
        .filter(pk__in=AccreditationCase.objects.valid_on(today).values("institution_id"))
        .order_by("name")
    )
    return mentors.exclude(pk=exclude.pk) if exclude is not None else mentors


def all_mentorships():
    return Mentorship.objects.select_related("mentor", "mentee").order_by(
        F("ended_on").desc(nulls_first=True), "-started_on", "-pk"
    )


def assistance_follow_ups_due(day: datetime.date | None = None):
    """Sessions whose follow-up date has come, with no later session for the institution."""
    day = day or timezone.localdate()
    later = AssistanceSession.objects.filter(
        institution=OuterRef("institution"), held_on__gt=OuterRef("held_on")
    )
    return (
        AssistanceSession.objects.filter(follow_up_on__lte=day)
        .filter(~Exists(later))
        .select_related("institution", "officer")
        .order_by("follow_up_on", "pk")
    )


@dataclass
class ReadinessLine:
    standard: Standard
    score: int | None
    percent: float | None
    below_target: bool
    note: str = ""
    target: int = 0

    @property
    def gap(self) -> float | None:
        """Percentage points still missing to the target (0 when reached)."""
        if self.percent is None:
            return float(self.target)
        return round(max(0.0, self.target - self.percent), 1)


@dataclass
class ReadinessProfile:
    lines: list
    weighted_percent: float | None
    target_percent: int

    @property
    def to_work_on(self):
        return [line.standard for line in self.lines if line.below_target]


def readiness_profile(case) -> ReadinessProfile:
    """Per standard: the score as a share of its range, and whether it is under the target that
    Dinsos set; plus the weighted total. Standards without a score count as to work on."""
    target = AccreditationSettings.current().readiness_target_percent
    scores = {
        s.standard_id: s
        for s in ReadinessScore.objects.filter(case=case).select_related("standard")
    }
    lines, weighted, weights = [], Decimal(0), Decimal(0)
    for standard in Standard.objects.all():
        reading = scores.get(standard.pk)
        percent = reading.percent if reading else None
        lines.append(
            ReadinessLine(
                standard,
                reading.score if reading else None,
                percent,
                percent is None or percent < target,
                reading.note if reading else "",
                target,
            )
        )
        if percent is not None:
            weighted += Decimal(str(percent)) * standard.weight
            weights += standard.weight
    total = round(float(weighted / weights), 1) if weights else None
    return ReadinessProfile(lines, total, target)


# --- Worklists: whom Dinsos should push next. Each rule is one predicate on the same
# annotations, called by the worklists here and by the dashboard (reports/metrics.py).


def expiring_horizon(day: datetime.date) -> datetime.date:
    """ "Expiring" means ending on or before this day (months from the settings, default 6)."""
    return add_months(day, AccreditationSettings.current().expiring_within_months)


def accreditation_annotations(day: datetime.date) -> dict:
    """What an institution's accreditation was on the day, as annotations of an Institution
    queryset: the valid grade (the same rule as `current_accreditations`), whether it ever held a
    grade, whether it ever opened a case."""
    valid_case = (
        AccreditationCase.objects.valid_on(day)
        .filter(institution=OuterRef("pk"))
        .order_by("-decided_on", "-pk")
    )
    return {
        "grade_on": Subquery(valid_case.values("grade__code")[:1]),
        "grade_valid_until": Subquery(valid_case.values("valid_until")[:1]),
        "ever_applied": Exists(
            AccreditationCase.objects.filter(institution=OuterRef("pk"), opened_on__lte=day)
        ),
        "had_grade": Exists(
            AccreditationCase.objects.filter(
                institution=OuterRef("pk"),
                state=CaseState.DECIDED,
                grade__isnull=False,
                decided_on__lte=day,
            )
        ),
    }


def accreditation_expiring(*, grade_valid_until, day, horizon) -> bool:
    """Holds a valid grade whose validity ends between the day and the horizon (both count)."""
    return grade_valid_until is not None and day <= grade_valid_until <= horizon


def accreditation_expired(*, had_grade, grade_on) -> bool:
    """Held a grade before and holds none valid on the day: re-accreditation due."""
    return bool(had_grade) and grade_on is None


def accreditation_expired_q() -> Q:
    """`accreditation_expired` as a filter on `accreditation_annotations`; a test keeps the two
    in step."""
    return Q(had_grade=True, grade_on__isnull=True)


def never_applied_on(*, ever_applied) -> bool:
    """No accreditation case opened on or before the day."""
    return not ever_applied


def _worklist_rows(day):
    last_grade = AccreditationCase.objects.filter(
        institution=OuterRef("pk"),
        state=CaseState.DECIDED,
        grade__isnull=False,
        decided_on__lte=day,
    ).order_by("-decided_on", "-pk")
    return list(
        Institution.objects.registered(day)
        .annotate(
            **accreditation_annotations(day),
            last_grade=Subquery(last_grade.values("grade__code")[:1]),
            last_grade_until=Subquery(last_grade.values("valid_until")[:1]),
        )
        .select_related("kecamatan")
        .order_by("name", "pk")
    )


def expiring_accreditations(day: datetime.date | None = None) -> list:
    """Registered institutions whose valid grade ends within the horizon, soonest first."""
    day = day or timezone.localdate()
    horizon = expiring_horizon(day)
    rows = [
        row
        for row in _worklist_rows(day)
        if accreditation_expiring(grade_valid_until=row.grade_valid_until, day=day, horizon=horizon)
    ]
    return sorted(rows, key=lambda row: row.grade_valid_until)


def expired_accreditations(day: datetime.date | None = None) -> list:
    """Registered institutions whose grade has run out and that hold no valid one."""
    day = day or timezone.localdate()
    rows = [
        row
        for row in _worklist_rows(day)
        if accreditation_expired(had_grade=row.had_grade, grade_on=row.grade_on)
    ]
    return sorted(rows, key=lambda row: row.last_grade_until)


def never_applied(day: datetime.date | None = None) -> list:
    day = day or timezone.localdate()
    return [row for row in _worklist_rows(day) if never_applied_on(ever_applied=row.ever_applied)]


def stuck_cases(now=None):
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=AccreditationSettings.current().stuck_after_days)
    return (
        AccreditationCase.objects.open()
        .filter(state_changed_at__lt=limit)
        .select_related("institution__kecamatan")
        .order_by("state_changed_at")
    )


def case_history(case):
    """The audit trail of a case with every change of its readiness scores, newest first."""
    names = {standard.pk: str(standard) for standard in Standard.objects.all()}
    scores = records_history(
        ReadinessScore.history.filter(case_id=case.pk),
        ReadinessScore,
        lambda record: f"{ReadinessScore._meta.verbose_name}: {names.get(record.standard_id, '')}",
    )
    entries = object_history(case) + scores
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries

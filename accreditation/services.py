"""The accreditation state machine: every transition is a row of TRANSITIONS, and
case_transition() is the one function that changes a case's state — it checks the guards, applies
the data, saves and writes the event, all in one transaction with the case row locked."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accreditation.models import (
    OPEN_STATES,
    AccreditationCase,
    AssistanceSession,
    CaseEvent,
    CaseState,
    Mentorship,
    ReadinessScore,
)
from accreditation.selectors import current_accreditation
from lks_registry.models import OperatingStatus

WORK_ON_CASES = "accreditation.change_accreditationcase"
OPEN_CASES = "accreditation.add_accreditationcase"
RECOMMEND = "accreditation.recommend_case"
DECIDE = "accreditation.decide_case"

CASE_CHANGED = _(
    "Someone else changed this case after you opened it; it is now “%(state)s”. Nothing was "
    "applied: look at the case again before you continue."
)
WRONG_STATE = _("This step is not possible while the case is “%(state)s”.")
NO_PERMISSION = _("Your role may not take this step.")
MISSING_DATA = _("Fill in before this step: %(fields)s.")
NOTE_REQUIRED = _("Write a note that explains this step.")
NOT_REGISTERED_AND_ACTIVE = _("Only a registered, active institution can be recommended.")
CERTIFICATE_REQUIRED = _("A grade needs its certificate number.")
ALREADY_OPEN = _("This institution already has an open accreditation case.")
MENTOR_NOT_ACCREDITED = _("Only an institution with a valid accreditation can be a mentor.")
MENTOR_NOT_ACTIVE = _(
    "Only a registered, active institution can be a mentor; this one is “%(status)s”."
)
MENTOR_IS_MENTEE = _("An institution cannot mentor itself.")
MENTORSHIP_ALREADY_ENDED = _("This mentorship has already ended.")
END_REASON_REQUIRED = _("Write why the mentorship ends.")
READINESS_FROZEN = _(
    "The readiness scores of a case that is “%(state)s” are kept as they were; they can no "
    "longer be changed."
)


def _stage_start(day, at=None):
    """The start of the entered day (Asia/Jakarta); when no past or present day is given, the
    moment the step is recorded (at, default now)."""
    if day is None or day > timezone.localdate():
        return at or timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class TransitionError(Exception):
    def __init__(self, message, field_errors=None):
        super().__init__(str(message))
        self.message = message
        self.field_errors = field_errors or {}


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: tuple
    target: str | None  # None: back to the state the case was returned from
    permission: str
    fields: tuple = ()
    required: tuple = ()
    note_required: bool = False
    # The date field whose day the new stage started on ("days in this stage" counts from the
    # dates entered, not from when the step was recorded); empty: the moment it is recorded.
    since: str = ""


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition(
            "recommend",
            _("Issue the Dinsos recommendation"),
            (CaseState.PREPARING,),
            CaseState.RECOMMENDED,
            RECOMMEND,
            fields=("recommendation_number", "recommendation_date"),
            required=("recommendation_number", "recommendation_date"),
            since="recommendation_date",
        ),
        Transition(
            "submit",
            _("Record the application to BALKS"),
            (CaseState.RECOMMENDED,),
            CaseState.SUBMITTED,
            WORK_ON_CASES,
            fields=("submitted_on",),
            required=("submitted_on",),
            since="submitted_on",
        ),
        Transition(
            "start_assessment",
            _("BALKS assesses the documents"),
            (CaseState.SUBMITTED,),
            CaseState.ASSESSMENT,
            WORK_ON_CASES,
        ),
        Transition(
            "schedule_visit",
            _("Record the site visit schedule"),
            (CaseState.ASSESSMENT,),
            CaseState.VISIT,
            WORK_ON_CASES,
            fields=("visit_scheduled_on", "assessors"),
            required=("visit_scheduled_on",),
        ),
        Transition(
            "decide",
            _("Record the BALKS decision"),
            (CaseState.VISIT,),
            CaseState.DECIDED,
            DECIDE,
            fields=("visit_held_on", "grade", "certificate_number", "decided_on", "legal_basis"),
            required=("visit_held_on", "decided_on", "legal_basis"),
            since="decided_on",
        ),
        Transition(
            "return_case",
            _("Return as incomplete"),
            (CaseState.RECOMMENDED, CaseState.SUBMITTED, CaseState.ASSESSMENT, CaseState.VISIT),
            CaseState.RETURNED,
            WORK_ON_CASES,
            note_required=True,
        ),
        Transition("resume", _("Resume"), (CaseState.RETURNED,), None, WORK_ON_CASES),
        Transition(
            "withdraw",
            _("Withdraw the case"),
            OPEN_STATES,
            CaseState.WITHDRAWN,
            WORK_ON_CASES,
            note_required=True,
        ),
    )
}


def available_transitions(case, user) -> list[Transition]:
    """The steps this user may take on this case now (the case page shows only these)."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if case.state in transition.sources and user.has_perm(transition.permission)
    ]


def _state_before_return(case) -> str:
    event = case.events.filter(to_state=CaseState.RETURNED).order_by("-at", "-pk").first()
    return event.from_state if event else CaseState.PREPARING


@transaction.atomic
def case_transition(
    *,
    case_id: int,
    name: str,
    user,
    expected_state: str,
    note: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> AccreditationCase:
    """at: when the step happened, for a step recorded afterwards (a back-filled past case, the
    demo city); default now. Every rule applies all the same."""
    transition = TRANSITIONS[name]
    case = (
        AccreditationCase.objects.select_for_update().select_related("institution").get(pk=case_id)
    )
    if case.state != expected_state:
        raise TransitionError(CASE_CHANGED % {"state": case.get_state_display()})
    if case.state not in transition.sources:
        raise TransitionError(WRONG_STATE % {"state": case.get_state_display()})
    if not user.has_perm(transition.permission):
        raise TransitionError(NO_PERMISSION)
    if transition.note_required and not note.strip():
        raise TransitionError(NOTE_REQUIRED)
    for field_name, value in (data or {}).items():
        if field_name in transition.fields:
            setattr(case, field_name, value)
    missing = [
        str(case._meta.get_field(f).verbose_name)
        for f in transition.required
        if getattr(case, f) in (None, "")
    ]
    if missing:
        raise TransitionError(MISSING_DATA % {"fields": ", ".join(missing)})
    institution = case.institution
    if name == "recommend" and not (
        institution.is_registered and institution.operating_status == OperatingStatus.ACTIVE
    ):
        raise TransitionError(NOT_REGISTERED_AND_ACTIVE)
    if name == "decide" and case.grade_id and not case.certificate_number:
        raise TransitionError(CERTIFICATE_REQUIRED, {"certificate_number": [CERTIFICATE_REQUIRED]})
    try:
        case.full_clean()
    except ValidationError as error:
        raise TransitionError(
            _("Some data are not right; see the marked fields."), error.message_dict
        ) from error

    from_state = case.state
    case.state = transition.target or _state_before_return(case)
    case.state_changed_at = _stage_start(getattr(case, transition.since, None), at)
    if case.state == CaseState.DECIDED:
        case.valid_until = case.compute_valid_until()
    case.save()
    CaseEvent.objects.create(
        case=case,
        from_state=from_state,
        to_state=case.state,
        actor=user,
        note=note.strip(),
        at=at or timezone.now(),
    )
    return case


def case_open(
    *,
    institution,
    user,
    note: str = "",
    state=CaseState.PREPARING,
    at: datetime.datetime | None = None,
) -> AccreditationCase:
    """Open a new case. The database allows one open case per institution, so two people opening
    one at the same time cannot both succeed. An accredited institution may open one before its
    grade expires (re-accreditation); the valid grade stays until the new decision. at: when it
    was opened, for a case recorded afterwards (default now)."""
    at = at or timezone.now()
    try:
        with transaction.atomic():
            case = AccreditationCase.objects.create(
                institution=institution,
                state=state,
                opened_on=timezone.localdate(at),
                state_changed_at=at,
            )
            CaseEvent.objects.create(
                case=case, from_state="", to_state=state, actor=user, note=note, at=at
            )
    except IntegrityError as error:
        raise TransitionError(ALREADY_OPEN) from error
    return case


@transaction.atomic
def readiness_save(*, case, scores: dict) -> None:
    """scores: {standard: (score, note)}; each score is checked against its standard's range.
    Once the case is decided or withdrawn its scores are frozen (what BALKS was shown). Each
    change is kept in the audit trail (ReadinessScore history, shown on the case)."""
    case = AccreditationCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise TransitionError(READINESS_FROZEN % {"state": case.get_state_display()})
    errors = {}
    for standard, (score, note) in scores.items():
        reading = ReadinessScore.objects.filter(case=case, standard=standard).first() or (
            ReadinessScore(case=case, standard=standard)
        )
        if reading.pk and (reading.score, reading.note) == (score, note):
            continue
        reading.score, reading.note = score, note
        try:
            reading.full_clean()
        except ValidationError as error:
            errors[standard.code] = error.messages
            continue
        reading.save()
    if errors:
        transaction.set_rollback(True)
        raise TransitionError(_("Some scores are outside their range."), errors)


def assistance_log(*, institution, case, officer, **fields) -> AssistanceSession:
    """Assistance logged for an institution belongs to its open case when it has one, so the
    case shows every session whichever page it was logged from."""
    if case is None:
        case = institution.accreditation_cases.open().first()
    session = AssistanceSession(institution=institution, case=case, officer=officer, **fields)
    session.full_clean()
    session.save()
    return session


def mentor_refusal(mentor, mentee):
    """Why this institution cannot mentor that one, or None: a mentor is registered, active,
    holds a valid accreditation and is not the mentee itself."""
    if mentee is not None and mentor.pk == mentee.pk:
        return MENTOR_IS_MENTEE
    if not (mentor.is_registered and mentor.operating_status == OperatingStatus.ACTIVE):
        return MENTOR_NOT_ACTIVE % {"status": mentor.get_operating_status_display()}
    if current_accreditation(mentor) is None:
        return MENTOR_NOT_ACCREDITED
    return None


def mentorship_add(*, mentor, mentee, note: str = "", started_on=None) -> Mentorship:
    refusal = mentor_refusal(mentor, mentee)
    if refusal:
        raise TransitionError(refusal)
    mentorship = Mentorship(
        mentor=mentor, mentee=mentee, note=note, started_on=started_on or timezone.localdate()
    )
    try:
        mentorship.full_clean()
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    mentorship.save()
    return mentorship


@transaction.atomic
def mentorship_end(*, mentorship, ended_on, reason: str) -> Mentorship:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.ended_on:
        raise TransitionError(MENTORSHIP_ALREADY_ENDED)
    if not (reason or "").strip():
        raise TransitionError(END_REASON_REQUIRED, {"end_reason": [END_REASON_REQUIRED]})
    mentorship.ended_on, mentorship.end_reason = ended_on, reason.strip()
    try:
        mentorship.full_clean()
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages), error.message_dict) from error
    mentorship.save()
    return mentorship

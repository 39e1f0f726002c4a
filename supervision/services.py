"""Writes of supervision: concerns from the public, monitoring visits (planned and held), written
warnings in rounds, field findings and their timeline, and the rule that gates suspension,
revocation and closure by Dinsos of an LKSA."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicationStatus
from lks_registry.models import Institution, OperatingStatus, StatusGround
from lks_registry.services import new_reference
from lks_registry.upload_allowance import account_upload_allowance_check
from supervision.models import (
    Concern,
    ConcernNote,
    ConcernStatus,
    FieldFinding,
    FindingNote,
    FindingStatus,
    InstitutionMessage,
    MonitoringVisit,
    PlannedVisit,
    VisitDocument,
    WarningRound,
    WrittenWarning,
)

WARNINGS_FIRST = _(
    "An LKSA is suspended, closed by Dinsos or its registration revoked only after the third "
    "written warning, or at once when children are in danger: record the warning first."
)
LEVEL_ALREADY_GIVEN = _(
    "This round already has its %(level)s (letter %(letter)s of %(date)s). The next warning in "
    "this round is the %(next)s."
)
LEVEL_OUT_OF_ORDER = _(
    "Warnings come in order: the next one in this round is the %(next)s. A warning can skip a "
    "level only when children are in danger."
)
ROUND_COMPLETE = _(
    "This round already reached the third written warning. Close the round once the institution "
    "has remedied; a later breach then starts a new round at the first warning."
)
NO_OPEN_ROUND = _("This institution has no open round of written warnings.")
CLOSING_NOTE_REQUIRED = _("Describe how the institution remedied the breach.")
CLOSED_BEFORE_LAST_WARNING = _("A round cannot be closed before its last warning letter.")
DATED_BEFORE_EARLIER_WARNING = _(
    "A warning cannot be dated before the earlier warning of this round (letter %(letter)s of "
    "%(date)s)."
)
DATED_IN_CLOSED_ROUND = _(
    "This date falls in a round of warnings closed on %(date)s. A later breach starts a new "
    "round: date the warning after that day."
)


CONCERN_CLOSED = _("This concern is closed: it can no longer be changed.")
CONCERN_ACTION_REQUIRED = _("Describe the visit or action taken.")
CONCERN_NOTHING_CHANGED = _("Change the status or the institution, or write a note.")


def concern_submit(*, uploaded_file=None, content_type="", **fields) -> Concern:
    concern = Concern(reference=new_reference("ADU"), token=secrets.token_urlsafe(32), **fields)
    if uploaded_file:
        concern.attachment = uploaded_file
        concern.attachment_type = content_type
    concern.full_clean(exclude=["attachment", "token"])
    concern.save()
    return concern


@transaction.atomic
def concern_update(*, concern: Concern, user, status: str, institution, note: str) -> Concern:
    """One step of handling a concern: the new status (and the institution it is about), with
    its note appended to the timeline. A closed concern stays as it was closed."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    note = (note or "").strip()
    if concern.is_closed:
        raise ValidationError(CONCERN_CLOSED)
    if status in (ConcernStatus.FOLLOWED_UP, ConcernStatus.CLOSED) and not note:
        raise ValidationError({"note": CONCERN_ACTION_REQUIRED})
    status_changed = status != concern.status
    if not (status_changed or note or institution != concern.institution):
        raise ValidationError(CONCERN_NOTHING_CHANGED)
    concern.status = status
    concern.institution = institution
    concern.full_clean(exclude=["attachment", "token"])
    concern.save()
    if status_changed or note:
        ConcernNote.objects.create(
            concern=concern, author=user, text=note, status=status if status_changed else ""
        )
    return concern


# --- Monitoring visits.


@transaction.atomic
def monitoring_visit_record(*, institution, user, plan=None, **fields) -> MonitoringVisit:
    """A visit that took place (never in the future). It fulfils the given plan, or else the
    earliest open plan for the institution."""
    visit = MonitoringVisit(institution=institution, recorded_by=user, **fields)
    visit.full_clean()
    visit.save()
    plan = plan or institution.planned_visits.filter(done_visit__isnull=True).first()
    if plan is not None:
        plan.done_visit = visit
        plan.save(update_fields=["done_visit"])
    return visit


@transaction.atomic
def visit_document_add(*, visit, uploaded_file, content_type, user) -> VisitDocument:
    account_upload_allowance_check(user=user, size=uploaded_file.size)
    return VisitDocument.objects.create(
        visit=visit,
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=user,
    )


def institution_message_send(*, institution, subject, body, user) -> InstitutionMessage:
    message = InstitutionMessage(institution=institution, subject=subject, body=body, sent_by=user)
    message.full_clean()
    message.save()
    return message


PLANNED_IN_PAST = _("A planned visit is for today or later; a visit that happened is recorded.")


def planned_visit_add(*, institution, planned_on, officer, note="") -> PlannedVisit:
    if planned_on and planned_on < timezone.localdate():
        raise ValidationError({"planned_on": PLANNED_IN_PAST})
    plan = PlannedVisit(institution=institution, planned_on=planned_on, officer=officer, note=note)
    plan.full_clean()
    plan.save()
    return plan


# --- Written warnings.


def open_round(institution):
    return institution.warning_rounds.filter(closed_on__isnull=True).first()


def next_warning_level(institution) -> int:
    """The level the ladder expects next in the open round (the form's default)."""
    current = open_round(institution)
    highest = max((w.level for w in current.warnings.all()), default=0) if current else 0
    return min(highest + 1, WrittenWarning.Level.THIRD)


def warning_refusal(institution, level: int, children_in_danger: bool):
    """The warning ladder (Permensos 30/HUK/2011): first, then second, then third, each once per
    round; a level may be skipped only when children are in danger. None when allowed."""
    current = open_round(institution)
    given = {w.level: w for w in current.warnings.all()} if current else {}
    highest = max(given, default=0)
    if highest == WrittenWarning.Level.THIRD:
        return ROUND_COMPLETE
    next_level = WrittenWarning.Level(highest + 1).label
    if level in given:
        earlier = given[level]
        return LEVEL_ALREADY_GIVEN % {
            "level": earlier.get_level_display().lower(),
            "letter": earlier.letter_number or "—",
            "date": earlier.issued_on.strftime("%d-%m-%Y"),
            "next": str(next_level).lower(),
        }
    if level < highest or (level > highest + 1 and not children_in_danger):
        return LEVEL_OUT_OF_ORDER % {"next": str(next_level).lower()}
    return None


def warning_date_refusal(institution, issued_on):
    """Warnings of a round follow each other in time, and a round once closed takes no more
    warnings: a warning dated before the last one of the open round, or on or before the day
    the previous round closed, is refused. None when the date fits."""
    current = open_round(institution)
    if current is not None:
        last = current.warnings.order_by("-issued_on", "-pk").first()
        if last is not None and issued_on < last.issued_on:
            return DATED_BEFORE_EARLIER_WARNING % {
                "letter": last.letter_number or "—",
                "date": date_format(last.issued_on, "DATE_FORMAT"),
            }
        return None
    closed = (
        institution.warning_rounds.filter(closed_on__isnull=False).order_by("-closed_on").first()
    )
    if closed is not None and issued_on <= closed.closed_on:
        return DATED_IN_CLOSED_ROUND % {"date": date_format(closed.closed_on, "DATE_FORMAT")}
    return None


@transaction.atomic
def written_warning_issue(
    *,
    institution,
    level,
    reason,
    children_in_danger,
    user,
    letter_number="",
    correction_deadline=None,
    issued_on=None,
) -> WrittenWarning:
    # The institution row is the lock: two officers warning at once cannot both give a level.
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    refusal = warning_refusal(institution, level, children_in_danger)
    if refusal:
        raise ValidationError({"level": refusal})
    issued_on = issued_on or timezone.localdate()
    refusal = warning_date_refusal(institution, issued_on)
    if refusal:
        raise ValidationError({"issued_on": refusal})
    current = open_round(institution) or WarningRound(institution=institution, opened_on=issued_on)
    warning = WrittenWarning(
        institution=institution,
        round=current,
        level=level,
        letter_number=letter_number.strip(),
        correction_deadline=correction_deadline,
        reason=reason,
        children_in_danger=children_in_danger,
        issued_by=user,
        issued_on=issued_on,
    )
    warning.full_clean(exclude=["round"])
    if current.pk is None:
        current.full_clean()
        current.save()
        warning.round = current
    warning.save()
    return warning


@transaction.atomic
def warning_round_close(*, institution, closed_on, note, user) -> WarningRound:
    current = (
        WarningRound.objects.select_for_update()
        .filter(institution=institution, closed_on__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError(NO_OPEN_ROUND)
    if not (note or "").strip():
        raise ValidationError({"closing_note": CLOSING_NOTE_REQUIRED})
    last = current.warnings.order_by("-issued_on").first()
    if last and closed_on and closed_on < last.issued_on:
        raise ValidationError({"closed_on": CLOSED_BEFORE_LAST_WARNING})
    current.closed_on, current.closing_note, current.closed_by = closed_on, note.strip(), user
    current.full_clean()
    current.save()
    return current


REFERRAL_TO_REQUIRED = _("Say to whom the case was referred.")


def warning_refer(*, warning, referred_on, referred_to) -> WrittenWarning:
    if not (referred_to or "").strip():
        raise ValidationError({"referred_to": REFERRAL_TO_REQUIRED})
    warning.referred_on, warning.referred_to = referred_on, referred_to.strip()
    warning.full_clean()
    warning.save(update_fields=["referred_on", "referred_to"])
    return warning


def may_suspend_or_revoke(institution) -> bool:
    """After the third written warning of the open round, or at once when children are in
    danger (Permensos 30/HUK/2011), staff may suspend, revoke or close as a sanction."""
    current = open_round(institution)
    if current is None:
        return False
    return any(
        w.level == WrittenWarning.Level.THIRD or w.children_in_danger
        for w in current.warnings.all()
    )


def is_sanction(new_status, ground="") -> bool:
    return new_status in (OperatingStatus.SUSPENDED, OperatingStatus.REVOKED) or (
        new_status == OperatingStatus.CLOSED and ground == StatusGround.SANCTION
    )


def warning_rule(institution, new_status, ground=""):
    """The register's status-change guard (see lks_registry.services.STATUS_CHANGE_GUARDS)."""
    if (
        institution.is_lksa
        and is_sanction(new_status, ground)
        # A record not saved yet (a new row of an import) has had no warnings.
        and not (institution.pk and may_suspend_or_revoke(institution))
    ):
        return WARNINGS_FIRST
    return None


# --- Field findings.

REGISTERED_NEEDS_APPLICATION = _(
    "A finding becomes “registered” by itself once its registration application is approved: "
    "link the application instead."
)
CLOSING_REASON_REQUIRED = _("Write why the finding is closed (e.g. the activity has stopped).")
NOTE_REQUIRED = _("Write the note.")


def _follow_application(finding, user=None):
    """A finding whose application has been approved is registered, linked to the institution."""
    application = finding.application
    if (
        finding.is_open
        and application is not None
        and application.institution_id
        and application.status == ApplicationStatus.APPROVED
    ):
        finding.status = FindingStatus.REGISTERED
        finding.institution_id = application.institution_id
        finding.resolved_on = timezone.localdate()
        finding.save()
        FindingNote.objects.create(
            finding=finding,
            author=user,
            text=str(_("Registration application %(number)s approved."))
            % {"number": application.number},
            status=FindingStatus.REGISTERED,
        )


@transaction.atomic
def finding_save(*, finding: FieldFinding, user, note: str = "") -> FieldFinding:
    """Create or edit a finding's data (status changes go through finding_add_note)."""
    creating = finding.pk is None
    finding.full_clean()
    finding.save()
    if creating or note.strip():
        FindingNote.objects.create(
            finding=finding,
            author=user,
            text=note.strip() or str(_("Finding recorded.")),
            status=FindingStatus.OPEN if creating else "",
        )
    _follow_application(finding, user)
    return finding


@transaction.atomic
def finding_add_note(*, finding: FieldFinding, user, text: str, status: str = "") -> FindingNote:
    """Append a note to the timeline, optionally closing the finding (a note is its reason)."""
    finding = FieldFinding.objects.select_for_update().get(pk=finding.pk)
    if not (text or "").strip():
        raise ValidationError({"text": CLOSING_REASON_REQUIRED if status else NOTE_REQUIRED})
    if status == FindingStatus.REGISTERED:
        raise ValidationError({"status": REGISTERED_NEEDS_APPLICATION})
    if status and status != finding.status:
        finding.status = status
        finding.resolved_on = None if status == FindingStatus.OPEN else timezone.localdate()
        if status == FindingStatus.OPEN:
            finding.institution = None
        finding.full_clean()
        finding.save()
    return FindingNote.objects.create(
        finding=finding, author=user, text=text.strip(), status=status
    )


def findings_follow_approved_application(application) -> None:
    """Called by applications.services when an application is approved (APPROVAL_HOOKS)."""
    for finding in FieldFinding.objects.filter(application=application, status=FindingStatus.OPEN):
        _follow_application(finding)

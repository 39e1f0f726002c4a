"""Business rules that write to the register. Views call these; nothing else saves institutions."""

import datetime
import secrets
from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lks_registry.models import (
    DEREGISTERED_STATUSES,
    Document,
    Institution,
    InstitutionKind,
    InstitutionMember,
    OperatingStatus,
    RegistrationCounter,
    RegistrySettings,
    StatusChange,
    StatusGround,
)
from lks_registry.upload_allowance import account_upload_allowance_check
from lks_registry.validators import validate_number_pattern

STALE_EDIT = _(
    "Someone else saved this institution after you opened it. Your changes were not saved: "
    "open the page again to see the current data, then make your change once more."
)
SAME_STATUS = _("The institution already has this status.")
GROUND_REQUIRED = _(
    "Say why the institution closes: as a sanction by Dinsos, or at its own request."
)
NO_REOPENING = _(
    "A revoked institution, or one Dinsos closed as a sanction, comes back on the register only "
    "through a new registration application, not by a change of status."
)
REOPEN_NEEDS_VALID_REGISTRATION = _(
    "The tanda daftar of this institution has expired: it comes back through a new registration "
    "(daftar ulang), not by a change of status."
)

#: Rules that apps built on the register add (supervision adds the warning ladder), so the register
#: enforces them without importing those apps. Each is called as
#: guard(institution, new_status, ground) with the row locked and returns a message that refuses
#: the change, or None.
STATUS_CHANGE_GUARDS: list[Callable] = []


def new_reference(prefix: str) -> str:
    """A short public reference such as PD-20250101-3FA2C1 (applications, concerns)."""
    return f"{prefix}-{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}"


class StaleEditError(Exception):
    """The record changed since the user's form was loaded."""


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


IMPORT_REASON = _("Import of the file %(name)s")


def fill_validity(institution, registry_settings: RegistrySettings | None = None) -> None:
    """Left empty, the tanda daftar's validity is the registration date plus the years set by the
    admin, and an LKSA operating permit's its date plus the permit's years (registry_settings:
    the settings row, when the caller has read it already, e.g. once per imported file)."""
    needs_registration_end = institution.registered_on and not institution.registration_valid_until
    needs_permit_end = (
        institution.is_lksa and institution.permit_date and not institution.permit_valid_until
    )
    if not (needs_registration_end or needs_permit_end):
        return
    registry_settings = registry_settings or RegistrySettings.current()
    if needs_registration_end:
        years = registry_settings.registration_validity_years
        institution.registration_valid_until = add_years(institution.registered_on, years)
    if needs_permit_end:
        years = registry_settings.permit_validity_years
        institution.permit_valid_until = add_years(institution.permit_date, years)


NUMBER_PATTERN_BROKEN = _(
    "The registration number pattern in the registry settings cannot give numbers: an admin "
    "must correct it first (Pengaturan registri)."
)


def registration_number_assign(day: datetime.date) -> str:
    """The next registration number of the day's year in the configured pattern: the one counter
    for staff-created institutions and approved applications. The counter row is locked until
    the surrounding transaction ends, so concurrent approvals queue and no number is lost or
    doubled; a number already taken (a typed legacy number) is skipped."""
    pattern = RegistrySettings.current().registration_number_pattern
    try:
        validate_number_pattern(pattern)
    except ValidationError as error:  # a row saved before the pattern was checked
        raise ValueError(NUMBER_PATTERN_BROKEN) from error
    RegistrationCounter.objects.get_or_create(year=day.year)
    counter = RegistrationCounter.objects.select_for_update().get(year=day.year)
    while True:  # ends: the pattern gives a different number for every count
        counter.last_number += 1
        number = pattern.format(number=counter.last_number, year=day.year)
        if not Institution.objects.filter(registration_number=number).exists():
            break
    counter.save(update_fields=["last_number"])
    return number


def needs_registration_number(institution) -> bool:
    """A registration date without a number: the save gives the next number of the counter (a
    number typed by staff, e.g. of a legacy record, is kept as typed)."""
    return bool(institution.registered_on and not institution.registration_number)


@transaction.atomic
def institution_save(*, form, board_formset, expected_version: int | None = None) -> Institution:
    """Save a validated institution form and its board formset together, or nothing at all.

    For an existing institution the row is locked and its version compared with the version the
    user's form was loaded with, so two people editing at once cannot overwrite each other."""
    institution = form.instance
    if institution.pk:
        current_version = (
            Institution.objects.select_for_update()
            .values_list("version", flat=True)
            .get(pk=institution.pk)
        )
        if expected_version != current_version:
            raise StaleEditError
        institution.version = current_version + 1
    if needs_registration_number(institution):
        institution.registration_number = registration_number_assign(institution.registered_on)
    fill_validity(institution)
    groups = form.cleaned_data.get("target_groups")
    if groups:
        institution.service_types_note = ""  # staff chose the service types
    institution.incomplete_fields, _errors = institution.register_check(
        target_group_count=len(groups) if groups is not None else institution.target_groups.count()
    )
    institution = form.save()
    board_formset.instance = institution
    board_formset.save()
    return institution


def reopening_refusal(institution: Institution, new_status: str, day=None):
    """Leaving "revoked" or "closed" is reopening. Only an institution that closed at its own
    request, and whose tanda daftar is still valid, may reopen by a change of status."""
    if institution.operating_status not in DEREGISTERED_STATUSES or new_status in (
        DEREGISTERED_STATUSES
    ):
        return None
    if institution.operating_status == OperatingStatus.REVOKED:
        return NO_REOPENING
    closure = institution.status_changes.filter(new_status=OperatingStatus.CLOSED).first()
    if closure is None or closure.ground != StatusGround.OWN_REQUEST:
        return NO_REOPENING
    valid_until = institution.registration_valid_until
    if valid_until and valid_until < (day or timezone.localdate()):
        return REOPEN_NEEDS_VALID_REGISTRATION
    return None


def status_change_problem(institution: Institution, new_status: str, ground: str = ""):
    """Why the institution may not take this status now (a message), or None. The one rule
    the status page and the import both ask. ground: for a closure, a StatusGround."""
    if institution.operating_status == new_status:
        return SAME_STATUS
    if new_status == OperatingStatus.CLOSED and ground not in StatusGround.values:
        return GROUND_REQUIRED
    refusal = reopening_refusal(institution, new_status)
    if refusal:
        return refusal
    for guard in STATUS_CHANGE_GUARDS:
        refusal = guard(institution, new_status, ground)
        if refusal:
            return refusal
    return None


@transaction.atomic
def institution_admin_save(*, institution: Institution, is_new: bool) -> Institution:
    """A save from the Django admin: the same bookkeeping as the register's form (version,
    validity). The admin form has no operating status: that changes only through
    `institution_change_status`, which keeps the one record of past states."""
    if not is_new:
        current = Institution.objects.select_for_update().get(pk=institution.pk)
        institution.version = current.version + 1
        institution.operating_status = current.operating_status
    if needs_registration_number(institution):
        institution.registration_number = registration_number_assign(institution.registered_on)
    fill_validity(institution)
    institution.save()
    return institution


@transaction.atomic
def institution_change_status(
    *, institution: Institution, new_status: str, reason: str, user, ground: str = ""
):
    """ground: for a closure, StatusGround (sanction or own request); empty otherwise."""
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    ground = ground if new_status == OperatingStatus.CLOSED else ""
    problem = status_change_problem(locked, new_status, ground)
    if problem:
        raise ValueError(problem)
    StatusChange.objects.create(
        institution=locked,
        old_status=locked.operating_status,
        new_status=new_status,
        ground=ground,
        reason=reason,
        changed_by=user,
    )
    locked.operating_status = new_status
    locked.status_reason = reason
    locked.status_changed_at = timezone.now()
    locked.version += 1
    # The history row names who and why even without a request (an import in the worker).
    locked._history_user = user
    locked._change_reason = reason
    locked.save(
        update_fields=[
            "operating_status",
            "status_reason",
            "status_changed_at",
            "version",
            "updated_at",
        ]
    )
    return locked


class ImportRowRefused(Exception):
    def __init__(self, messages):
        super().__init__("; ".join(map(str, messages)))
        self.messages = messages


# No savepoint of its own: the importer wraps each row in one, so a refused row rolls back alone.
@transaction.atomic(savepoint=False)
def institution_import_save(
    *, institution: Institution, target_groups, new_status: str, user, file_name: str
) -> Institution:
    """Write one row of an imported file: the same rules as the pages (registration validity,
    completeness, history with the uploader), and a change of operating status through
    institution_change_status with the reason "Impor berkas <name>"."""
    if institution.pk:
        institution.version = (
            Institution.objects.select_for_update()
            .values_list("version", flat=True)
            .get(pk=institution.pk)
            + 1
        )
    fill_validity(institution)
    count = len(target_groups) if target_groups else 0
    if not count and institution.pk:
        count = institution.target_groups.count()
    # The related records come from the importer's look-ups (read from the database): no query
    # per row to check that they exist.
    missing, errors = institution.register_check(target_group_count=count, trusted_fks=True)
    if errors:
        raise ImportRowRefused([m for messages in errors.values() for m in messages])
    status = new_status or institution.operating_status
    if institution.pk is None:
        institution.operating_status = OperatingStatus.ACTIVE
    if status != institution.operating_status:
        problem = status_change_problem(institution, status)
        if problem:
            raise ImportRowRefused([problem])
    institution.incomplete_fields = missing
    institution._history_user = user
    institution._change_reason = str(IMPORT_REASON % {"name": file_name})
    created = institution.pk is None
    institution.save()
    if target_groups and created:
        institution.target_groups.add(*target_groups)  # nothing to compare with: one query less
    elif target_groups:
        institution.target_groups.set(target_groups)
    if status != institution.operating_status:
        institution = institution_change_status(
            institution=institution,
            new_status=status,
            reason=str(IMPORT_REASON % {"name": file_name}),
            user=user,
        )
    return institution


PERMIT_ONLY_LKSA = _("Only an LKSA holds an operating permit.")
PERMIT_DEREGISTERED = _("The permit of a revoked or closed institution is not renewed.")
PERMIT_NOT_NEWER = _("The renewed permit must be dated after the current permit (%(date)s).")
PERMIT_IN_FUTURE = _("A permit cannot be dated in the future.")
PERMIT_ENDS_BEFORE_START = _("Must not be before the permit date.")
PERMIT_RENEWED = _("Operating permit renewed: %(number)s")


def permit_renewal_problems(institution, *, issued_on, valid_until) -> dict:
    """Why this renewal of the LKSA operating permit cannot be recorded: {field: message}, empty
    when it can. The one rule the renewal page and any other caller ask."""
    if institution.kind != InstitutionKind.LKSA:
        return {NON_FIELD_ERRORS: PERMIT_ONLY_LKSA}
    if institution.operating_status in DEREGISTERED_STATUSES:
        return {NON_FIELD_ERRORS: PERMIT_DEREGISTERED}
    if issued_on > timezone.localdate():
        return {"permit_date": PERMIT_IN_FUTURE}
    current = institution.permit_date
    if current and issued_on <= current:
        return {"permit_date": PERMIT_NOT_NEWER % {"date": date_format(current, "DATE_FORMAT")}}
    if valid_until and valid_until < issued_on:
        return {"permit_valid_until": PERMIT_ENDS_BEFORE_START}
    return {}


@transaction.atomic
def permit_renew(*, institution, number: str, issued_on, valid_until=None, user) -> Institution:
    """Record a renewed LKSA operating permit (izin operasional): it becomes the current permit,
    ending after the permit validity in the registry settings (default 5 years) unless an end date
    is given. The previous permit stays in the institution's history, the one record of past
    permits (`selectors.permit_history`); the reminders read the current end date."""
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    problems = permit_renewal_problems(locked, issued_on=issued_on, valid_until=valid_until)
    if problems:
        raise ValidationError(problems)
    if valid_until is None:
        valid_until = add_years(issued_on, RegistrySettings.current().permit_validity_years)
    locked.permit_number = number.strip()
    locked.permit_date = issued_on
    locked.permit_valid_until = valid_until
    locked.version += 1
    locked.incomplete_fields, _errors = locked.register_check(
        target_group_count=locked.target_groups.count()
    )
    locked._history_user = user
    locked._change_reason = str(PERMIT_RENEWED % {"number": locked.permit_number})
    locked.save(
        update_fields=[
            "permit_number",
            "permit_date",
            "permit_valid_until",
            "version",
            "incomplete_fields",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def document_upload(
    *, institution, document_type, uploaded_file, content_type, user, valid_until=None
) -> Document:
    """Store a new document. For a type that holds one file, the previous file is marked as
    replaced, never deleted, so every version stays on record."""
    account_upload_allowance_check(user=user, size=uploaded_file.size)
    if not document_type.allows_several:
        institution.documents.current().filter(document_type=document_type).update(
            superseded_at=timezone.now()
        )
    return Document.objects.create(
        institution=institution,
        document_type=document_type,
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=user,
        valid_until=valid_until,
    )


ACCOUNT_OF_ANOTHER_INSTITUTION = _(
    "This account belongs to another institution; it is not moved. Give the institution an "
    "account of its own."
)


@transaction.atomic
def institution_member_link(*, user, institution):
    """Link an account to its institution (kept in the history). An account linked to another
    institution is never moved here: that took the other institution's access away."""
    member = InstitutionMember.objects.select_for_update().filter(user=user).first()
    if member and member.institution_id != institution.pk:
        raise ValueError(ACCOUNT_OF_ANOTHER_INSTITUTION)
    if member is None:
        member = InstitutionMember(user=user, institution=institution)
        member.full_clean()
        member.save()
    return member

"""Business rules that write to the register. Views call these; nothing else saves institutions."""

import datetime
import secrets
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lks_registry.models import Document, Institution, RegistrySettings, StatusChange

STALE_EDIT = _(
    "Someone else saved this institution after you opened it. Your changes were not saved: "
    "open the page again to see the current data, then make your change once more."
)
SAME_STATUS = _("The institution already has this status.")

#: Rules that apps built on the register add (supervision adds the warning ladder), so the register
#: enforces them without importing those apps. Each is called as guard(institution, new_status)
#: with the row locked and returns a message that refuses the change, or None.
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
    if institution.registered_on and not institution.registration_valid_until:
        years = RegistrySettings.current().registration_validity_years
        institution.registration_valid_until = add_years(institution.registered_on, years)
    institution = form.save()
    board_formset.instance = institution
    board_formset.save()
    return institution


@transaction.atomic
def institution_change_status(*, institution: Institution, new_status: str, reason: str, user):
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    if locked.operating_status == new_status:
        raise ValueError(SAME_STATUS)
    for guard in STATUS_CHANGE_GUARDS:
        refusal = guard(locked, new_status)
        if refusal:
            raise ValueError(refusal)
    StatusChange.objects.create(
        institution=locked,
        old_status=locked.operating_status,
        new_status=new_status,
        reason=reason,
        changed_by=user,
    )
    locked.operating_status = new_status
    locked.status_reason = reason
    locked.status_changed_at = timezone.now()
    locked.version += 1
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


@transaction.atomic
def document_upload(*, institution, document_type, uploaded_file, content_type, user) -> Document:
    """Store a new document. For a type that holds one file, the previous file is marked as
    replaced, never deleted, so every version stays on record."""
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
    )

"""Writes of supervision: concerns from the public, written warnings and the rule that gates
suspension and revocation of an LKSA."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lks_registry.models import OperatingStatus
from lks_registry.services import new_reference
from supervision.models import Concern, WrittenWarning

WARNINGS_FIRST = _(
    "An LKSA is suspended or its registration revoked only after the third written warning, or at "
    "once when children are in danger: record the warning first."
)


def concern_submit(*, uploaded_file=None, content_type="", **fields) -> Concern:
    concern = Concern(reference=new_reference("ADU"), **fields)
    if uploaded_file:
        concern.attachment = uploaded_file
        concern.attachment_type = content_type
    concern.full_clean(exclude=["attachment"])
    concern.save()
    return concern


def written_warning_issue(*, institution, level, reason, children_in_danger, user, issued_on=None):
    warning = WrittenWarning(
        institution=institution,
        level=level,
        reason=reason,
        children_in_danger=children_in_danger,
        issued_by=user,
        issued_on=issued_on or timezone.localdate(),
    )
    warning.full_clean()
    warning.save()
    return warning


def may_suspend_or_revoke(institution) -> bool:
    """After the third written warning, or at once when children are in danger (Permensos
    30/HUK/2011), staff may suspend or revoke."""
    return institution.warnings.filter(Q(level=3) | Q(children_in_danger=True)).exists()


def warning_rule(institution, new_status):
    """The register's status-change guard (see lks_registry.services.STATUS_CHANGE_GUARDS)."""
    if (
        institution.is_lksa
        and new_status in (OperatingStatus.SUSPENDED, OperatingStatus.REVOKED)
        # A record not saved yet (a new row of an import) has had no warnings.
        and not (institution.pk and may_suspend_or_revoke(institution))
    ):
        return WARNINGS_FIRST
    return None

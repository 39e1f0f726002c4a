"""What each risk factor means, on the rules the rest of the app uses (never a copy of them):

- visit overdue: the yearly-visit rule (``supervision.selectors.yearly_visit_q``, through the
  dashboard's ``visited_this_year``), for registered LKSA as ``lksa_not_visited`` counts them;
- warnings in force and children in danger: ``supervision.selectors.warnings_in_force``;
- open concerns: the dashboard's ``reports.metrics.open_concerns`` (status from the audit history);
- permit expired: ``lks_registry.models.permit_expired_q``;
- tanda daftar lapsed: ``registration_lapsed_q`` on the operating status of the day;
- accreditation expired: ``accreditation.selectors.accreditation_expired_q``;
- documents missing: ``lks_registry.selectors.missing_documents_count`` (the documents of the day);
- data incomplete: the register's ``incomplete_fields`` (kept by its services; no history, so
  today's gaps count on any day).

Each factor is a condition on the annotations of ``risk.selectors.profiles``, a reason that says
why it applies to this institution and what would take it away."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accreditation.selectors import accreditation_expired_q
from lks_registry.models import (
    InstitutionKind,
    permit_expired_q,
    registered_q,
    registration_lapsed_q,
)
from risk.models import FactorCode

#: Concern categories about the safety of children (counted when the institution is an LKSA).
CHILD_SAFETY_CATEGORIES = ("abuse", "neglect")
#: A yearly visit is due 365 days after the last one (supervision.selectors.yearly_visit_q).
YEAR = datetime.timedelta(days=365)


def months_or_days_ago(since: datetime.date, day: datetime.date) -> str:
    """ "3 bulan" / "12 hari": how long ago ``since`` was, in whole months once a month has
    passed."""
    months = (day.year - since.year) * 12 + day.month - since.month - (day.day < since.day)
    if months >= 1:
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    days = (day - since).days
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def _visit_reason(row, day):
    if row.last_visit is None:
        return str(_("Never visited by Dinsos since registration"))
    late = (day - (row.last_visit + YEAR)).days
    last = formats.date_format(row.last_visit, "j F Y")
    if late == 0:
        return str(_("Yearly visit due today (last visit %(date)s)") % {"date": last})
    return ngettext(
        "Yearly visit %(days)d day late (last visit %(date)s)",
        "Yearly visit %(days)d days late (last visit %(date)s)",
        late,
    ) % {"days": late, "date": last}


def _warnings_reason(row, day):
    return ngettext(
        "%(n)d written warning in force, highest SP%(level)s",
        "%(n)d written warnings in force, highest SP%(level)s",
        row.warnings_in_force,
    ) % {"n": row.warnings_in_force, "level": row.warning_level}


def _concerns_reason(row, day):
    text = ngettext("%(n)d open concern", "%(n)d open concerns", row.open_concerns) % {
        "n": row.open_concerns
    }
    if row.child_safety_concerns:
        text += str(_(", %(n)d about children's safety") % {"n": row.child_safety_concerns})
    return text


def _child_concerns_reason(row, day):
    return ngettext(
        "%(n)d open concern about children's safety",
        "%(n)d open concerns about children's safety",
        row.child_safety_concerns,
    ) % {"n": row.child_safety_concerns}


def _permit_reason(row, day):
    return str(
        _("Operating permit expired %(ago)s ago")
        % {"ago": months_or_days_ago(row.permit_valid_until, day)}
    )


def _registration_reason(row, day):
    return str(
        _("Tanda daftar expired %(ago)s ago, no renewal approved")
        % {"ago": months_or_days_ago(row.registration_valid_until, day)}
    )


def _documents_reason(row, day):
    return ngettext(
        "%(n)d required document not uploaded",
        "%(n)d required documents not uploaded",
        row.documents_missing,
    ) % {"n": row.documents_missing}


def _data_reason(row, day):
    return ngettext(
        "%(n)d field of the register still empty",
        "%(n)d fields of the register still empty",
        row.fields_missing,
    ) % {"n": row.fields_missing}


@dataclass(frozen=True)
class Factor:
    code: str
    condition: Callable  # day -> Q on the annotations of risk.selectors.profiles
    reason: Callable  # (row, day) -> str
    remedy: object  # what takes the factor away


def _registered(day):
    return registered_q(day, status_field="status_on")


FACTORS = [
    Factor(
        FactorCode.VISIT_OVERDUE,
        lambda day: _registered(day) & Q(kind=InstitutionKind.LKSA, visited_this_year=False),
        _visit_reason,
        _("Record a monitoring visit."),
    ),
    Factor(
        FactorCode.CHILDREN_IN_DANGER,
        lambda day: Q(children_in_danger=True),
        lambda row, day: str(_("A written warning with children in danger is in force")),
        _("Act on the warning and close the round once the institution has remedied."),
    ),
    Factor(
        FactorCode.WARNINGS,
        lambda day: Q(warnings_in_force__gt=0),
        _warnings_reason,
        _("Close the round of warnings once the institution has remedied."),
    ),
    Factor(
        FactorCode.CHILD_SAFETY_CONCERNS,
        lambda day: Q(child_safety_concerns__gt=0),
        _child_concerns_reason,
        _("Follow up the concerns about children and close them."),
    ),
    Factor(
        FactorCode.CONCERNS,
        lambda day: Q(open_concerns__gt=0),
        _concerns_reason,
        _("Follow up the open concerns and close them."),
    ),
    Factor(
        FactorCode.PERMIT_EXPIRED,
        lambda day: permit_expired_q(day),
        _permit_reason,
        _("Record the renewed operating permit."),
    ),
    Factor(
        FactorCode.REGISTRATION_LAPSED,
        lambda day: registration_lapsed_q(day, status_field="status_on"),
        _registration_reason,
        _("Approve the renewal (daftar ulang) of the tanda daftar."),
    ),
    Factor(
        FactorCode.ACCREDITATION_EXPIRED,
        lambda day: _registered(day) & accreditation_expired_q(),
        lambda row, day: str(_("Accreditation no longer valid: re-accreditation due")),
        _("Accompany the institution to re-accreditation."),
    ),
    Factor(
        FactorCode.DOCUMENTS_MISSING,
        lambda day: Q(documents_missing__gt=0),
        _documents_reason,
        _("Upload the missing documents."),
    ),
    Factor(
        FactorCode.DATA_INCOMPLETE,
        lambda day: Q(fields_missing__gt=0),
        _data_reason,
        _("Complete the institution's data."),
    ),
]
FACTORS_BY_CODE = {factor.code: factor for factor in FACTORS}

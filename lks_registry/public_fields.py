"""What the public may know of an institution: the one list of public fields.

The public profile (``/lks/<id>/``) shows exactly these fields, and the open data (``opendata``:
downloads, API) publishes exactly these keys, so adding a field here is the one decision that
makes it public — and nothing else (NPWP, addresses, board, children, documents, concerns) can
become public without it. Apps built on the register supply the values of their fields
(accreditation: grade and validity) through ``register_public_values``, as with ``panels.py``."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lks_registry.models import OperatingStatus, RegistrationState


@dataclass(frozen=True)
class PublicField:
    key: str  # the column of the CSV, the key of the JSON
    label: object
    description: object


PUBLIC_FIELDS = (
    PublicField(
        "id",
        _("Register ID"),
        _("The register's number of the institution (whole number); its profile is /lks/<id>/."),
    ),
    PublicField("name", _("Name"), _("Name of the institution.")),
    PublicField(
        "kind", _("Kind"), _("lks, or lksa for an institution that serves children (LKSA).")
    ),
    PublicField(
        "kecamatan_code",
        _("Kemendagri code of the kecamatan"),
        _("Code of the kecamatan (district) from the Ministry of Home Affairs, e.g. 36.71.01."),
    ),
    PublicField("kecamatan", _("Kecamatan"), _("Name of the kecamatan (district).")),
    PublicField(
        "service_types",
        _("Service types"),
        _("The groups the institution serves (PPKS); in the CSV separated by a semicolon."),
    ),
    PublicField(
        "registration_number",
        _("Registration number"),
        _("Number of the tanda daftar (registration certificate)."),
    ),
    PublicField(
        "registration_valid_until",
        _("Registration valid until"),
        _("Last day the tanda daftar is valid (YYYY-MM-DD); empty when no end is recorded."),
    ),
    PublicField(
        "registration_status",
        _("Registration status"),
        _(
            "valid, expired (daftar ulang due), suspended, revoked or closed, on the date of the data."
        ),
    ),
    PublicField(
        "accreditation_grade",
        _("Accreditation grade"),
        _("A, B or C as BALKS decided, valid on the date of the data; empty when not accredited."),
    ),
    PublicField(
        "accreditation_valid_until",
        _("Accreditation valid until"),
        _("Last day the grade is valid (YYYY-MM-DD); empty when not accredited."),
    ),
)
PUBLIC_FIELD_KEYS = tuple(field.key for field in PUBLIC_FIELDS)


class PublicStatus:
    """The registration status the public sees (profile, verification page, open data)."""

    VALID = "valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    CLOSED = "closed"
    LABELS = {
        VALID: _("Registered (valid)"),
        EXPIRED: _("Registration expired (daftar ulang due)"),
        SUSPENDED: _("Suspended"),
        REVOKED: _("Revoked"),
        CLOSED: _("Closed"),
    }
    CHOICES = tuple(LABELS.items())


def public_status(*, status: str, registration_state: str) -> str:
    """One rule: an operating status that stops the registration wins over its validity."""
    if status == OperatingStatus.REVOKED:
        return PublicStatus.REVOKED
    if status == OperatingStatus.CLOSED:
        return PublicStatus.CLOSED
    if status == OperatingStatus.SUSPENDED:
        return PublicStatus.SUSPENDED
    if registration_state == RegistrationState.LAPSED:
        return PublicStatus.EXPIRED
    return PublicStatus.VALID


_value_sources: list[tuple[tuple[str, ...], Callable]] = []


def register_public_values(keys: tuple[str, ...], get_values: Callable) -> None:
    """An app supplies the values of these keys for the profile: ``get_values(institution)``
    returns {key: value}."""
    assert set(keys) <= set(PUBLIC_FIELD_KEYS), keys
    if not any(existing == keys for existing, _get in _value_sources):
        _value_sources.append((keys, get_values))


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def profile_rows(institution, *, status_code: str) -> list[tuple[object, str]]:
    """(label, shown value) of every public field, in the list's order, for the profile page."""
    values = {
        "id": institution.pk,
        "name": institution.name,
        "kind": institution.get_kind_display(),
        "kecamatan_code": institution.kecamatan.code,
        "kecamatan": institution.kecamatan.name,
        "service_types": "; ".join(str(group) for group in institution.target_groups.all()),
        "registration_number": institution.registration_number,
        "registration_valid_until": institution.registration_valid_until,
        "registration_status": PublicStatus.LABELS[status_code],
    }
    for keys, get_values in _value_sources:
        supplied = get_values(institution)
        values.update({key: supplied.get(key) for key in keys})
    return [(field.label, _display(values.get(field.key))) for field in PUBLIC_FIELDS]

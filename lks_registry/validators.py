"""Field rules shared by forms and models. Error messages are constants so tests can assert them."""

import re
import string
import uuid

import filetype
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lks_registry.pdf_actions import pdf_has_active_content

NPWP_INVALID = _("NPWP must have 15 or 16 digits, e.g. 01.234.567.8-901.000.")
UPLOAD_TOO_LARGE = _("The file is larger than %(limit)s MB.")
UPLOAD_BAD_TYPE = _(
    "Only PDF, JPEG or PNG files are accepted. The content of this file is not one of them."
)
UPLOAD_EMPTY = _("The file is empty.")
UPLOAD_PDF_ACTIVE = _(
    "This PDF contains JavaScript or an action that opens a program, so it is refused. Save it "
    "again as a plain PDF (e.g. Print → Save as PDF, or scan it again) and upload it again."
)

MAX_UPLOAD_MB = 10
ALLOWED_UPLOAD_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

RT_RW_PATTERN = re.compile(r"^\d{1,3}$")
PHONE_PATTERN = re.compile(r"^\+?[\d\s().\-]+$")
PHONE_INVALID = _(
    "Write a phone number with 7 to 15 digits, e.g. 021-5523000 or +62 812-3456-7890 (two "
    "numbers separated by /); only digits, spaces, dashes, dots, brackets and a leading + are "
    "allowed."
)


def normalise_npwp(value: str) -> str:
    """Keep the digits only: NPWP is written with dots and a dash but stored bare."""
    return re.sub(r"\D", "", value or "")


def validate_npwp(value: str) -> None:
    if not value:
        return
    if re.search(r"[^\d.\-\s]", value) or len(normalise_npwp(value)) not in (15, 16):
        raise ValidationError(NPWP_INVALID, code="npwp")


def format_npwp(digits: str) -> str:
    if len(digits) == 15:
        return (
            f"{digits[0:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:15]}"
        )
    return digits


def validate_rt_rw(value: str) -> None:
    if value and not RT_RW_PATTERN.match(value):
        raise ValidationError(_("Write RT/RW as a number of up to three digits, e.g. 003."))


NO_FUTURE_DATE = _("This has already happened: a date in the future is not possible here.")


def validate_not_in_future(value) -> None:
    """For records of what happened (visits, findings, warnings, assistance); what is planned is
    kept in a record of its own."""
    if value and value > timezone.localdate():
        raise ValidationError(NO_FUTURE_DATE, code="future")


def validate_phone(value: str) -> None:
    """One number, or two separated by "/" or "," as office files often write them."""
    if not value:
        return
    for number in re.split(r"[/,]", value):
        digits = re.sub(r"\D", "", number)
        if not PHONE_PATTERN.match(number.strip()) or not 7 <= len(digits) <= 15:
            raise ValidationError(PHONE_INVALID, code="phone")


def detect_upload_type(uploaded_file) -> str | None:
    """The MIME type read from the file's first bytes, or None when it is not an allowed type.
    The file name and the browser's content type are not trusted."""
    head = uploaded_file.read(261)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_UPLOAD_TYPES:
        return None
    return kind.mime


def validate_upload(uploaded_file) -> str:
    """Checks size and content; returns the detected MIME type."""
    if uploaded_file.size == 0:
        raise ValidationError(UPLOAD_EMPTY, code="empty")
    if uploaded_file.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(UPLOAD_TOO_LARGE, code="too_large", params={"limit": MAX_UPLOAD_MB})
    mime = detect_upload_type(uploaded_file)
    if mime is None:
        raise ValidationError(UPLOAD_BAD_TYPE, code="bad_type")
    if mime == "application/pdf" and pdf_has_active_content(uploaded_file):
        raise ValidationError(UPLOAD_PDF_ACTIVE, code="pdf_active")
    return mime


def stored_upload_name(folder: str, content_type: str) -> str:
    """Where an upload is stored: a random name (it reveals nothing and cannot be guessed) with
    the extension of the type detected from its content, never the one it was sent with (a PNG
    that is also HTML, sent as x.html, is stored as .png)."""
    return f"{folder}/{uuid.uuid4().hex}.{ALLOWED_UPLOAD_TYPES[content_type]}"


NUMBER_PATTERN_NEEDS_COUNTER = _(
    "The pattern must contain {number} (the sequence within the year), e.g. "
    "{number:03d}/LKS/DINSOS/{year}."
)
NUMBER_PATTERN_UNKNOWN_PLACEHOLDER = _(
    "Unknown placeholder “%(name)s”: only {number} and {year} can be used."
)
NUMBER_PATTERN_INVALID = _(
    "This pattern cannot be read: write placeholders as {number}, {number:03d} or {year}, "
    "and a literal brace as {{ or }}."
)
NUMBER_PATTERN_TOO_LONG = _(
    "Numbers made with this pattern would be longer than %(limit)s characters."
)

#: Registration numbers are stored in 60 characters.
REGISTRATION_NUMBER_MAX_LENGTH = 60


def validate_number_pattern(pattern: str) -> None:
    """A registration number pattern must give a different number for every count of the
    counter (so the next free number is always found) and use only the known placeholders."""
    try:
        names = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError:
        raise ValidationError(NUMBER_PATTERN_INVALID, code="pattern") from None
    for _text, name, spec, _conversion in string.Formatter().parse(pattern):
        if name is not None and name not in ("number", "year"):
            raise ValidationError(
                NUMBER_PATTERN_UNKNOWN_PLACEHOLDER, code="pattern", params={"name": name or "{}"}
            )
        # Only a zero-padded width (e.g. 03d): a nested or huge width could build a number of
        # any length.
        if spec and not re.fullmatch(r"0?\d{0,2}d?", spec):
            raise ValidationError(NUMBER_PATTERN_INVALID, code="pattern")
    if "number" not in names:
        raise ValidationError(NUMBER_PATTERN_NEEDS_COUNTER, code="pattern")
    try:
        samples = [pattern.format(number=n, year=2025) for n in (1, 2, 99999)]
    except (ValueError, TypeError, KeyError, IndexError):
        raise ValidationError(NUMBER_PATTERN_INVALID, code="pattern") from None
    if len(set(samples)) != len(samples):
        raise ValidationError(NUMBER_PATTERN_NEEDS_COUNTER, code="pattern")
    if len(samples[-1]) > REGISTRATION_NUMBER_MAX_LENGTH:
        raise ValidationError(
            NUMBER_PATTERN_TOO_LONG,
            code="pattern",
            params={"limit": REGISTRATION_NUMBER_MAX_LENGTH},
        )


NIP_INVALID = _("A NIP has 18 digits, e.g. 197001012000031001.")
LOGO_TOO_LARGE = _("The logo is larger than 2 MB.")
LOGO_BAD_TYPE = _("The logo must be a PNG or JPEG image.")


def validate_nip(value: str) -> None:
    if value and not re.fullmatch(r"\d{18}", value):
        raise ValidationError(NIP_INVALID, code="nip")


def validate_logo(file) -> None:
    if not file:
        return
    if file.size > 2 * 1024 * 1024:
        raise ValidationError(LOGO_TOO_LARGE, code="logo")
    position = file.tell() if hasattr(file, "tell") else 0
    head = file.read(262)
    file.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ("image/png", "image/jpeg"):
        raise ValidationError(LOGO_BAD_TYPE, code="logo")

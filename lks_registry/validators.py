"""Field rules shared by forms and models. Error messages are constants so tests can assert them."""

import re

import filetype
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NPWP_INVALID = _("NPWP must have 15 or 16 digits, e.g. 01.234.567.8-901.000.")
UPLOAD_TOO_LARGE = _("The file is larger than %(limit)s MB.")
UPLOAD_BAD_TYPE = _(
    "Only PDF, JPEG or PNG files are accepted. The content of this file is not one of them."
)
UPLOAD_EMPTY = _("The file is empty.")

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
    return mime

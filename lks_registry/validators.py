"""Field rules shared by forms and models. Error messages are constants so tests can assert them."""

import re

import filetype
from django.core.exceptions import ValidationError
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

"""Checking and importing a spreadsheet of institutions.

The same pass serves both phases: the dry run reports per row new / changed (with the fields) /
unchanged / error and writes nothing; the import repeats the pass inside one transaction and
rolls everything back if any row fails. Rows match existing institutions by registration
number, then NPWP, so importing the same file twice changes nothing the second time.

Progress goes to a small JSON file beside the upload rather than to the database, because the
import's own transaction would hide it from the page until the very end."""

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lks_registry.models import (
    DUPLICATE_NPWP,
    DUPLICATE_REGISTRATION_NUMBER,
    ImportJob,
    ImportStatus,
    Institution,
    RegistrySettings,
)
from lks_registry.services import add_years
from lks_registry.spreadsheet import COLUMNS, CellError, Lookups, open_sheet, parse_cell

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 100
MAX_ERRORS = 500
PROGRESS_EVERY = 250
HEADER_OF = {column.field: column.header for column in COLUMNS}
COMPARE_BY_ID = {"kecamatan", "kelurahan", "specialisation", "legal_form", "legal_basis"}


class ImportRolledBack(Exception):
    pass


@dataclass
class Tally:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    processed: int = 0
    preview: list = field(default_factory=list)
    error_list: list = field(default_factory=list)


def progress_path(job) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"progress-{job.pk}.json"


def read_progress(job) -> dict:
    try:
        return json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return {"processed": job.processed_rows, "total": job.total_rows}


def _write_progress(job, processed, total):
    path = progress_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"processed": processed, "total": total}))


def _error(tally, row, column, message):
    tally.errors += 1
    if len(tally.error_list) < MAX_ERRORS:
        tally.error_list.append({"row": row, "column": str(column), "message": str(message)})


def _messages(error: ValidationError):
    if hasattr(error, "error_dict"):
        for field_name, errors in error.message_dict.items():
            for message in errors:
                yield HEADER_OF.get(field_name, "—"), message
    else:
        for message in error.messages:
            yield "—", message


def _process(job, apply: bool) -> Tally:
    lookups = Lookups()
    sheet = open_sheet(Path(job.file.path))
    validity_years = RegistrySettings.current().registration_validity_years
    by_number = dict(
        Institution.objects.exclude(registration_number="").values_list("registration_number", "pk")
    )
    by_npwp = dict(Institution.objects.exclude(npwp="").values_list("npwp", "pk"))
    seen = {}
    tally = Tally()
    _write_progress(job, 0, sheet.total)

    for row_number, cells in enumerate(sheet.rows, start=2):
        tally.processed += 1
        values, row_errors = {}, []
        for column, cell in zip(sheet.columns, cells, strict=False):
            if column is None:
                continue
            try:
                values[column.field] = parse_cell(column, cell, lookups, values)
            except (CellError, ValidationError) as error:
                row_errors.append(
                    (
                        column.header,
                        error.messages[0] if isinstance(error, ValidationError) else str(error),
                    )
                )

        key = values.get("registration_number") or values.get("npwp")
        pk = by_number.get(values.get("registration_number")) or by_npwp.get(values.get("npwp"))
        if key and key in seen:
            row_errors.append(
                ("—", _("The same institution is already in row %(row)s.") % {"row": seen[key]})
            )
        elif key:
            seen[key] = row_number

        institution = Institution.objects.get(pk=pk) if pk else Institution()
        groups = values.pop("target_groups", None)
        changes = []
        for field_name, value in values.items():
            current = getattr(
                institution, f"{field_name}_id" if field_name in COMPARE_BY_ID else field_name
            )
            new = value.pk if field_name in COMPARE_BY_ID and value is not None else value
            if current != new:
                changes.append(HEADER_OF[field_name])
                setattr(institution, field_name, value)
        current_groups = (
            set(institution.target_groups.values_list("pk", flat=True)) if pk else set()
        )
        if groups is not None and {g.pk for g in groups} != current_groups:
            changes.append(HEADER_OF["target_groups"])
        if not pk and not groups:
            row_errors.append((HEADER_OF["target_groups"], _("Give at least one service type.")))
        if institution.registered_on and not institution.registration_valid_until:
            institution.registration_valid_until = add_years(
                institution.registered_on, validity_years
            )

        # Uniqueness is checked against the maps in memory (no query per row); the model's
        # field and cross-field rules run as in the forms. The database constraints still hold.
        number_owner = by_number.get(institution.registration_number)
        if institution.registration_number and number_owner not in (None, institution.pk):
            row_errors.append((HEADER_OF["registration_number"], DUPLICATE_REGISTRATION_NUMBER))
        npwp_owner = by_npwp.get(institution.npwp)
        if institution.npwp and npwp_owner not in (None, institution.pk):
            row_errors.append((HEADER_OF["npwp"], DUPLICATE_NPWP))
        if not row_errors:
            try:
                institution.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                row_errors.extend(_messages(error))

        if row_errors:
            for column_name, message in row_errors:
                _error(tally, row_number, column_name, message)
            outcome = "error"
        elif not pk:
            outcome = "new"
            tally.new += 1
        elif changes:
            outcome = "changed"
            tally.changed += 1
        else:
            outcome = "unchanged"
            tally.unchanged += 1

        if apply and outcome in ("new", "changed"):
            if pk:
                institution.version += 1
            # The worker runs outside any request: name the uploader in the audit trail.
            institution._history_user = job.created_by
            institution.save()
            if groups is not None:
                institution.target_groups.set(groups)
            if institution.registration_number:
                by_number[institution.registration_number] = institution.pk
            if institution.npwp:
                by_npwp[institution.npwp] = institution.pk

        if len(tally.preview) < PREVIEW_ROWS:
            tally.preview.append(
                {
                    "row": row_number,
                    "name": str(values.get("name") or institution.name or ""),
                    "outcome": outcome,
                    "changes": changes if outcome == "changed" else [],
                    "errors": [f"{c}: {m}" for c, m in row_errors],
                }
            )
        if tally.processed % PROGRESS_EVERY == 0:
            _write_progress(job, tally.processed, max(sheet.total, tally.processed))
    _write_progress(job, tally.processed, tally.processed)
    return tally


def _finish(job, tally, status, message=""):
    job.status = status
    job.total_rows = job.processed_rows = tally.processed
    job.new_count, job.changed_count = tally.new, tally.changed
    job.unchanged_count, job.error_count = tally.unchanged, tally.errors
    job.preview, job.errors = tally.preview, tally.error_list
    job.message = message
    job.finished_at = timezone.now() if status in (ImportStatus.DONE, ImportStatus.FAILED) else None
    job.save()


def run(job_id: int) -> ImportJob:
    """Run the phase the job is waiting for: the dry run, or the import once confirmed."""
    job = ImportJob.objects.get(pk=job_id)
    try:
        if job.status == ImportStatus.VALIDATING:
            tally = _process(job, apply=False)
            _finish(job, tally, ImportStatus.VALIDATED)
        elif job.status == ImportStatus.IMPORTING:
            try:
                with transaction.atomic():
                    tally = _process(job, apply=True)
                    if tally.errors:
                        raise ImportRolledBack
            except ImportRolledBack:
                _finish(
                    job,
                    tally,
                    ImportStatus.FAILED,
                    _("Some rows have errors: nothing was imported."),
                )
            else:
                _finish(job, tally, ImportStatus.DONE)
    except CellError as error:
        job.status, job.message, job.finished_at = ImportStatus.FAILED, str(error), timezone.now()
        job.save()
    except Exception as error:  # a broken file must end the job with a message, not hang it
        job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
        job.message = _("The file could not be read: %(error)s") % {
            "error": error.__class__.__name__
        }
        job.save()
        raise
    return job


def start_in_background(job) -> None:
    """A separate process, so the work goes on when the browser is closed. `manage.py
    process_imports` picks up anything left waiting (e.g. after a server restart)."""
    if settings.IMPORTS_RUN_INLINE:
        run(job.pk)
        return
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.Popen(  # noqa: S603 - our own command with a numeric argument
        [sys.executable, str(manage), "process_imports", str(job.pk)],
        start_new_session=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

"""Checking and importing an office's workbook of institutions.

Two plain functions, so any job runner can call them: `validate(job)` is the dry run (it writes
only the job's report: per row new / changed with the fields / unchanged / conflict / possible
duplicate / error, and what is missing), `confirm(job)` imports the rows the user let through, in
one transaction, each through the register's service (`institution_import_save`). Both read the
file afresh through the same pass, so what the dry run showed is what goes in.

Rows match existing institutions by registration number, then NPWP; a row without either is
compared by its normalised name within its kelurahan. Progress goes to a small JSON file beside
the upload, because the import's own transaction would hide it from the page until the end."""

import contextlib
import copy
import json
import logging
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import chain, islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lks_registry import services
from lks_registry.formula_injection import restore
from lks_registry.models import (
    DUPLICATE_NPWP,
    DUPLICATE_REGISTRATION_NUMBER,
    REVIEW_OUTCOMES,
    ImportDecision,
    ImportJob,
    ImportOutcome,
    ImportRow,
    ImportStatus,
    Institution,
)
from lks_registry.spreadsheet import (
    COLUMN_BY_FIELD,
    CellError,
    Lookups,
    clean_text,
    name_key,
    parse_service_types,
    parse_value,
    resolve_area,
)
from lks_registry.tablefinder import (
    SEARCH_ROWS,
    SHEET_EMPTY,
    SHEET_HEADERS_ONLY,
    SHEET_NO_NAMES,
    SHEET_NO_TABLE,
    SKIP_BLANK,
    SKIP_NOTE,
    SheetReport,
    classify_row,
    fill_merges,
    find_table,
    section_kecamatan,
)
from lks_registry.tasks import enqueue_import
from lks_registry.workbook import FileRefused, read_sheets

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 250
CHUNK = 500
MAX_SKIPS_REPORTED = 500
COMPARE_BY_ID = {"kecamatan", "kelurahan", "specialisation", "legal_form", "legal_basis"}
CONFLICT_SIMILARITY = 0.6

EMPTY_FILE = _("The file is empty: there is nothing in it to import.")
HEADERS_ONLY = _(
    "The file has column headers but no rows of institutions below them (sheets: %(sheets)s)."
)
NO_TABLE = _(
    "No list of institutions was found in the file. Put a header row with at least the "
    "institution name (e.g. “Nama Lembaga”) and its kecamatan or kelurahan above the rows."
)
NO_DATA_SHEET = _(
    "None of the sheets has a column of institution names (e.g. “Nama Lembaga”); sheets: "
    "%(sheets)s."
)
INTERRUPTED = _(
    "Checking this file stopped the worker %(times)s times (it may be too large for the server). "
    "Nothing was imported; split the file or remove what is not a list of institutions."
)
NOT_NOW = _("This file cannot be imported in its present state.")
CHOOSE_A_SHEET = _("Choose at least one sheet to read.")
MAX_ATTEMPTS = 3
UNEXPECTED = _(
    "The file could not be checked because of an unexpected problem. Nothing was imported; "
    "the administrator can see the details in the server log."
)
NAME_MISSING = _("The institution's name is empty.")
AREA_MISSING = _("Give the kelurahan (and kecamatan) of the institution.")
SAME_KEY_IN_FILE = _("The same institution is already in sheet %(sheet)s, row %(row)s.")
SAME_NAME_IN_FILE = _(
    "Possibly the same institution as sheet %(sheet)s, row %(row)s (same name, same kelurahan)."
)
SAME_NAME_IN_REGISTER = _(
    "Possibly the same institution as one in the register (same name, same kelurahan)."
)
OTHER_NAME = _(
    "Matches %(record)s by %(by)s, but the name in the file is “%(name)s”: decide whether it is "
    "the same institution."
)
COMPARED_FIELDS = (
    "name",
    "registration_number",
    "npwp",
    "address",
    "kecamatan",
    "kelurahan",
    "head_name",
    "phone",
)


def label(field_name: str) -> str:
    column = COLUMN_BY_FIELD.get(field_name)
    return column.header if column else str(Institution._meta.get_field(field_name).verbose_name)


# --- Progress beside the upload.


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


# --- Reading the file: sheets, tables, rows.


@dataclass
class FileRow:
    sheet: str
    number: int
    cells: list
    columns: list
    kecamatan: object = None  # from a section heading above the row


@dataclass
class Scan:
    reports: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    skipped_count: int = 0
    total: int = 0
    rows: object = None


def _skip(scan, sheet, number, reason):
    scan.skipped_count += 1
    if len(scan.skipped) < MAX_SKIPS_REPORTED:
        scan.skipped.append({"sheet": sheet, "row": number, "reason": str(reason)})


def scan_file(job, lookups) -> Scan:
    """Finds the table of every sheet and returns the institution rows to come, streamed."""
    scan = Scan()
    chosen = set(job.chosen_sheets or [])
    tables = []
    for raw in read_sheets(Path(job.file.path), job.original_name):
        rows = fill_merges(raw.rows, raw.merges)
        first = list(islice(rows, SEARCH_ROWS))
        table = find_table(raw.name, first, lookups)
        report = SheetReport(raw.name, "skipped")
        if table is None:
            has_cells = any(cells for _n, cells in first) or next(rows, None) is not None
            report.reason = str(SHEET_NO_TABLE if has_cells else SHEET_EMPTY)
        elif "name" not in table.fields:
            report.reason = str(SHEET_NO_NAMES)
        elif chosen and raw.name not in chosen:
            report.reason = str(_("not chosen"))
        else:
            report.status = "read"
            report.header_rows = table.header_rows
            report.fields = sorted(table.fields)
            last_header = table.header_rows[-1]
            body = chain([(n, c) for n, c in first if n > last_header], rows)
            tables.append((table, body, report))
            scan.total += max(raw.total - last_header, 0)
        scan.reports.append(report)
    for table, _body, _report in tables:
        for index, (column, text) in enumerate(table.columns):
            if text:
                scan.columns.append(
                    {
                        "sheet": table.sheet,
                        "position": index + 1,
                        "header": text,
                        "field": column.field if column else "",
                        "used_as": str(column.header) if column else "",
                    }
                )
    if not tables:
        _refuse_empty(scan)
    scan.rows = _institution_rows(scan, tables, lookups)
    return scan


def _refuse_empty(scan):
    reasons = {report.reason for report in scan.reports}
    if not scan.reports or reasons == {str(SHEET_EMPTY)}:
        raise FileRefused(EMPTY_FILE)
    if str(SHEET_NO_NAMES) in reasons:
        raise FileRefused(
            NO_DATA_SHEET % {"sheets": ", ".join(report.name for report in scan.reports)}
        )
    raise FileRefused(NO_TABLE)


def _institution_rows(scan, tables, lookups):
    for table, body, report in tables:
        positions = {
            "name": next(i for i, (c, _t) in enumerate(table.columns) if c and c.field == "name")
        }
        blanks, context = [], None
        for number, cells in body:
            reason = classify_row(cells, table, lookups, positions)
            if reason == SKIP_BLANK:
                blanks.append(number)
                continue
            # Blank rows between institutions are reported; those after the last one are not.
            for blank in blanks:
                _skip(scan, table.sheet, blank, SKIP_BLANK)
            blanks = []
            if reason:
                if reason == SKIP_NOTE:
                    context = section_kecamatan(cells, lookups) or context
                _skip(scan, table.sheet, number, reason)
                continue
            report.rows += 1
            yield FileRow(table.sheet, number, cells, table.columns, context)


# --- One row: read whole, then checked.


@dataclass
class Checked:
    row: FileRow
    institution: Institution
    outcome: str = ""
    changes: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    groups: list | None = None
    new_status: str = ""
    matched_pk: int | None = None
    comparison: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    note: str = ""


def read_row(row: FileRow, lookups):
    """(values by field, errors as (field, message), raw service-type text if unsure)."""
    raw = {}
    for index, (column, _text) in enumerate(row.columns):
        if column is None or column.kind == "ignored" or index >= len(row.cells):
            continue
        value = row.cells[index]
        if value is None or (isinstance(value, str) and not clean_text(value)):
            continue
        # Our exports quote a text that a spreadsheet would run as a formula: take it off.
        raw.setdefault(column.field, restore(value))
    values, errors, note = {}, [], ""
    for name, value in raw.items():
        column = COLUMN_BY_FIELD[name]
        if column.kind in ("kecamatan", "kelurahan", "groups"):
            continue
        try:
            parsed = parse_value(column, value, lookups)
        except CellError as error:
            errors.append((name, str(error)))
            continue
        if column.kind == "rtrw_pair":
            values.setdefault("rt", parsed[0])
            values.setdefault("rw", parsed[1])
        else:
            values[name] = parsed
    kecamatan_text = clean_text(raw.get("kecamatan"))
    kelurahan_text = clean_text(raw.get("kelurahan"))
    if not kecamatan_text and row.kecamatan is not None:
        kecamatan_text = row.kecamatan.name
    kecamatan, kelurahan, area_errors = resolve_area(kecamatan_text, kelurahan_text, lookups)
    errors.extend(area_errors)
    if kecamatan is not None:
        values["kecamatan"] = kecamatan
    if kelurahan is not None:
        values["kelurahan"] = kelurahan
    if "target_groups" in raw:
        groups, unsure = parse_service_types(raw["target_groups"], lookups)
        values["target_groups"] = groups
        if unsure:
            note = clean_text(raw["target_groups"])[:300]
    return values, errors, note


def _cells_as_text(cells) -> list:
    return [
        value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else clean_text(value)
        for value in cells
    ]


class Matcher:
    """What is already in the register and in the rows read so far, in memory (no query per
    row): registration numbers, NPWPs, names per kelurahan."""

    def __init__(self):
        self.by_number, self.by_npwp, self.by_name = {}, {}, {}
        for pk, number, npwp, name, kelurahan_id in Institution.objects.values_list(
            "pk", "registration_number", "npwp", "name", "kelurahan_id"
        ):
            if number:
                self.by_number[number] = pk
            if npwp:
                self.by_npwp[npwp] = pk
            self.by_name.setdefault((kelurahan_id, name_key(name)), []).append(pk)
        self.seen_key, self.seen_name = {}, {}
        # Records a row of the file matched or created: a later row without registration number
        # and NPWP is not matched to them again by name.
        self.claimed = set()

    def remember(self, institution):
        self.claimed.add(institution.pk)
        if institution.registration_number:
            self.by_number[institution.registration_number] = institution.pk
        if institution.npwp:
            self.by_npwp[institution.npwp] = institution.pk
        key = (institution.kelurahan_id, name_key(institution.name))
        if institution.pk not in self.by_name.get(key, []):
            self.by_name.setdefault(key, []).append(institution.pk)


def new_institution(values, note) -> Institution:
    institution = Institution(service_types_note=note)
    _apply_values(institution, values, True)
    return institution


def _apply_values(institution, values, is_new) -> list:
    """Sets the row's values on the record; an empty cell never clears what the register has."""
    changes = []
    for name, value in values.items():
        if name in ("target_groups", "operating_status") or value in (None, ""):
            continue
        attname = f"{name}_id" if name in COMPARE_BY_ID else name
        current = getattr(institution, attname)
        new = value.pk if name in COMPARE_BY_ID else value
        if isinstance(current, str) and clean_text(current) == new:
            continue  # the file's value is the register's, but for spacing: nothing to change
        if current != new:
            if not is_new:
                changes.append(name)
            setattr(institution, name, value)
    return changes


def check_rows(rows, lookups, matcher, existing_groups):
    """Checks a chunk of rows against the register, fetching the matched records in one query."""
    read = []
    for row in rows:
        values, errors, note = read_row(row, lookups)
        number = values.get("registration_number") or ""
        npwp = values.get("npwp") or ""
        pk = matcher.by_number.get(number) if number else None
        by = _("registration number")
        if pk is None and npwp:
            pk, by = matcher.by_npwp.get(npwp), "NPWP"
        read.append((row, values, errors, note, pk, by))
    pks = {pk for *_rest, pk, _by in read if pk}
    name_pks = set()
    for _row, values, *_rest in read:
        kelurahan = values.get("kelurahan")
        if kelurahan is not None:
            name_pks.update(matcher.by_name.get((kelurahan.pk, name_key(values.get("name"))), []))
    records = Institution.objects.select_related(
        "kecamatan", "kelurahan", "legal_form__legal_type", "specialisation", "legal_basis"
    ).in_bulk(pks | name_pks)
    groups_of = existing_groups(pks | name_pks)
    for row, values, errors, note, pk, by in read:
        yield _check_one(row, values, errors, note, pk, by, records, groups_of, matcher, lookups)


def _check_one(row, values, errors, note, pk, by, records, groups_of, matcher, lookups):
    messages = [(label(name), message) for name, message in errors]
    key = values.get("registration_number") or values.get("npwp")
    if key and key in matcher.seen_key:
        sheet, number = matcher.seen_key[key]
        messages.append(("—", SAME_KEY_IN_FILE % {"sheet": sheet, "row": number}))
    elif key:
        matcher.seen_key[key] = (row.sheet, row.number)

    record = records.get(pk) if pk else None
    outcome, messages_review = "", []
    kelurahan = values.get("kelurahan")
    name = values.get("name") or ""
    name_slot = (kelurahan.pk, name_key(name)) if kelurahan is not None and name else None
    if record is None and not key and name_slot:
        # Records of that name in that kelurahan that no earlier row of the file took: the
        # closest one (an export of the register imported back finds each its own record).
        candidates = [
            records[c]
            for c in matcher.by_name.get(name_slot, [])
            if c in records and c not in matcher.claimed
        ]
        if candidates:
            record = min(candidates, key=lambda c: len(_apply_values(copy.copy(c), values, False)))
            outcome = ImportOutcome.DUPLICATE
            messages_review = [SAME_NAME_IN_REGISTER]
        elif name_slot in matcher.seen_name:
            sheet, number = matcher.seen_name[name_slot]
            outcome = ImportOutcome.DUPLICATE
            messages_review = [SAME_NAME_IN_FILE % {"sheet": sheet, "row": number}]
    if name_slot:
        matcher.seen_name.setdefault(name_slot, (row.sheet, row.number))
    if record is not None:
        matcher.claimed.add(record.pk)

    matched = record.pk if record is not None else None
    # A copy (with its related records), so two rows matching one record do not share it.
    institution = copy.copy(record) if record is not None else new_institution(values, note)
    is_new = record is None
    changes = _apply_values(institution, values, is_new)
    groups = values.get("target_groups") or None
    current_groups = groups_of.get(record.pk, set()) if record is not None else set()
    if groups and {g.pk for g in groups} != current_groups and not is_new:
        changes.append("target_groups")
    if note and (is_new or not current_groups) and institution.service_types_note != note:
        institution.service_types_note = note
    new_status = values.get("operating_status") or ""
    if new_status and new_status != (institution.operating_status if not is_new else "active"):
        probe = institution if not is_new else Institution(kind=institution.kind)
        problem = services.status_change_problem(probe, new_status)
        if problem:
            messages.append((label("operating_status"), str(problem)))
        elif not is_new:
            changes.append("operating_status")
    services.fill_validity(institution, lookups.registry_settings)

    if not name and not institution.name:
        messages.append((label("name"), NAME_MISSING))
    area_given = any(n in ("kecamatan", "kelurahan") for n, _m in errors)
    if (institution.kelurahan_id is None or institution.kecamatan_id is None) and not area_given:
        messages.append((label("kelurahan"), AREA_MISSING))
    # Uniqueness against the register (in memory); the database constraints still hold.
    number_owner = matcher.by_number.get(institution.registration_number)
    if institution.registration_number and number_owner not in (None, institution.pk):
        messages.append((label("registration_number"), DUPLICATE_REGISTRATION_NUMBER))
    npwp_owner = matcher.by_npwp.get(institution.npwp)
    if institution.npwp and npwp_owner not in (None, institution.pk):
        messages.append((label("npwp"), DUPLICATE_NPWP))

    missing = []
    if not messages:
        count = len(groups) if groups else len(current_groups)
        missing, invalid = institution.register_check(target_group_count=count, trusted_fks=True)
        for name_, field_messages in invalid.items():
            messages.extend(
                (label(name_) if name_ != "__all__" else "—", m) for m in field_messages
            )

    checked = Checked(row, institution, groups=groups, new_status=new_status, matched_pk=matched)
    checked.values, checked.note = values, note
    checked.missing = missing
    if messages:
        checked.outcome = ImportOutcome.ERROR
        checked.messages = [f"{column}: {message}" for column, message in messages]
        return checked
    if record is not None and outcome != ImportOutcome.DUPLICATE and key:
        similarity = SequenceMatcher(
            None, name_key(record.name), name_key(institution.name)
        ).ratio()
        if similarity < CONFLICT_SIMILARITY:
            outcome = ImportOutcome.CONFLICT
            messages_review = [
                OTHER_NAME % {"record": record.name, "by": by, "name": institution.name}
            ]
    if outcome == ImportOutcome.DUPLICATE and record is not None and not changes:
        outcome = ""  # the same record exported and imported back: nothing to decide
    if outcome:
        checked.outcome = outcome
        checked.messages = [str(m) for m in messages_review]
        checked.comparison = [
            {
                "field": label(name_),
                "file": _shown(getattr(institution, name_)),
                "register": _shown(getattr(record, name_)) if record is not None else "",
            }
            for name_ in COMPARED_FIELDS
        ]
    elif is_new:
        checked.outcome = ImportOutcome.NEW
    elif changes:
        checked.outcome = ImportOutcome.CHANGED
    else:
        checked.outcome = ImportOutcome.UNCHANGED
    checked.changes = [label(name_) for name_ in changes]
    return checked


def _shown(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _groups_of(pks):
    through = Institution.target_groups.through
    result = {}
    for institution_id, group_id in through.objects.filter(institution_id__in=pks).values_list(
        "institution_id", "targetgroup_id"
    ):
        result.setdefault(institution_id, set()).add(group_id)
    return result


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _pass(job, on_row):
    lookups = Lookups()
    scan = scan_file(job, lookups)
    matcher = Matcher()
    processed = 0
    _write_progress(job, 0, scan.total)
    for chunk in _chunks(scan.rows, CHUNK):
        for checked in check_rows(chunk, lookups, matcher, _groups_of):
            on_row(checked, matcher)
            processed += 1
        _write_progress(job, processed, max(scan.total, processed))
    _write_progress(job, processed, processed)
    return scan, processed


# --- The two phases.


def validate(job: ImportJob) -> ImportJob:
    """The dry run: reports every row, writes nothing to the register."""
    counts = dict.fromkeys(ImportOutcome.values, 0)
    counts["incomplete"] = 0
    pending = []

    def on_row(checked, matcher):
        counts[checked.outcome] += 1
        if checked.missing and checked.outcome != ImportOutcome.ERROR:
            counts["incomplete"] += 1
        keep_cells = checked.outcome in (ImportOutcome.ERROR, *REVIEW_OUTCOMES)
        pending.append(
            ImportRow(
                job=job,
                sheet=checked.row.sheet,
                row_number=checked.row.number,
                name=clean_text(checked.institution.name)[:300],
                outcome=checked.outcome,
                changes=checked.changes,
                messages=checked.messages,
                missing=[label(name) for name in checked.missing],
                cells=_cells_as_text(checked.row.cells) if keep_cells else [],
                matched_id=checked.matched_pk,
                comparison=checked.comparison,
            )
        )
        if checked.outcome not in (ImportOutcome.ERROR, *REVIEW_OUTCOMES):
            # Later rows see this one as if it were in the register (duplicates within the file).
            checked.institution.pk = checked.institution.pk or -len(pending)
            matcher.remember(checked.institution)
        if len(pending) >= CHUNK:
            ImportRow.objects.bulk_create(pending)
            pending.clear()

    job.rows.all().delete()
    scan, processed = _pass(job, on_row)
    ImportRow.objects.bulk_create(pending)
    if not processed:
        raise FileRefused(
            HEADERS_ONLY % {"sheets": ", ".join(r.name for r in scan.reports if r.status == "read")}
        )
    for report in scan.reports:
        if report.status == "read" and not report.rows:
            report.reason = str(SHEET_HEADERS_ONLY)
    job.status = ImportStatus.VALIDATED
    job.total_rows = job.processed_rows = processed
    job.new_count = counts[ImportOutcome.NEW]
    job.changed_count = counts[ImportOutcome.CHANGED]
    job.unchanged_count = counts[ImportOutcome.UNCHANGED]
    job.error_count = counts[ImportOutcome.ERROR]
    job.review_count = counts[ImportOutcome.CONFLICT] + counts[ImportOutcome.DUPLICATE]
    job.incomplete_count = counts["incomplete"]
    job.held_back_count = job.error_count + job.review_count
    job.sheets = [vars(report) for report in scan.reports]
    job.columns = scan.columns
    job.skipped_rows = scan.skipped
    job.message = ""
    job.save()
    return job


def confirm(job: ImportJob) -> ImportJob:
    """Imports the rows without errors (and the conflicts and duplicates the user decided to let
    in) in one transaction; every other row is held back."""
    dry_run = {
        (row.sheet, row.row_number): row
        # Every field the bulk update below writes, or each row would be read again for it.
        for row in job.rows.only(
            "pk", "job", "sheet", "row_number", "outcome", "decision", "institution", "messages"
        )
    }
    file_name = job.original_name
    applied, held, updated = {"new": 0, "changed": 0}, 0, []

    def on_row(checked, matcher):
        nonlocal held
        row = dry_run.get((checked.row.sheet, checked.row.number))
        outcome = checked.outcome
        if row is not None and outcome in REVIEW_OUTCOMES:
            if row.decision == ImportDecision.UPDATE and checked.matched_pk:
                outcome = ImportOutcome.CHANGED
            elif row.decision == ImportDecision.CREATE and outcome == ImportOutcome.DUPLICATE:
                outcome = ImportOutcome.NEW
                checked.institution = new_institution(checked.values, checked.note)
        if row is None or outcome not in (ImportOutcome.NEW, ImportOutcome.CHANGED):
            if outcome in (ImportOutcome.ERROR, *REVIEW_OUTCOMES):
                held += 1
            return
        try:
            with transaction.atomic():
                institution = services.institution_import_save(
                    institution=checked.institution,
                    target_groups=checked.groups,
                    new_status=checked.new_status,
                    user=job.created_by,
                    file_name=file_name,
                )
        except services.ImportRowRefused as refused:
            held += 1
            row.outcome, row.messages = ImportOutcome.ERROR, [str(m) for m in refused.messages]
            updated.append(row)
            return
        matcher.remember(institution)
        applied["new" if outcome == ImportOutcome.NEW else "changed"] += 1
        row.institution_id, row.outcome = institution.pk, outcome
        updated.append(row)

    with transaction.atomic():
        _scan, processed = _pass(job, on_row)
        ImportRow.objects.bulk_update(
            updated, ["institution", "outcome", "messages"], batch_size=CHUNK
        )
        job.status = ImportStatus.DONE
        job.new_count, job.changed_count = applied["new"], applied["changed"]
        job.held_back_count = held
        job.processed_rows = processed
        job.finished_at = timezone.now()
        job.message = ""
        job.save()
    return job


def _fail(job, message):
    job.status, job.message, job.finished_at = ImportStatus.FAILED, str(message), timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])


# First key of the advisory locks that claim an import job (the second is the job's id).
IMPORT_CLAIM = 7301


@contextlib.contextmanager
def claim(job_id: int):
    """Hold the job for this process while it runs. A session-level advisory lock in PostgreSQL:
    a second run of the same job waits here until the first has finished (and then finds it
    finished), and PostgreSQL drops the lock of a process that died, so a dead worker never
    leaves a job held."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORT_CLAIM, job_id])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [IMPORT_CLAIM, job_id])


def run(job_id: int) -> ImportJob:
    """Run the phase the job is waiting for: the dry run, or the import once confirmed.

    Safe to run again at any time: a run of a job that another process is running waits for
    it and then finds it finished; the import's rows and its "done" are committed together, so
    a worker that dies mid-import leaves nothing behind and the next run starts afresh. A file
    that kills the worker every time ends as failed after MAX_ATTEMPTS runs."""
    with claim(job_id):
        job = ImportJob.objects.get(pk=job_id)
        if job.status not in (ImportStatus.VALIDATING, ImportStatus.IMPORTING):
            return job  # finished by an earlier run
        job.attempts += 1
        job.save(update_fields=["attempts"])
        if job.attempts > MAX_ATTEMPTS:
            _fail(job, INTERRUPTED % {"times": MAX_ATTEMPTS})
            return job
        return _run_claimed(job)


# --- The job's states, as the pages ask for them. Each change is made here, with the row
# locked, and defers the queue job in the same transaction.


class ImportNotNow(Exception):
    """The job is not in a state that allows this step; the message is for the user."""


@transaction.atomic
def import_job_start(*, uploaded_file, user) -> ImportJob:
    """A new upload: saved, and its dry run queued."""
    job = ImportJob.objects.create(
        file=uploaded_file, original_name=uploaded_file.name[:255], created_by=user
    )
    enqueue_import(job)
    return job


def _locked(job_id) -> ImportJob:
    return ImportJob.objects.select_for_update().get(pk=job_id)


def _next_phase(job, status, **fields):
    job.status, job.attempts, job.message = status, 0, ""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "attempts", "message", *fields])
    enqueue_import(job)


@transaction.atomic
def import_job_choose_sheets(*, job_id: int, sheets: list) -> ImportJob:
    """Check the file again, reading only the sheets the user chose (names the dry run saw)."""
    job = _locked(job_id)
    known = {sheet["name"] for sheet in job.sheets}
    chosen = [name for name in sheets if name in known]
    if job.status not in (ImportStatus.VALIDATED, ImportStatus.FAILED) or not chosen:
        raise ImportNotNow(CHOOSE_A_SHEET)
    _next_phase(job, ImportStatus.VALIDATING, chosen_sheets=chosen)
    return job


@transaction.atomic
def import_job_confirm(*, job_id: int) -> ImportJob:
    """The user confirmed the dry run: the import is queued once (a second click, or two users
    at once, find it no longer waiting for confirmation)."""
    job = _locked(job_id)
    if job.status != ImportStatus.VALIDATED:
        raise ImportNotNow(NOT_NOW)
    _next_phase(job, ImportStatus.IMPORTING)
    return job


@transaction.atomic
def import_job_decide(*, job_id: int, decisions: dict) -> ImportJob:
    """The user's decision per conflict or possible duplicate ({row id: decision}): update the
    record it matched, add it as a new institution (a duplicate only), or hold it back."""
    job = _locked(job_id)
    if job.status != ImportStatus.VALIDATED:
        raise ImportNotNow(NOT_NOW)
    for row in job.rows.filter(outcome__in=REVIEW_OUTCOMES, pk__in=list(decisions)):
        decision = decisions[row.pk]
        if decision not in ImportDecision.values:
            continue
        if decision == ImportDecision.CREATE and row.outcome != ImportOutcome.DUPLICATE:
            continue
        if decision == ImportDecision.UPDATE and row.matched_id is None:
            continue
        if row.decision != decision:
            row.decision = decision
            row.save(update_fields=["decision"])
    return job


def _run_claimed(job) -> ImportJob:
    """Whatever happens, the job ends (validated, done or failed with an Indonesian message):
    never left "checking"."""
    try:
        if job.status == ImportStatus.VALIDATING:
            return validate(job)
        if job.status == ImportStatus.IMPORTING:
            return confirm(job)
    except FileRefused as refused:
        _fail(job, refused)
    except Exception:  # a broken file must end the job with a message, not hang it
        logger.exception("import %s failed", job.pk)
        _fail(job, UNEXPECTED)
    return job

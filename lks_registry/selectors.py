"""Reads that more than one page needs."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lks_registry.models import BoardMember, Document, Institution, LegalType

HISTORY_LIMIT = 50
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Outside the f-strings that use them: gettext's extractor does not read inside f-strings.
BOARD_MEMBER = _("board member")
DOCUMENT = _("document")


@dataclass
class HistoryEntry:
    when: object
    who: object
    subject: str
    action: str
    changes: list = field(default_factory=list)


#: A changed text longer than this is shown by its start only (the whole text is on the record).
HISTORY_TEXT_LIMIT = 80


def _display(model_field, value, related_names):
    """A value as a person reads it: the choice's label, the related row's name, a date as a
    date, yes/no, a long text cut short, and never a raw dict, list or None."""
    if value in (None, "", [], {}):
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        return related_names.get((model_field.related_model, value), value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, dict):
        return ngettext("%(count)s answer", "%(count)s answers", len(value)) % {"count": len(value)}
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return Truncator(str(value)).chars(HISTORY_TEXT_LIMIT)


#: Labels for the fields whose models give no translated verbose_name (they would show the English
#: field name in the Indonesian history). A foreign key without one takes its model's name.
UNLABELLED_FIELDS = {
    "version": _("version"),
    "content_type": _("file type"),
    "uploaded_by": _("uploaded by"),
    "created_by": _("created by"),
    "created_at": _("created on"),
    "finished_at": _("finished on"),
    "received_at": _("received on"),
    "recorded_by": _("recorded by"),
    "closed_by": _("closed by"),
    "issued_by": _("issued by"),
    "sent_by": _("sent by"),
    "data": _("answers"),
    "attachment": _("attachment"),
    "attachment_type": _("attachment type"),
    "message": _("message"),
    "file": _("file"),
}


def field_label(model_field):
    """The label of a field in a change history, always in the interface language."""
    if isinstance(model_field.verbose_name, Promise) or model_field.name in ("rt", "rw"):
        return model_field.verbose_name
    if model_field.name in UNLABELLED_FIELDS:
        return UNLABELLED_FIELDS[model_field.name]
    if isinstance(model_field, models.ForeignKey):
        return model_field.related_model._meta.verbose_name
    return model_field.verbose_name


def _change(model_field, old, new, related_names):
    """(label, old, new) of one changed field; for the answers of a form kept as a dict, the
    number of answers that changed instead of two whole dicts."""
    if isinstance(old, dict) or isinstance(new, dict):
        old, new = old or {}, new or {}
        changed = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
        return (
            field_label(model_field),
            "—",
            ngettext("%(count)s answer changed", "%(count)s answers changed", len(changed))
            % {"count": len(changed)},
        )
    return (
        field_label(model_field),
        _display(model_field, old, related_names),
        _display(model_field, new, related_names),
    )


def _entries(records, model, subject_of):
    """One entry per historical record, with the fields that changed since that object's
    previous record (old and new values)."""
    records = sorted(records, key=lambda record: (record.history_date, record.history_id))
    previous_by_object, pending = {}, []
    for record in records:
        previous = previous_by_object.get(record.id)
        delta = record.diff_against(previous) if previous and record.history_type == "~" else None
        pending.append((record, delta.changes if delta else []))
        previous_by_object[record.id] = record

    # Names of related rows (kelurahan, legal form, …): one query per related model, not per row.
    wanted = {}
    for _record, changes in pending:
        for change in changes:
            model_field = model._meta.get_field(change.field)
            if isinstance(model_field, models.ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update({change.old, change.new})
    related_names = {
        (related, obj.pk): str(obj)
        for related, ids in wanted.items()
        for obj in related.objects.filter(pk__in=ids - {None})
    }
    for record, changes in pending:
        yield HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            subject=subject_of(record),
            action=ACTIONS[record.history_type],
            changes=[
                _change(model._meta.get_field(change.field), change.old, change.new, related_names)
                for change in changes
            ],
        )


def institution_history(institution, limit=HISTORY_LIMIT) -> list[HistoryEntry]:
    """The audit trail of an institution, its board and its documents, newest first."""
    institution_records = Institution.history.filter(id=institution.pk).select_related(
        "history_user"
    )
    board_records = BoardMember.history.filter(institution_id=institution.pk).select_related(
        "history_user"
    )
    document_records = Document.history.filter(institution_id=institution.pk).select_related(
        "history_user", "document_type"
    )
    entries = [
        *_entries(
            institution_records.order_by("-history_date")[:limit],
            Institution,
            lambda r: str(_("institution data")),
        ),
        *_entries(
            board_records.order_by("-history_date")[:limit],
            BoardMember,
            lambda r: f"{BOARD_MEMBER}: {r.name}",
        ),
        *_entries(
            document_records.order_by("-history_date")[:limit],
            Document,
            lambda r: f"{DOCUMENT}: {r.document_type} ({r.original_name})",
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class PermitEntry:
    number: str
    date: datetime.date | None
    valid_until: datetime.date | None
    recorded_at: datetime.datetime
    recorded_by: object
    reason: str


def permit_history(institution) -> list[PermitEntry]:
    """The operating permits an LKSA has held, newest (the current one) first, read from the
    institution's audit history: the one record of past permits, written by every route that
    sets one (the form, the import, a renewal). A correction of the current permit shows as its
    own line, with who made it."""
    records = (
        Institution.history.filter(id=institution.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .only(
            "permit_number",
            "permit_date",
            "permit_valid_until",
            "history_date",
            "history_user",
            "history_change_reason",
        )
    )
    entries, last = [], None
    for record in records:
        permit = (record.permit_number, record.permit_date, record.permit_valid_until)
        if permit == last:
            continue
        last = permit
        if any(permit):
            entries.append(
                PermitEntry(
                    *permit,
                    recorded_at=record.history_date,
                    recorded_by=record.history_user,
                    reason=record.history_change_reason or "",
                )
            )
    return entries[::-1]


def records_history(records, model, subject_of, limit=HISTORY_LIMIT) -> list[HistoryEntry]:
    """The audit trail of related rows (e.g. a case's readiness scores), newest first."""
    records = records.select_related("history_user").order_by("-history_date")[:limit]
    return list(_entries(records, model, subject_of))


def object_history(obj, limit=HISTORY_LIMIT) -> list[HistoryEntry]:
    """The audit trail of one record (a case, a concern, an application), newest first."""
    records = obj.history.select_related("history_user").order_by("-history_date")[:limit]
    entries = list(_entries(records, type(obj), lambda record: str(type(obj)._meta.verbose_name)))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


# --- Imports and the records they left incomplete.


def import_rows(job, *, outcome: str = ""):
    """The rows of an import as the dry run (and, later, the import) found them, in file order;
    "review" means the conflicts and possible duplicates the user decides on."""
    from lks_registry.models import REVIEW_OUTCOMES

    rows = job.rows.select_related("matched", "institution").defer("cells")
    if outcome == "review":
        return rows.filter(outcome__in=REVIEW_OUTCOMES)
    if outcome == "incomplete":
        return rows.exclude(missing=[]).exclude(outcome="error")
    if outcome:
        return rows.filter(outcome=outcome)
    return rows


def import_held_back_rows(job):
    """Rows that did not (or will not) go in: errors, and conflicts or duplicates held back."""
    from lks_registry.models import REVIEW_OUTCOMES, ImportDecision, ImportOutcome

    return job.rows.filter(
        models.Q(outcome=ImportOutcome.ERROR)
        | models.Q(outcome__in=REVIEW_OUTCOMES, decision=ImportDecision.HOLD)
    )


def incomplete_institutions():
    """The staff worklist: records marked "data belum lengkap", oldest first."""
    return (
        Institution.objects.incomplete()
        .select_related("kecamatan", "kelurahan")
        .order_by("created_at", "pk")
    )


@dataclass
class ImportProgress:
    """What the background job of an import is doing, as the page tells it."""

    phase: str  # "waiting", "running", "done" or "failed"
    explanation: str = ""


IMPORT_WAITING = _("Waiting for a background worker to start it.")
IMPORT_RETRYING = _(
    "The worker that ran it stopped; it is waiting to be started again from the beginning. "
    "Nothing of the interrupted run was kept."
)
IMPORT_JOB_CRASHED = _(
    "The background job stopped with an unexpected error. Ask an administrator to look at the "
    "queue page."
)


def import_progress(job) -> ImportProgress:
    """Waiting / running / done / failed, from the import's own status and, while it is in the
    queue, from the queue job's state (procrastinate's, kept in the same database)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from lks_registry.models import ImportStatus

    if job.status == ImportStatus.FAILED:
        return ImportProgress("failed", job.message)
    if job.status in (ImportStatus.VALIDATED, ImportStatus.DONE):
        return ImportProgress("done")
    queued = list(
        ProcrastinateJob.objects.filter(
            task_name="lks_registry.run_import", args__job_id=job.pk
        ).values_list("status", "attempts")
    )
    if any(status == "doing" for status, _attempts in queued):
        return ImportProgress("running")
    waiting = [attempts for status, attempts in queued if status == "todo"]
    if waiting:
        return ImportProgress("waiting", IMPORT_RETRYING if max(waiting) else IMPORT_WAITING)
    if any(status == "failed" for status, _attempts in queued):
        return ImportProgress("failed", IMPORT_JOB_CRASHED)
    return ImportProgress("waiting", IMPORT_WAITING)


def missing_documents_count(end=None):
    """`Institution.missing_document_types()` as an annotation of an Institution queryset: the
    number of document types its legal type requires with no current upload. With ``end`` (an
    aware moment) the documents as they stood then: uploaded before it and not yet replaced.
    A test keeps this and the method in step."""
    uploaded = Document.objects.filter(
        institution_id=OuterRef(OuterRef("pk")), document_type_id=OuterRef("documenttype_id")
    )
    if end is None:
        uploaded = uploaded.filter(superseded_at__isnull=True)
    else:
        uploaded = uploaded.filter(uploaded_at__lt=end).filter(
            Q(superseded_at__isnull=True) | Q(superseded_at__gte=end)
        )
    required = (
        LegalType.required_document_types.through.objects.filter(
            legaltype_id=OuterRef("legal_form__legal_type_id")
        )
        .filter(~Exists(uploaded))
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(required, output_field=IntegerField()), 0)


def institution_next_steps(institution, missing_documents) -> list[tuple[str, str]]:
    """What an institution's own account should do next, as (what, link or ""): from its
    registration state (the one rule, Institution.registration_state) and missing documents.
    The apps' panels on the same page add their own (accreditation, messages)."""
    from django.urls import reverse

    from lks_registry.models import RegistrationState

    steps = []
    state = institution.registration_state
    if state == RegistrationState.LAPSED:
        steps.append((str(NEXT_DAFTAR_ULANG), ""))
    elif state == RegistrationState.NONE:
        steps.append((str(NEXT_NOT_REGISTERED), ""))
    if missing_documents:
        steps.append(
            (
                str(NEXT_UPLOAD) % {"documents": ", ".join(map(str, missing_documents))},
                reverse("lks_registry:document_upload", args=[institution.pk]),
            )
        )
    if not steps:
        steps.append((str(NEXT_NOTHING), ""))
    return steps


NEXT_DAFTAR_ULANG = _(
    "Your tanda daftar has expired: send the daftar ulang (a change request with your current "
    "data) to Dinas Sosial."
)
NEXT_NOT_REGISTERED = _("Your institution is not registered yet: wait for the decision of Dinsos.")
NEXT_UPLOAD = _("Upload the missing documents: %(documents)s.")
NEXT_NOTHING = _("Nothing is due now. Keep your data and documents up to date.")

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lks_registry import importer, selectors
from lks_registry.exports import xlsx_response
from lks_registry.forms import ImportUploadForm
from lks_registry.models import (
    REVIEW_OUTCOMES,
    ImportDecision,
    ImportJob,
    ImportOutcome,
    ImportStatus,
)
from lks_registry.permissions import ADD_INSTITUTION, permission_required
from lks_registry.selectors import import_held_back_rows, import_rows
from lks_registry.spreadsheet import template_workbook
from lks_registry.tasks import enqueue_import

RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
NOT_NOW = _("This file cannot be imported in its present state.")


@require_http_methods(["GET", "POST"])
@permission_required(ADD_INSTITUTION)
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        with transaction.atomic():
            job = ImportJob.objects.create(
                file=uploaded, original_name=uploaded.name[:255], created_by=request.user
            )
            enqueue_import(job)
        return redirect("lks_registry:import_job", job.pk)
    return render(
        request,
        "lks_registry/import_start.html",
        {"form": form, "jobs": ImportJob.objects.select_related("created_by")[:20]},
    )


@require_safe
@permission_required(ADD_INSTITUTION)
def import_job(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    queue = selectors.import_progress(job)
    # A job whose queue job crashed no longer runs: the page stops refreshing and says so.
    running = job.status in RUNNING and queue.phase != "failed"
    progress = importer.read_progress(job) if running else None
    outcome = request.GET.get("outcome", "")
    rows = import_rows(job, outcome=outcome)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    review = list(import_rows(job, outcome="review")[:200]) if not running else []
    read_sheets = [sheet for sheet in job.sheets if sheet.get("status") == "read"]
    candidate_sheets = [
        sheet for sheet in job.sheets if sheet.get("status") == "read" or sheet.get("fields")
    ]
    shapes = {tuple(sheet.get("fields", [])) for sheet in read_sheets}
    going_in = (
        job.new_count
        + job.changed_count
        + sum(1 for row in review if row.decision != ImportDecision.HOLD)
    )
    return render(
        request,
        "lks_registry/import_job.html",
        {
            "job": job,
            "running": running,
            "queue": queue,
            "progress": progress,
            "percent": int(100 * progress["processed"] / progress["total"])
            if progress and progress["total"]
            else 0,
            "page": page,
            "outcome": outcome,
            "query": f"outcome={outcome}",
            "outcomes": ImportOutcome.choices,
            "review": review,
            "decisions": ImportDecision.choices,
            "columns_used": [c for c in job.columns if c["field"] and c["field"] != "row_number"],
            "columns_ignored": [c for c in job.columns if not c["field"]],
            "sheets_unsure": len(shapes) > 1 or len(job.sheets) > 1,
            "candidate_sheets": candidate_sheets,
            "going_in": going_in,
            "held_back": job.held_back_count
            if job.status == ImportStatus.DONE
            else job.error_count + sum(1 for row in review if row.decision == ImportDecision.HOLD),
            "can_confirm": job.status == ImportStatus.VALIDATED and going_in > 0,
        },
    )


@require_POST
@permission_required(ADD_INSTITUTION)
def import_decide(request, pk):
    """The user's decision per conflict or possible duplicate: update the record it matched,
    add it as a new institution (a duplicate only), or hold it back."""
    job = get_object_or_404(ImportJob, pk=pk, status=ImportStatus.VALIDATED)
    allowed = set(ImportDecision.values)
    for row in job.rows.filter(outcome__in=REVIEW_OUTCOMES):
        decision = request.POST.get(f"decision-{row.pk}")
        if decision not in allowed:
            continue
        if decision == ImportDecision.CREATE and row.outcome != ImportOutcome.DUPLICATE:
            continue
        if decision == ImportDecision.UPDATE and row.matched_id is None:
            continue
        if row.decision != decision:
            row.decision = decision
            row.save(update_fields=["decision"])
    messages.success(request, _("Your decisions are saved; they apply when you import."))
    return redirect("lks_registry:import_job", job.pk)


@require_POST
@permission_required(ADD_INSTITUTION)
def import_sheets(request, pk):
    """Check the file again, reading only the sheets the user chose."""
    with transaction.atomic():
        job = get_object_or_404(ImportJob.objects.select_for_update(), pk=pk)
        known = {sheet["name"] for sheet in job.sheets}
        chosen = [name for name in request.POST.getlist("sheet") if name in known]
        if job.status not in (ImportStatus.VALIDATED, ImportStatus.FAILED) or not chosen:
            messages.error(request, _("Choose at least one sheet to read."))
            return redirect("lks_registry:import_job", job.pk)
        job.chosen_sheets = chosen
        job.status = ImportStatus.VALIDATING
        job.save(update_fields=["chosen_sheets", "status"])
        enqueue_import(job)
    return redirect("lks_registry:import_job", job.pk)


@require_POST
@permission_required(ADD_INSTITUTION)
def import_confirm(request, pk):
    with transaction.atomic():
        job = get_object_or_404(ImportJob.objects.select_for_update(), pk=pk)
        if job.status != ImportStatus.VALIDATED:
            messages.error(request, NOT_NOW)
            return redirect("lks_registry:import_job", job.pk)
        job.status = ImportStatus.IMPORTING
        job.save(update_fields=["status"])
        enqueue_import(job)
    return redirect("lks_registry:import_job", job.pk)


@require_safe
@permission_required(ADD_INSTITUTION)
def import_held_back(request, pk):
    """The rows that did not go in, as the file had them, with a column saying why: to correct
    and upload again."""
    job = get_object_or_404(ImportJob, pk=pk)
    by_sheet = {}
    for row in import_held_back_rows(job):
        by_sheet.setdefault(row.sheet, []).append(row)
    headers = {}
    for column in job.columns:
        headers.setdefault(column["sheet"], {})[column["position"]] = column["header"]
    sheets = []
    for sheet, rows in by_sheet.items():
        width = max([len(row.cells) for row in rows] + list(headers.get(sheet, {0: ""}).keys()))
        names = [headers.get(sheet, {}).get(index, "") for index in range(1, width + 1)]
        sheets.append(
            (
                sheet,
                [_("Row in the file"), _("Why it was held back"), *names],
                ([row.row_number, "; ".join(row.messages), *row.cells] for row in rows),
            )
        )
    if not sheets:
        sheets = [(_("Held back"), [_("Row in the file"), _("Why it was held back")], [])]
    return xlsx_response(f"ditahan-{job.pk}", sheets)


@require_safe
@permission_required(ADD_INSTITUTION)
def import_template(request):
    from lks_registry.exports import XLSX

    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-lks.xlsx"'
    return response

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lks_registry import importer, selectors
from lks_registry.exports import xlsx_response
from lks_registry.forms import ImportUploadForm
from lks_registry.models import (
    ImportDecision,
    ImportJob,
    ImportOutcome,
    ImportStatus,
)
from lks_registry.permissions import ADD_INSTITUTION, permission_required
from lks_registry.selectors import import_held_back_rows, import_rows
from lks_registry.spreadsheet import template_workbook

RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)


@require_http_methods(["GET", "POST"])
@permission_required(ADD_INSTITUTION)
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = importer.import_job_start(uploaded_file=form.cleaned_data["file"], user=request.user)
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
    decisions = {}
    for name, value in request.POST.items():
        if name.startswith("decision-") and name[len("decision-") :].isdigit():
            decisions[int(name[len("decision-") :])] = value
    try:
        importer.import_job_decide(job_id=job.pk, decisions=decisions)
    except importer.ImportNotNow as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your decisions are saved; they apply when you import."))
    return redirect("lks_registry:import_job", job.pk)


@require_POST
@permission_required(ADD_INSTITUTION)
def import_sheets(request, pk):
    """Check the file again, reading only the sheets the user chose."""
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        importer.import_job_choose_sheets(job_id=job.pk, sheets=request.POST.getlist("sheet"))
    except importer.ImportNotNow as refused:
        messages.error(request, str(refused))
    return redirect("lks_registry:import_job", job.pk)


@require_POST
@permission_required(ADD_INSTITUTION)
def import_confirm(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        importer.import_job_confirm(job_id=job.pk)
    except importer.ImportNotNow as refused:
        messages.error(request, str(refused))
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

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lks_registry import importer
from lks_registry.exports import XLSX
from lks_registry.forms import ImportUploadForm
from lks_registry.models import ImportJob, ImportStatus
from lks_registry.permissions import ADD_INSTITUTION, permission_required
from lks_registry.spreadsheet import template_workbook

RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)


@require_http_methods(["GET", "POST"])
@permission_required(ADD_INSTITUTION)
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            file=uploaded, original_name=uploaded.name[:255], created_by=request.user
        )
        importer.start_in_background(job)
        return redirect("lks_registry:import_job", job.pk)
    return render(
        request,
        "lks_registry/import_start.html",
        {"form": form, "jobs": ImportJob.objects.select_related("created_by")[:20]},
    )


@permission_required(ADD_INSTITUTION)
def import_job(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    running = job.status in RUNNING
    progress = importer.read_progress(job) if running else None
    return render(
        request,
        "lks_registry/import_job.html",
        {
            "job": job,
            "running": running,
            "progress": progress,
            "percent": int(100 * progress["processed"] / progress["total"])
            if progress and progress["total"]
            else 0,
            "can_confirm": job.status == ImportStatus.VALIDATED
            and job.error_count == 0
            and job.new_count + job.changed_count > 0,
        },
    )


@require_POST
@permission_required(ADD_INSTITUTION)
def import_confirm(request, pk):
    with transaction.atomic():
        job = get_object_or_404(ImportJob.objects.select_for_update(), pk=pk)
        if job.status != ImportStatus.VALIDATED or job.error_count:
            messages.error(request, _("This file cannot be imported in its present state."))
            return redirect("lks_registry:import_job", job.pk)
        job.status = ImportStatus.IMPORTING
        job.save(update_fields=["status"])
    importer.start_in_background(job)
    return redirect("lks_registry:import_job", job.pk)


@permission_required(ADD_INSTITUTION)
def import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-lks.xlsx"'
    return response

"""Staff work on supervision: public concerns, monitoring visits, written warnings, field
findings and the worklists that bring them together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lks_registry.permissions import (
    VIEW_ALL_INSTITUTIONS,
    permission_required,
    visible_institutions,
)
from lks_registry.selectors import object_history
from supervision import selectors, services
from supervision.forms import (
    ConcernUpdateForm,
    FieldFindingForm,
    MonitoringVisitForm,
    WrittenWarningForm,
)
from supervision.models import (
    OPEN_CONCERN_STATUSES,
    Concern,
    FieldFinding,
)

VIEW_CONCERNS = "supervision.view_concern"
HANDLE_CONCERNS = "supervision.change_concern"
RECORD_VISITS = "supervision.add_monitoringvisit"
ISSUE_WARNINGS = "supervision.add_writtenwarning"
VIEW_SUPERVISION = "supervision.view_monitoringvisit"
RECORD_FINDINGS = "supervision.add_fieldfinding"


@permission_required(VIEW_CONCERNS)
def concern_list(request):
    status = request.GET.get("status", "open")
    concerns = Concern.objects.select_related("institution").order_by("-received_at")
    if status == "open":
        concerns = concerns.filter(status__in=OPEN_CONCERN_STATUSES)
    elif status:
        concerns = concerns.filter(status=status)
    page = Paginator(concerns, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/concern_list.html",
        {"page": page, "status": status, "query": f"status={status}"},
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_CONCERNS)
def concern_detail(request, pk):
    concern = get_object_or_404(Concern.objects.select_related("institution"), pk=pk)
    form = ConcernUpdateForm(request.POST or None, instance=concern)
    if request.method == "POST":
        if not request.user.has_perm(HANDLE_CONCERNS):
            messages.error(request, _("Your role may not handle concerns."))
            return redirect("supervision:concern_detail", concern.pk)
        if form.is_valid():
            form.save()
            messages.success(request, _("The concern has been updated."))
            return redirect("supervision:concern_detail", concern.pk)
    return render(
        request,
        "supervision/concern_detail.html",
        {"concern": concern, "form": form, "history": object_history(concern)},
    )


@permission_required(VIEW_CONCERNS)
def concern_attachment(request, pk):
    concern = get_object_or_404(Concern.objects.exclude(attachment=""), pk=pk)
    return FileResponse(concern.attachment.open("rb"), content_type=concern.attachment_type)


# --- Supervision.


def _record_for_institution(request, pk, form_class, save, title):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(institution, form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect(institution)
    return render(
        request,
        "includes/simple_form.html",
        {"form": form, "institution": institution, "title": title},
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_VISITS)
def monitoring_visit_add(request, pk):
    def save(institution, form):
        visit = form.save(commit=False)
        visit.institution, visit.recorded_by = institution, request.user
        visit.full_clean()
        visit.save()

    return _record_for_institution(
        request, pk, MonitoringVisitForm, save, _("Record a monitoring visit")
    )


@require_http_methods(["GET", "POST"])
@permission_required(ISSUE_WARNINGS)
def warning_add(request, pk):
    def save(institution, form):
        services.written_warning_issue(
            institution=institution, user=request.user, **form.cleaned_data
        )

    return _record_for_institution(
        request, pk, WrittenWarningForm, save, _("Issue a written warning")
    )


@permission_required(VIEW_SUPERVISION)
def supervision(request):
    """Worklists: LKSA not visited in the last 12 months (the yearly monitoring rule), warnings in
    force, and field findings still open."""
    return render(
        request,
        "supervision/supervision.html",
        {
            "not_visited": selectors.lksa_not_visited_within_a_year(),
            "warned": selectors.institutions_with_warnings(),
            "findings": selectors.open_findings(),
        },
    )


@permission_required(VIEW_SUPERVISION)
def finding_list(request):
    findings = FieldFinding.objects.select_related("kecamatan", "application").order_by(
        "-found_on", "-pk"
    )
    page = Paginator(findings, 25).get_page(request.GET.get("page"))
    return render(request, "supervision/finding_list.html", {"page": page, "query": ""})


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_FINDINGS)
def finding_edit(request, pk=None):
    finding = get_object_or_404(FieldFinding, pk=pk) if pk else FieldFinding()
    form = FieldFindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The field finding has been saved."))
        return redirect("supervision:finding_list")
    return render(request, "includes/simple_form.html", {"form": form, "title": _("Field finding")})


def institution_panel_context(request, institution):
    """Supervision on the register's detail page: staff only, never the institution's account."""
    if not request.user.has_perm(VIEW_ALL_INSTITUTIONS):
        return None
    return {
        "concerns": institution.concerns.filter(status__in=OPEN_CONCERN_STATUSES),
        "visits": institution.monitoring_visits.all()[:5],
        "warnings": institution.warnings.all(),
    }

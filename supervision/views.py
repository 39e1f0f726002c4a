"""Staff work on supervision: public concerns, monitoring visits, written warnings, field
findings and the worklists that bring them together."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

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
    FindingNoteForm,
    InstitutionMessageForm,
    MonitoringVisitForm,
    PlannedVisitForm,
    ReferralForm,
    VisitDocumentForm,
    WarningRoundCloseForm,
    WrittenWarningForm,
)
from supervision.models import (
    OPEN_CONCERN_STATUSES,
    Concern,
    FieldFinding,
    FindingStatus,
    MonitoringVisit,
    VisitDocument,
    WrittenWarning,
)

VIEW_CONCERNS = "supervision.view_concern"
HANDLE_CONCERNS = "supervision.change_concern"
RECORD_VISITS = "supervision.add_monitoringvisit"
ISSUE_WARNINGS = "supervision.add_writtenwarning"
VIEW_SUPERVISION = "supervision.view_monitoringvisit"
RECORD_FINDINGS = "supervision.add_fieldfinding"
SEND_MESSAGES = "supervision.add_institutionmessage"
PANEL_ROWS = 5


@require_safe
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
    form = ConcernUpdateForm(request.POST or None, concern=concern)
    if request.method == "POST":
        if not request.user.has_perm(HANDLE_CONCERNS):
            messages.error(request, _("Your role may not handle concerns."))
            return redirect("supervision:concern_detail", concern.pk)
        if form.is_valid():
            try:
                services.concern_update(concern=concern, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The concern has been updated."))
                return redirect("supervision:concern_detail", concern.pk)
    return render(
        request,
        "supervision/concern_detail.html",
        {
            "concern": concern,
            "form": form,
            "notes": concern.notes.select_related("author"),
            "history": object_history(concern),
        },
    )


@require_safe
@permission_required(VIEW_CONCERNS)
def concern_attachment(request, pk):
    concern = get_object_or_404(Concern.objects.exclude(attachment=""), pk=pk)
    return FileResponse(
        concern.attachment.open("rb"),
        content_type=concern.attachment_type,
        as_attachment=True,  # never shown in the browser, whatever the file holds
        filename=concern.attachment.name.rsplit("/", 1)[-1],
    )


# --- Supervision.


def _apply_errors(form, error):
    """A service's ValidationError onto the form, field by field, so what was typed stays."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _record_for_institution(request, pk, form_class, save, title, initial=None):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    form = form_class(request.POST or None, initial=initial(institution) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            target = save(institution, form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(target or institution)
    return render(
        request,
        "includes/simple_form.html",
        {"form": form, "institution": institution, "title": title},
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_VISITS)
def monitoring_visit_add(request, pk):
    def save(institution, form):
        return services.monitoring_visit_record(
            institution=institution, user=request.user, **form.cleaned_data
        )

    return _record_for_institution(
        request, pk, MonitoringVisitForm, save, _("Record a monitoring visit")
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_VISITS)
def planned_visit_add(request, pk):
    def save(institution, form):
        services.planned_visit_add(institution=institution, **form.cleaned_data)

    return _record_for_institution(
        request, pk, PlannedVisitForm, save, _("Plan a monitoring visit")
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_SUPERVISION)
def visit_detail(request, pk):
    visit = get_object_or_404(
        MonitoringVisit.objects.select_related("institution", "recorded_by"), pk=pk
    )
    form = VisitDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm(RECORD_VISITS):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.visit_document_add(
                    visit=visit,
                    uploaded_file=form.cleaned_data["file"],
                    content_type=form.detected_content_type,
                    user=request.user,
                )
            except ValidationError as error:  # the day's upload allowance
                form.add_error("file", error)
            else:
                messages.success(request, _("The document has been added to the visit."))
                return redirect(visit)
    return render(
        request,
        "supervision/visit_detail.html",
        {
            "visit": visit,
            "institution": visit.institution,
            "documents": visit.documents.select_related("uploaded_by"),
            "form": form,
            "history": object_history(visit),
        },
    )


@require_safe
@permission_required(VIEW_SUPERVISION)
def visit_document(request, pk):
    document = get_object_or_404(VisitDocument, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.original_name,
        as_attachment=True,  # never shown in the browser, whatever the file holds
    )


@require_safe
@permission_required(VIEW_SUPERVISION)
def visit_list(request, pk):
    """Every monitoring visit of one institution (its page shows the latest five)."""
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    page = Paginator(institution.monitoring_visits.select_related("recorded_by"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "supervision/visit_list.html",
        {"institution": institution, "page": page, "query": ""},
    )


@require_http_methods(["GET", "POST"])
@permission_required(ISSUE_WARNINGS)
def warning_add(request, pk):
    def save(institution, form):
        services.written_warning_issue(
            institution=institution, user=request.user, **form.cleaned_data
        )

    return _record_for_institution(
        request,
        pk,
        WrittenWarningForm,
        save,
        _("Issue a written warning"),
        initial=lambda institution: {"level": services.next_warning_level(institution)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(ISSUE_WARNINGS)
def warning_round_close(request, pk):
    def save(institution, form):
        services.warning_round_close(
            institution=institution,
            closed_on=form.cleaned_data["closed_on"],
            note=form.cleaned_data["closing_note"],
            user=request.user,
        )

    return _record_for_institution(
        request, pk, WarningRoundCloseForm, save, _("Close the round of written warnings")
    )


@require_http_methods(["GET", "POST"])
@permission_required(ISSUE_WARNINGS)
def warning_refer(request, pk):
    warning = get_object_or_404(WrittenWarning.objects.select_related("institution"), pk=pk)
    form = ReferralForm(request.POST or None, instance=warning)
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_refer(warning=warning, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect(warning.institution)
    return render(
        request,
        "includes/simple_form.html",
        {"form": form, "institution": warning.institution, "title": _("Record a referral")},
    )


@require_http_methods(["GET", "POST"])
@permission_required(SEND_MESSAGES)
def message_send(request, pk):
    def save(institution, form):
        services.institution_message_send(
            institution=institution, user=request.user, **form.cleaned_data
        )

    return _record_for_institution(
        request, pk, InstitutionMessageForm, save, _("Send a message to the institution")
    )


@require_safe
@permission_required(VIEW_SUPERVISION)
def supervision(request):
    """Worklists: children in danger with no action yet (first), LKSA not visited in the last
    12 months with their next planned visit, each institution's latest warning letter, and field
    findings still open."""
    today = timezone.localdate()
    return render(
        request,
        "supervision/supervision.html",
        {
            "red_flags": selectors.red_flags(),
            "not_visited": selectors.lksa_not_visited_within_a_year(today),
            "planned": selectors.planned_visits_ahead(),
            "warned": selectors.latest_warning_letters(),
            "findings": selectors.open_findings(today),
            "deadline_days": selectors.finding_deadline_days(),
        },
    )


@require_safe
@permission_required(VIEW_SUPERVISION)
def finding_list(request):
    status = request.GET.get("status", "")
    findings = selectors.findings_with_flags(timezone.localdate())
    if status in FindingStatus.values:
        findings = findings.filter(status=status)
    page = Paginator(findings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/finding_list.html",
        {
            "page": page,
            "status": status,
            "statuses": FindingStatus.choices,
            "query": f"status={status}",
            "deadline_days": selectors.finding_deadline_days(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_SUPERVISION)
def finding_detail(request, pk):
    finding = get_object_or_404(
        selectors.findings_with_flags(timezone.localdate()).select_related("institution"), pk=pk
    )
    form = FindingNoteForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(RECORD_FINDINGS):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_add_note(finding=finding, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The note has been added."))
                return redirect(finding)
    return render(
        request,
        "supervision/finding_detail.html",
        {
            "finding": finding,
            "notes": finding.notes.select_related("author"),
            "duplicates": selectors.finding_duplicates(finding),
            "form": form,
            "deadline_days": selectors.finding_deadline_days(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_FINDINGS)
def finding_edit(request, pk=None):
    finding = get_object_or_404(FieldFinding, pk=pk) if pk else FieldFinding()
    form = FieldFindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_save(
                finding=form.instance, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The field finding has been saved."))
            return redirect(finding)
    return render(request, "includes/simple_form.html", {"form": form, "title": _("Field finding")})


def institution_panel_context(request, institution):
    """Supervision on the register's detail page. Staff see everything but concerns' reporters;
    the institution's own account sees its warning letters, the findings of visits to it and
    the messages from Dinsos (never the public concerns about it)."""
    warnings = list(institution.warnings.select_related("round").order_by("-issued_on", "-level"))
    own_messages = institution.messages_from_dinsos.select_related("sent_by")
    if not request.user.has_perm(VIEW_ALL_INSTITUTIONS):
        return {
            "own_account": True,
            "warnings": warnings,
            "visits": institution.monitoring_visits.all()[:10],
            "dinsos_messages": own_messages[:20],
        }
    # One row more than shown tells whether to link to the full list, without a count query.
    visits = list(institution.monitoring_visits.all()[: PANEL_ROWS + 1])
    return {
        "concerns": institution.concerns.filter(status__in=OPEN_CONCERN_STATUSES),
        "visits": visits[:PANEL_ROWS],
        "more_visits": len(visits) > PANEL_ROWS,
        "planned": institution.planned_visits.filter(done_visit__isnull=True).select_related(
            "officer"
        ),
        "warnings": warnings,
        "open_round": next((w.round for w in warnings if w.round.is_open), None),
        "dinsos_messages": own_messages[:PANEL_ROWS],
    }

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lks_registry import services, spreadsheet
from lks_registry.exports import csv_response, csv_separator, xlsx_response
from lks_registry.filters import InstitutionFilter
from lks_registry.forms import (
    BoardFormSet,
    DocumentUploadForm,
    InstitutionForm,
    PermitRenewalForm,
    StatusChangeForm,
    kelurahan_refresh,
)
from lks_registry.models import Document, Institution, InstitutionKind, RegistrySettings
from lks_registry.panels import detail_panels
from lks_registry.permissions import (
    ADD_INSTITUTION,
    CHANGE_STATUS,
    EDIT_INSTITUTION,
    UPLOAD_DOCUMENT,
    VIEW_ALL_INSTITUTIONS,
    VIEW_DOCUMENT,
    VIEW_REGISTRY,
    is_institution_account,
    permission_required,
    visible_institutions,
)
from lks_registry.selectors import (
    incomplete_institutions,
    institution_history,
    institution_next_steps,
    permit_history,
)

PAGE_SIZE = 25


def institutions_for_list():
    return Institution.objects.select_related(
        "kecamatan", "kelurahan", "specialisation", "legal_form__legal_type"
    ).prefetch_related(
        "target_groups",
        Prefetch(
            "documents",
            queryset=Document.objects.only(
                "id", "institution_id", "document_type_id", "superseded_at"
            ),
        ),
        "legal_form__legal_type__required_document_types",
    )


@require_safe
@permission_required(VIEW_REGISTRY)
def institution_list(request):
    if is_institution_account(request.user):
        # An institution's account has one institution: its own home page, not a list of one.
        return redirect("lks_registry:my_institution")
    institution_filter = InstitutionFilter(
        request.GET, queryset=visible_institutions(request.user, institutions_for_list())
    )
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_institutions(institution_filter.qs, export, csv_separator(request))
    page = paginate_by_ids(institution_filter.qs, request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "lks_registry/institution_list.html",
        {
            "filter": institution_filter,
            "page": page,
            "query_without_page": query_without_page.urlencode(),
        },
    )


class IdPage(Paginator):
    """Pages cut on ids first (a narrow index walk, cheap even at page 500), then only the rows
    shown are read in full with their related data."""

    def page(self, number):
        page = super().page(number)
        ids = list(page.object_list)
        by_id = institutions_for_list().in_bulk(ids)
        page.object_list = [by_id[pk] for pk in ids]
        return page


def paginate_by_ids(queryset, number):
    return IdPage(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(number)


def export_institutions(queryset, fmt, separator=","):
    """The filtered list in the import format, so export -> import changes nothing."""
    rows = spreadsheet.export_rows(queryset)
    name = f"lembaga-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return csv_response(name, spreadsheet.headers(), rows, separator)
    return xlsx_response(name, [("Data LKS", spreadsheet.headers(), rows)])


def _institution_with_related(queryset):
    return queryset.select_related(
        "kecamatan", "kelurahan", "specialisation", "legal_form__legal_type", "legal_basis"
    ).prefetch_related(
        "target_groups",
        "board",
        Prefetch(
            "documents",
            queryset=Document.objects.select_related("document_type", "uploaded_by"),
        ),
        "legal_form__legal_type__required_document_types",
    )


@require_safe
@permission_required(VIEW_REGISTRY)
def my_institution(request):
    """The home page of an institution's own account: where it stands, what is missing, what
    Dinsos said (the apps' panels) and what to do next."""
    if not is_institution_account(request.user):
        return redirect("lks_registry:institution_list")
    institution = _institution_with_related(visible_institutions(request.user)).first()
    missing = institution.missing_document_types() if institution else []
    return render(
        request,
        "lks_registry/my_institution.html",
        {
            "institution": institution,
            "missing_documents": missing,
            "next_steps": institution_next_steps(institution, missing) if institution else [],
            "panels": detail_panels(request, institution) if institution else [],
            "action_panels": detail_panels(request, institution, slot="actions")
            if institution
            else [],
        },
    )


@require_safe
@permission_required(VIEW_REGISTRY)
def institution_detail(request, pk):
    institution = get_object_or_404(
        visible_institutions(request.user)
        .select_related(
            "kecamatan", "kelurahan", "specialisation", "legal_form__legal_type", "legal_basis"
        )
        .prefetch_related(
            "target_groups",
            "board",
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("document_type", "uploaded_by"),
            ),
            "legal_form__legal_type__required_document_types",
        ),
        pk=pk,
    )
    return render(
        request,
        "lks_registry/institution_detail.html",
        {
            "institution": institution,
            "missing_documents": institution.missing_document_types(),
            "status_changes": institution.status_changes.select_related("changed_by")[:20],
            "panels": detail_panels(request, institution),
            "action_panels": detail_panels(request, institution, slot="actions"),
            "history": institution_history(institution)
            if request.user.has_perm(VIEW_ALL_INSTITUTIONS)
            else None,
            "permits": permit_history(institution) if institution.is_lksa else [],
        },
    )


def _save_institution(request, institution, template_name):
    form = InstitutionForm(request.POST or None, instance=institution)
    board_formset = BoardFormSet(request.POST or None, instance=institution, prefix="board")
    if (
        request.method == "POST"
        and not kelurahan_refresh(request, form, board_formset)
        and form.is_valid()
        and board_formset.is_valid()
    ):
        try:
            saved = services.institution_save(
                form=form,
                board_formset=board_formset,
                expected_version=form.cleaned_data.get("version"),
            )
        except services.StaleEditError:
            form.add_error(None, services.STALE_EDIT)
        else:
            messages.success(request, _("The data of %(name)s have been saved.") % {"name": saved})
            return redirect(saved)
    return render(
        request,
        template_name,
        {"form": form, "board_formset": board_formset, "institution": institution},
    )


@require_http_methods(["GET", "POST"])
@permission_required(ADD_INSTITUTION)
def institution_create(request):
    return _save_institution(request, Institution(), "lks_registry/institution_form.html")


@require_http_methods(["GET", "POST"])
@permission_required(EDIT_INSTITUTION)
def institution_edit(request, pk):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    return _save_institution(request, institution, "lks_registry/institution_form.html")


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE_STATUS)
def institution_change_status(request, pk):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    form = StatusChangeForm(request.POST or None, current_status=institution.operating_status)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_change_status(
                institution=institution,
                new_status=form.cleaned_data["new_status"],
                reason=form.cleaned_data["reason"],
                ground=form.cleaned_data["ground"],
                user=request.user,
            )
        except ValueError as error:
            form.add_error("new_status", str(error))
        else:
            messages.success(
                request,
                _("The operating status of %(name)s is now: %(status)s.")
                % {"name": institution, "status": institution.get_operating_status_display()},
            )
            return redirect(institution)
    return render(
        request,
        "lks_registry/institution_status_form.html",
        {"form": form, "institution": institution},
    )


@require_http_methods(["GET", "POST"])
@permission_required(EDIT_INSTITUTION)
def permit_renew(request, pk):
    """Staff record a renewed LKSA operating permit (only an LKSA has this page)."""
    institution = get_object_or_404(
        visible_institutions(request.user).filter(kind=InstitutionKind.LKSA), pk=pk
    )
    form = PermitRenewalForm(
        request.POST or None, validity_years=RegistrySettings.current().permit_validity_years
    )
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.permit_renew(
                institution=institution,
                number=form.cleaned_data["permit_number"],
                issued_on=form.cleaned_data["permit_date"],
                valid_until=form.cleaned_data["permit_valid_until"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The operating permit of %(name)s is now %(number)s, valid until %(date)s.")
                % {
                    "name": institution,
                    "number": institution.permit_number,
                    "date": date_format(institution.permit_valid_until, "DATE_FORMAT"),
                },
            )
            return redirect(institution)
    return render(
        request,
        "lks_registry/permit_renew_form.html",
        {"form": form, "institution": institution, "permits": permit_history(institution)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(UPLOAD_DOCUMENT)
def document_upload(request, pk):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                institution=institution,
                document_type=form.cleaned_data["document_type"],
                uploaded_file=form.cleaned_data["file"],
                content_type=form.detected_content_type,
                user=request.user,
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:  # the day's upload allowance
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("%(document)s has been uploaded.") % {"document": document.document_type},
            )
            return redirect(institution)
    return render(
        request, "lks_registry/document_form.html", {"form": form, "institution": institution}
    )


@require_safe
@permission_required(VIEW_DOCUMENT)
def document_download(request, pk):
    document = get_object_or_404(
        Document.objects.filter(institution__in=visible_institutions(request.user)), pk=pk
    )
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.original_name,
        as_attachment=True,  # never shown in the browser, whatever the file holds
    )


@require_safe
@permission_required(VIEW_ALL_INSTITUTIONS)
def incomplete_list(request):
    """Staff worklist: records that came in with "data belum lengkap" (mostly from imports)."""
    page = Paginator(incomplete_institutions(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "lks_registry/incomplete_list.html", {"page": page, "query": ""})

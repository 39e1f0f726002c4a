"""Staff work on what comes from outside: registration applications, public concerns and
supervision (monitoring visits, written warnings, field findings); and the institution account's
own pages (contact data, legal changes, the tanda daftar PDF)."""

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lks_registry import roles, services
from lks_registry.certificate import tanda_daftar_pdf
from lks_registry.forms import (
    ApplicationForm,
    BoardFormSet,
    ConcernUpdateForm,
    ContactForm,
    DecisionForm,
    FieldFindingForm,
    MonitoringVisitForm,
    WrittenWarningForm,
)
from lks_registry.models import (
    OPEN_CONCERN_STATUSES,
    ApplicationDocument,
    ApplicationStatus,
    Concern,
    FieldFinding,
    FindingStatus,
    Institution,
    InstitutionKind,
    InstitutionMember,
    MonitoringVisit,
    RegistrationApplication,
    RegistrySettings,
)
from lks_registry.permissions import permission_required, visible_institutions
from lks_registry.public_views import tracking_url
from lks_registry.selectors import object_history

VIEW_APPLICATIONS = "lks_registry.view_registrationapplication"
DECIDE_APPLICATIONS = "lks_registry.decide_application"
VIEW_CONCERNS = "lks_registry.view_concern"
HANDLE_CONCERNS = "lks_registry.change_concern"
RECORD_VISITS = "lks_registry.add_monitoringvisit"
ISSUE_WARNINGS = "lks_registry.add_writtenwarning"
VIEW_SUPERVISION = "lks_registry.view_monitoringvisit"
RECORD_FINDINGS = "lks_registry.add_fieldfinding"
CHANGE_OWN_CONTACT = "lks_registry.change_own_contact"
REQUEST_CHANGE = "lks_registry.add_registrationapplication"


# --- Registration applications.


def answer_rows(form) -> list[tuple[str, str]]:
    """The applicant's answers as (label, readable value), choices shown by their labels."""
    rows = []
    for name, field in form.fields.items():
        values = [v for v in form.data.getlist(name) if v not in (None, "")]
        if not values:
            continue
        if hasattr(field, "choices"):
            labels = {}
            for key, label in field.choices:
                if isinstance(label, list | tuple):  # a group of choices
                    labels.update({str(k): str(v) for k, v in label})
                else:
                    labels[str(key)] = str(label)
            shown = ", ".join(labels.get(str(value), str(value)) for value in values)
        else:
            shown = ", ".join(map(str, values))
        rows.append((field.label, shown))
    return rows


def waiting_days(application, today=None):
    if not application.submitted_at:
        return None
    return services.working_days_between(
        timezone.localdate(application.submitted_at), today or timezone.localdate()
    )


@permission_required(VIEW_APPLICATIONS)
def application_queue(request):
    status = request.GET.get("status") or ApplicationStatus.SUBMITTED
    applications = RegistrationApplication.objects.filter(status=status).select_related(
        "kelurahan__kecamatan", "institution"
    )
    standard = RegistrySettings.current().review_working_days
    page = Paginator(applications.order_by("submitted_at", "pk"), 25).get_page(
        request.GET.get("page")
    )
    for application in page.object_list:
        application.waiting = waiting_days(application)
        application.overdue = application.waiting is not None and application.waiting > standard
    return render(
        request,
        "lks_registry/application_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "standard": standard,
            "query": f"status={status}",
        },
    )


def invite_institution_account(request):
    """Create (or reuse) the institution's login and e-mail it a link to choose a password."""

    def invite(institution, email):
        user, created = User.objects.get_or_create(
            username=email.lower(), defaults={"email": email, "first_name": institution.name[:150]}
        )
        if created:
            # A random password nobody knows: the institution chooses its own through the link
            # (Django sends reset links only to accounts with a usable password).
            user.set_password(secrets.token_urlsafe(32))
            user.save()
        user.groups.add(Group.objects.get(name=roles.INSTITUTION))
        InstitutionMember.objects.update_or_create(user=user, defaults={"institution": institution})
        reset = PasswordResetForm({"email": email})
        if reset.is_valid():
            reset.save(
                request=request,
                use_https=request.is_secure(),
                email_template_name="registration/institution_invite_email.html",
                subject_template_name="registration/institution_invite_subject.txt",
            )

    return invite


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_APPLICATIONS)
def application_review(request, pk):
    application = get_object_or_404(
        RegistrationApplication.objects.select_related("kelurahan__kecamatan", "institution"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(DECIDE_APPLICATIONS):
            messages.error(request, _("Your role may not decide on applications."))
            return redirect("lks_registry:application_review", application.pk)
        if form.is_valid():
            try:
                application = services.application_decide(
                    application_id=application.pk,
                    decision=form.cleaned_data["decision"],
                    message=form.cleaned_data["message"],
                    user=request.user,
                    tracking_url=tracking_url(request, application),
                    invite=invite_institution_account(request),
                )
            except services.ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Decision recorded: %(status)s.")
                    % {"status": application.get_status_display()},
                )
                return redirect("lks_registry:application_review", application.pk)
    answers = ApplicationForm(services.form_post_data(application.data))
    answers.is_valid()
    return render(
        request,
        "lks_registry/application_review.html",
        {
            "application": application,
            "answers": answer_rows(answers),
            "answer_errors": answers.errors,
            "board": application.data.get("board", []),
            "documents": application.documents.select_related("document_type"),
            "missing": services.application_missing_documents(application),
            "duplicates": services.duplicate_candidates(application),
            "rounds": application.rounds.select_related("decided_by"),
            "form": form,
            "can_decide": request.user.has_perm(DECIDE_APPLICATIONS)
            and application.status == ApplicationStatus.SUBMITTED,
            "waiting": waiting_days(application),
            "history": object_history(application),
            "standard": RegistrySettings.current().review_working_days,
        },
    )


@permission_required(VIEW_APPLICATIONS)
def application_document(request, pk):
    document = get_object_or_404(ApplicationDocument, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.original_name,
    )


# --- The tanda daftar and the institution account's own pages.


@permission_required("lks_registry.view_institution")
def certificate_pdf(request, pk):
    institution = get_object_or_404(
        visible_institutions(request.user)
        .exclude(registration_number="")
        .select_related("kecamatan", "kelurahan", "legal_form", "legal_basis"),
        pk=pk,
    )
    verify_url = request.build_absolute_uri(reverse("public:verify", args=[institution.pk]))
    response = HttpResponse(
        tanda_daftar_pdf(institution, verify_url), content_type="application/pdf"
    )
    filename = institution.registration_number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="tanda-daftar-{filename}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE_OWN_CONTACT)
def contact_edit(request, pk):
    """Contact data apply at once; everything else goes to Dinsos as a change request."""
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    form = ContactForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        institution = form.save(commit=False)
        institution.version += 1
        institution.save(update_fields=["phone", "email", "head_name", "version", "updated_at"])
        messages.success(request, _("The contact data have been updated."))
        return redirect(institution)
    return render(
        request,
        "lks_registry/simple_form.html",
        {"form": form, "institution": institution, "title": _("Change contact data")},
    )


@require_http_methods(["GET", "POST"])
@permission_required(REQUEST_CHANGE)
def change_request(request, pk):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    pending = institution.applications.filter(status=ApplicationStatus.SUBMITTED).first()
    if request.method == "GET":
        form = ApplicationForm(instance=institution)
        board = BoardFormSet(instance=institution, prefix="board")
    else:
        form = ApplicationForm(request.POST, instance=Institution.objects.get(pk=institution.pk))
        board = BoardFormSet(request.POST, instance=Institution(), prefix="board")
        if pending:
            messages.error(request, _("A change request is already waiting for review."))
        elif form.is_valid() and board.is_valid():
            application = services.application_save(
                form=form, board_formset=board, institution=institution
            )
            services.application_submit(
                application=application,
                tracking_url=tracking_url(request, application),
                require_documents=False,
            )
            messages.success(
                request, _("Your change request has been sent to Dinas Sosial for review.")
            )
            return redirect(institution)
    return render(
        request,
        "public/application_form.html",
        {"form": form, "board_formset": board, "institution": institution, "change_request": True},
    )


# --- Concerns.


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
        "lks_registry/concern_list.html",
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
            return redirect("lks_registry:concern_detail", concern.pk)
        if form.is_valid():
            form.save()
            messages.success(request, _("The concern has been updated."))
            return redirect("lks_registry:concern_detail", concern.pk)
    return render(
        request,
        "lks_registry/concern_detail.html",
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
        "lks_registry/simple_form.html",
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
    since = timezone.localdate() - datetime.timedelta(days=365)
    recent_visit = MonitoringVisit.objects.filter(institution=OuterRef("pk"), visited_on__gte=since)
    not_visited = (
        Institution.objects.registered()
        .filter(kind=InstitutionKind.LKSA)
        .filter(~Exists(recent_visit))
        .annotate(last_visit=Max("monitoring_visits__visited_on"))
        .select_related("kecamatan")
        .order_by("last_visit", "name")
    )
    warned = (
        Institution.objects.registered()
        .filter(warnings__isnull=False)
        .annotate(highest=Max("warnings__level"), last_warning=Max("warnings__issued_on"))
        .select_related("kecamatan")
        .order_by("-highest", "name")
    )
    return render(
        request,
        "lks_registry/supervision.html",
        {
            "not_visited": not_visited,
            "warned": warned,
            "findings": FieldFinding.objects.filter(status=FindingStatus.OPEN).select_related(
                "kecamatan"
            ),
        },
    )


@permission_required(VIEW_SUPERVISION)
def finding_list(request):
    findings = FieldFinding.objects.select_related("kecamatan", "application").order_by(
        "-found_on", "-pk"
    )
    page = Paginator(findings, 25).get_page(request.GET.get("page"))
    return render(request, "lks_registry/finding_list.html", {"page": page, "query": ""})


@require_http_methods(["GET", "POST"])
@permission_required(RECORD_FINDINGS)
def finding_edit(request, pk=None):
    finding = get_object_or_404(FieldFinding, pk=pk) if pk else FieldFinding()
    form = FieldFindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The field finding has been saved."))
        return redirect("lks_registry:finding_list")
    return render(
        request, "lks_registry/simple_form.html", {"form": form, "title": _("Field finding")}
    )

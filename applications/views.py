"""Staff review of registration applications, and the institution account's own pages: contact
data, change requests and the tanda daftar PDF."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from applications import selectors, services
from applications.certificate import tanda_daftar_pdf
from applications.forms import ApplicationForm, ContactForm, DecisionForm, answer_rows
from applications.invitation import invite_institution_account
from applications.models import (
    ApplicationDocument,
    ApplicationKind,
    ApplicationStatus,
    RegistrationApplication,
)
from applications.public_views import confirm_url, tracking_url
from lks_registry.forms import BoardFormSet, kelurahan_refresh, labelled_errors
from lks_registry.models import (
    Institution,
    RegistrySettings,
)
from lks_registry.permissions import (
    VIEW_REGISTRY,
    institution_account_required,
    is_institution_account,
    permission_required,
    visible_institutions,
)
from lks_registry.selectors import object_history
from lks_registry.working_days import days_off

VIEW_APPLICATIONS = "applications.view_registrationapplication"
DECIDE_APPLICATIONS = "applications.decide_application"
CHANGE_OWN_CONTACT = "lks_registry.change_own_contact"
REQUEST_CHANGE = "applications.add_registrationapplication"


@require_safe
@permission_required(VIEW_APPLICATIONS)
def application_queue(request):
    status = request.GET.get("status") or ApplicationStatus.SUBMITTED
    standard = RegistrySettings.current().review_working_days
    page = Paginator(selectors.applications_in_status(status), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    deadline = selectors.late_if_sent_on_or_before(today)
    sent = [a.submitted_at for a in page.object_list if a.submitted_at]
    off = days_off(timezone.localdate(min(sent)), today) if sent else frozenset()
    for application in page.object_list:
        application.waiting = selectors.working_days_waited(application.submitted_at, off=off)
        application.overdue = selectors.is_late(application.submitted_at, deadline)
    return render(
        request,
        "applications/application_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "standard": standard,
            "query": f"status={status}",
        },
    )


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
            return redirect("applications:application_review", application.pk)
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
                return redirect("applications:application_review", application.pk)
    # Checked against the register's rules only while waiting for a decision, and against the
    # institution it changes (a change request; an approved one's own entry), so an entry is
    # never reported as its own duplicate.
    answers = ApplicationForm(
        services.form_post_data(application.data),
        # A copy: validating fills the instance with the answers, the page shows the entry.
        instance=Institution.objects.filter(pk=application.institution_id).first(),
    )
    waiting = application.status == ApplicationStatus.SUBMITTED
    if waiting:
        answers.is_valid()
    return render(
        request,
        "applications/application_review.html",
        {
            "application": application,
            "answers": answer_rows(answers),
            "answer_errors": labelled_errors(answers) if waiting else [],
            "board": application.data.get("board", []),
            "documents": application.current_documents(),
            "replaced": application.replaced_documents(),
            "missing": services.application_missing_documents(application),
            "duplicates": services.duplicate_candidates(application),
            "rounds": application.rounds.select_related("decided_by"),
            "form": form,
            "can_decide": request.user.has_perm(DECIDE_APPLICATIONS) and waiting,
            "may_decide": request.user.has_perm(DECIDE_APPLICATIONS),
            "waiting": selectors.working_days_waited(application.submitted_at),
            "history": object_history(application),
            "standard": RegistrySettings.current().review_working_days,
        },
    )


@require_safe
@permission_required(VIEW_APPLICATIONS)
def application_document(request, pk):
    document = get_object_or_404(ApplicationDocument, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.original_name,
        as_attachment=True,  # never shown in the browser, whatever the file holds
    )


# --- The tanda daftar and the institution account's own pages.


@require_safe
@permission_required(VIEW_REGISTRY)
def certificate_pdf(request, pk):
    institution = get_object_or_404(
        visible_institutions(request.user)
        .exclude(registration_number="")
        .select_related("kecamatan", "kelurahan", "legal_form", "legal_basis"),
        pk=pk,
    )
    refusal = selectors.certificate_refusal(institution)
    if refusal:
        return render(
            request,
            "applications/certificate_refused.html",
            {"institution": institution, "refusal": refusal},
            status=409,
        )
    verify_url = request.build_absolute_uri(reverse("public:verify", args=[institution.pk]))
    response = HttpResponse(
        tanda_daftar_pdf(institution, verify_url), content_type="application/pdf"
    )
    filename = institution.registration_number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="tanda-daftar-{filename}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@institution_account_required(CHANGE_OWN_CONTACT)
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
        "includes/simple_form.html",
        {"form": form, "institution": institution, "title": _("Change contact data")},
    )


@require_http_methods(["GET", "POST"])
@institution_account_required(REQUEST_CHANGE)
def change_request(request, pk):
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    pending = institution.applications.filter(status=ApplicationStatus.SUBMITTED).first()
    if request.method == "GET":
        form = ApplicationForm(instance=institution)
        board = BoardFormSet(instance=institution, prefix="board")
    else:
        form = ApplicationForm(request.POST, instance=Institution.objects.get(pk=institution.pk))
        # Bound to the institution itself: the rows carry its board members' ids.
        board = BoardFormSet(request.POST, instance=institution, prefix="board")
        if pending:
            messages.error(request, _("A change request is already waiting for review."))
        elif kelurahan_refresh(request, form, board):
            pass
        elif form.is_valid() and board.is_valid():
            application = services.application_save(
                form=form,
                board_formset=board,
                institution=institution,
                kind=ApplicationKind.CHANGE,
            )
            services.application_submit(
                application=application,
                tracking_url=tracking_url(request, application),
                confirm_url=confirm_url(request, application),
                require_documents=False,
            )
            messages.success(
                request, _("Your change request has been sent to Dinas Sosial for review.")
            )
            return redirect(institution)
    return render(
        request,
        "applications/application_form.html",
        {"form": form, "board_formset": board, "institution": institution, "change_request": True},
    )


@require_http_methods(["GET", "POST"])
@institution_account_required(REQUEST_CHANGE)
def renewal_start(request, pk):
    """Daftar ulang from the institution's account: the registration form filled in from the
    register; then, on the application's page, the expired documents again and sending."""
    institution = get_object_or_404(visible_institutions(request.user), pk=pk)
    if not selectors.renewal_open(institution):
        message = services.RENEWAL_NOT_OPEN % {
            "days": RegistrySettings.current().renewal_opens_days_before
        }
        if request.method == "POST":
            messages.error(request, message)
            return redirect(institution)
        return render(
            request,
            "applications/renewal_closed.html",
            {"institution": institution, "message": message},
        )
    ongoing = selectors.ongoing_renewal(institution)
    if ongoing is not None:
        messages.info(request, _("Your daftar ulang is already under way: continue it here."))
        return redirect("applications:application_track", ongoing.token)
    if request.method == "GET":
        form = ApplicationForm(instance=institution)
        board = BoardFormSet(instance=institution, prefix="board")
    else:
        form = ApplicationForm(request.POST, instance=Institution.objects.get(pk=institution.pk))
        board = BoardFormSet(request.POST, instance=institution, prefix="board")
        if not kelurahan_refresh(request, form, board) and form.is_valid() and board.is_valid():
            application = services.application_save(
                form=form,
                board_formset=board,
                institution=institution,
                kind=ApplicationKind.RENEWAL,
            )
            messages.success(
                request,
                _(
                    "Your answers are saved. Now upload the documents that have expired and send "
                    "the daftar ulang to Dinas Sosial."
                ),
            )
            return redirect("applications:application_track", application.token)
    return render(
        request,
        "applications/application_form.html",
        {"form": form, "board_formset": board, "institution": institution, "renewal": True},
    )


def institution_actions_context(request, institution):
    """The register's detail page shows these buttons (tanda daftar, the account's own pages)."""
    return {
        "institution": institution,
        "own_account": is_institution_account(request.user)
        and request.user.has_perm(CHANGE_OWN_CONTACT),
        "certificate_printable": selectors.certificate_refusal(institution) is None,
        "renewal_open": selectors.renewal_open(institution),
    }

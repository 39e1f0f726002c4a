"""Online registration by institutions, without logging in: the form, the private tracking link,
document uploads and sending. Every form here is rate limited per client address."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from applications import selectors, services
from applications.certificate import tanda_daftar_pdf
from applications.forms import ApplicationForm, answer_rows
from applications.invitation import invite_institution_account
from applications.models import (
    EDITABLE_APPLICATION_STATUSES,
    ApplicationStatus,
    RegistrationApplication,
)
from applications.receipt import receipt_pdf
from lks_registry.forms import BoardFormSet, DocumentUploadForm, kelurahan_refresh
from lks_registry.models import Institution
from lks_registry.public_views import RATE


def tracking_url(request, application):
    return request.build_absolute_uri(
        reverse("applications:application_track", args=[application.token])
    )


def confirm_url(request, application):
    return request.build_absolute_uri(
        reverse("applications:email_confirm", args=[services.email_confirmation_token(application)])
    )


def _render_application_form(request, form, board_formset, application=None):
    return render(
        request,
        "applications/application_form.html",
        {"form": form, "board_formset": board_formset, "application": application},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def application_start(request):
    form = ApplicationForm(request.POST or None)
    board = BoardFormSet(request.POST or None, instance=Institution(), prefix="board")
    if (
        request.method == "POST"
        and not kelurahan_refresh(request, form, board)
        and form.is_valid()
        and board.is_valid()
    ):
        application = services.application_save(form=form, board_formset=board)
        messages.success(
            request,
            _(
                "Your answers are saved. Keep this page's address: it is your private link. Now upload the documents."
            ),
        )
        return redirect("applications:application_track", application.token)
    return _render_application_form(request, form, board)


@require_http_methods(["GET", "POST"])
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def application_edit(request, token):
    application = get_object_or_404(
        RegistrationApplication, token=token, status__in=EDITABLE_APPLICATION_STATUSES
    )
    # The stored answers are shown as a bound form: they passed the rules when saved, and if the
    # reference data changed since, the applicant sees at once what to fix.
    data = request.POST or services.form_post_data(application.data)
    # A renewal or change request is checked against its own register entry (its NPWP and
    # board are its own, not another institution's).
    institution = application.institution or Institution()
    form = ApplicationForm(
        data, instance=Institution.objects.get(pk=institution.pk) if institution.pk else institution
    )
    board = BoardFormSet(data, instance=institution, prefix="board")
    if (
        request.method == "POST"
        and not kelurahan_refresh(request, form, board)
        and form.is_valid()
        and board.is_valid()
    ):
        services.application_save(form=form, board_formset=board, application=application)
        messages.success(request, _("Your answers are saved."))
        return redirect("applications:application_track", application.token)
    return _render_application_form(request, form, board, application)


def _registered_institution(application):
    """The register entry an approved new registration became, or None."""
    if application.status == ApplicationStatus.APPROVED and application.institution_id:
        return application.institution
    return None


@require_safe
def application_track(request, token):
    application = get_object_or_404(
        RegistrationApplication.objects.select_related("institution"), token=token
    )
    editable = application.status in EDITABLE_APPLICATION_STATUSES
    institution = _registered_institution(application)
    return render(
        request,
        "applications/application_track.html",
        {
            "application": application,
            "editable": editable,
            "rounds": application.rounds.all(),
            "answers": answer_rows(ApplicationForm(services.form_post_data(application.data))),
            "board": application.data.get("board", []),
            "documents": application.current_documents(),
            "missing": services.application_missing_documents(application),
            "upload_form": DocumentUploadForm() if editable else None,
            "institution": institution,
            "certificate_printable": institution is not None
            and selectors.certificate_refusal(institution) is None,
        },
    )


@require_safe
def application_receipt(request, token):
    """The bukti pendaftaran: once the application has been sent."""
    application = get_object_or_404(
        RegistrationApplication, token=token, submitted_at__isnull=False
    )
    response = HttpResponse(
        receipt_pdf(application, list(application.current_documents())),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="bukti-pendaftaran-{application.number}.pdf"'
    )
    return response


@require_safe
def application_certificate(request, token):
    """The tanda daftar for the applicant's private link, while it may be printed."""
    application = get_object_or_404(
        RegistrationApplication.objects.select_related(
            "institution__kecamatan",
            "institution__kelurahan",
            "institution__legal_form",
            "institution__legal_basis",
        ),
        token=token,
    )
    institution = _registered_institution(application)
    if institution is None or selectors.certificate_refusal(institution):
        raise Http404
    verify_url = request.build_absolute_uri(reverse("public:verify", args=[institution.pk]))
    response = HttpResponse(
        tanda_daftar_pdf(institution, verify_url), content_type="application/pdf"
    )
    filename = institution.registration_number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="tanda-daftar-{filename}.pdf"'
    return response


@require_POST
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def application_upload(request, token):
    application = get_object_or_404(
        RegistrationApplication, token=token, status__in=EDITABLE_APPLICATION_STATUSES
    )
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_add_document(
                application=application,
                document_type=form.cleaned_data["document_type"],
                uploaded_file=form.cleaned_data["file"],
                content_type=form.detected_content_type,
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:  # the day's upload allowance
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The document has been uploaded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("applications:application_track", application.token)


@require_POST
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def application_submit(request, token):
    application = get_object_or_404(RegistrationApplication, token=token)
    try:
        application = services.application_submit(
            application=application,
            tracking_url=tracking_url(request, application),
            confirm_url=confirm_url(request, application),
        )
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        if application.email_confirmed:
            sent = _("We have e-mailed you the number and this link.")
        else:
            sent = _(
                "We have e-mailed a link to %(email)s: open it to confirm the address, then we "
                "send the receipt there."
            ) % {"email": application.email}
        messages.success(
            request,
            _("Your application %(number)s has been sent to Dinas Sosial.")
            % {"number": application.number}
            + " "
            + sent,
        )
    return redirect("applications:application_track", application.token)


@require_POST
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def email_confirmation_resend(request, token):
    application = get_object_or_404(RegistrationApplication, token=token)
    try:
        services.application_confirmation_resend(
            application=application, confirm_url=confirm_url(request, application)
        )
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A new confirmation link has been sent to %(email)s.") % {"email": application.email},
        )
    return redirect("applications:application_track", application.token)


@require_http_methods(["GET", "POST"])
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def email_confirm(request, signed):
    """The link of the confirmation e-mail shows a button: a mail scanner that opens every link
    does not confirm anything by opening it."""
    try:
        application = services.application_for_confirmation(signed)
    except services.ApplicationError as error:
        return render(request, "applications/email_confirm.html", {"error": error.message})
    if request.method == "POST":
        services.application_email_confirm(
            application=application,
            tracking_url=tracking_url(request, application),
            invite=invite_institution_account(request),
        )
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("applications:application_track", application.token)
    return render(request, "applications/email_confirm.html", {"application": application})

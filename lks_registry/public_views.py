"""Pages anyone can open without logging in: registering an institution, following the
application through its private link, the public register, certificate verification and
reporting a concern. Every form here is rate limited per client address."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from lks_registry import services
from lks_registry.forms import (
    ApplicationForm,
    BoardFormSet,
    ConcernForm,
    DocumentUploadForm,
    PublicSearchForm,
)
from lks_registry.models import (
    EDITABLE_APPLICATION_STATUSES,
    Institution,
    OperatingStatus,
    RegistrationApplication,
)
from lks_registry.panels import detail_panels


def RATE(group, request):  # noqa: N802 - read per request, so settings (and tests) can change it
    return settings.PUBLIC_FORM_RATE


def rate_limited(request, exception):
    return render(request, "public/rate_limited.html", status=429)


def tracking_url(request, application):
    return request.build_absolute_uri(reverse("public:application_track", args=[application.token]))


def _render_application_form(request, form, board_formset, application=None):
    return render(
        request,
        "public/application_form.html",
        {"form": form, "board_formset": board_formset, "application": application},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=RATE, method="POST", block=True)
def application_start(request):
    form = ApplicationForm(request.POST or None)
    board = BoardFormSet(request.POST or None, instance=Institution(), prefix="board")
    if request.method == "POST" and form.is_valid() and board.is_valid():
        application = services.application_save(form=form, board_formset=board)
        messages.success(
            request,
            _(
                "Your answers are saved. Keep this page's address: it is your private link. Now upload the documents."
            ),
        )
        return redirect("public:application_track", application.token)
    return _render_application_form(request, form, board)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=RATE, method="POST", block=True)
def application_edit(request, token):
    application = get_object_or_404(
        RegistrationApplication, token=token, status__in=EDITABLE_APPLICATION_STATUSES
    )
    # The stored answers are shown as a bound form: they passed the rules when saved, and if the
    # reference data changed since, the applicant sees at once what to fix.
    data = request.POST or services.form_post_data(application.data)
    form = ApplicationForm(data)
    board = BoardFormSet(data, instance=Institution(), prefix="board")
    if request.method == "POST" and form.is_valid() and board.is_valid():
        services.application_save(form=form, board_formset=board, application=application)
        messages.success(request, _("Your answers are saved."))
        return redirect("public:application_track", application.token)
    return _render_application_form(request, form, board, application)


def application_track(request, token):
    application = get_object_or_404(RegistrationApplication, token=token)
    editable = application.status in EDITABLE_APPLICATION_STATUSES
    return render(
        request,
        "public/application_track.html",
        {
            "application": application,
            "editable": editable,
            "rounds": application.rounds.all(),
            "documents": application.documents.select_related("document_type"),
            "missing": services.application_missing_documents(application),
            "upload_form": DocumentUploadForm() if editable else None,
        },
    )


@require_POST
@ratelimit(key="ip", rate=RATE, method="POST", block=True)
def application_upload(request, token):
    application = get_object_or_404(
        RegistrationApplication, token=token, status__in=EDITABLE_APPLICATION_STATUSES
    )
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        services.application_add_document(
            application=application,
            document_type=form.cleaned_data["document_type"],
            uploaded_file=form.cleaned_data["file"],
            content_type=form.detected_content_type,
        )
        messages.success(request, _("The document has been uploaded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("public:application_track", application.token)


@require_POST
@ratelimit(key="ip", rate=RATE, method="POST", block=True)
def application_submit(request, token):
    application = get_object_or_404(RegistrationApplication, token=token)
    try:
        services.application_submit(
            application=application, tracking_url=tracking_url(request, application)
        )
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Your application %(number)s has been sent to Dinas Sosial. We have e-mailed you the number and this link."
            )
            % {"number": application.number},
        )
    return redirect("public:application_track", application.token)


def register_search(request):
    form = PublicSearchForm(request.GET or None)
    institutions = (
        Institution.objects.exclude(registration_number="")
        .select_related("kecamatan")
        .prefetch_related("target_groups")
        .order_by("name", "pk")
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            institutions = institutions.filter(name__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["kecamatan"]:
            institutions = institutions.filter(kecamatan=form.cleaned_data["kecamatan"])
        if form.cleaned_data["target_group"]:
            institutions = institutions.filter(target_groups=form.cleaned_data["target_group"])
    page = Paginator(institutions, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/register_search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _public_institution(pk):
    """Only what the public may know; institutions that never had a tanda daftar do not exist here."""
    return get_object_or_404(
        Institution.objects.exclude(registration_number="")
        .select_related("kecamatan")
        .prefetch_related("target_groups"),
        pk=pk,
    )


def certificate_state(institution, day=None) -> tuple[str, str]:
    """(code, sentence) for the verification page: is the tanda daftar valid today?"""
    day = day or timezone.localdate()
    if institution.operating_status == OperatingStatus.REVOKED:
        return "revoked", _("REVOKED: this institution's registration has been revoked.")
    if institution.operating_status == OperatingStatus.CLOSED:
        return "closed", _("CLOSED: this institution has closed and is no longer registered.")
    if institution.operating_status == OperatingStatus.SUSPENDED:
        return "suspended", _("SUSPENDED: this institution's registration is suspended.")
    if institution.registration_valid_until and institution.registration_valid_until < day:
        return "expired", _("EXPIRED: the registration ended and has not been renewed.")
    return "valid", _(
        "VALID today: this institution is registered with Dinas Sosial Kota Tangerang."
    )


def public_profile(request, pk):
    institution = _public_institution(pk)
    code, sentence = certificate_state(institution)
    return render(
        request,
        "public/profile.html",
        {
            "institution": institution,
            "state": code,
            "state_sentence": sentence,
            "panels": detail_panels(request, institution, slot="public"),
        },
    )


def verify(request, pk):
    institution = _public_institution(pk)
    code, sentence = certificate_state(institution)
    return render(
        request,
        "public/verify.html",
        {"institution": institution, "state": code, "state_sentence": sentence},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=RATE, method="POST", block=True)
def concern_new(request):
    form = ConcernForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        concern = services.concern_submit(
            uploaded_file=form.cleaned_data["attachment"],
            content_type=form.detected_content_type,
            **fields,
        )
        return render(request, "public/concern_thanks.html", {"concern": concern})
    return render(request, "public/concern_form.html", {"form": form})

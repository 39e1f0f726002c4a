"""Pages of the register anyone can open without logging in: the public register, an
institution's public profile and the verification of its tanda daftar. RATE and rate_limited are
shared by every public form (registration, concerns), which are rate limited per client address."""

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from lks_registry.forms import PublicSearchForm
from lks_registry.models import Institution, OfficeSettings
from lks_registry.panels import detail_panels
from lks_registry.public_fields import PublicStatus, profile_rows, public_status


def RATE(group, request):  # noqa: N802 - read per request, so settings (and tests) can change it
    return settings.PUBLIC_FORM_RATE


def rate_limited(request, exception):
    return render(request, "public/rate_limited.html", status=429)


@require_safe
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


_STATE_SENTENCES = {
    PublicStatus.REVOKED: _("REVOKED: this institution's registration has been revoked."),
    PublicStatus.CLOSED: _("CLOSED: this institution has closed and is no longer registered."),
    PublicStatus.SUSPENDED: _("SUSPENDED: this institution's registration is suspended."),
    PublicStatus.EXPIRED: _("EXPIRED: the registration ended and has not been renewed."),
    PublicStatus.VALID: _("VALID today: this institution is registered with %(office)s."),
}


def certificate_state(institution, day=None) -> tuple[str, str]:
    """(code, sentence) for the verification page: is the tanda daftar valid today?"""
    day = day or timezone.localdate()
    code = public_status(
        status=institution.operating_status,
        registration_state=institution.registration_state_on(day),
    )
    # The office's name from its settings, so another office serves the same code.
    return code, str(_STATE_SENTENCES[code]) % {"office": OfficeSettings.current().office_name}


@require_safe
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
            "fields": profile_rows(institution, status_code=code),
            "panels": detail_panels(request, institution, slot="public"),
        },
    )


@require_safe
def verify(request, pk):
    institution = _public_institution(pk)
    code, sentence = certificate_state(institution)
    return render(
        request,
        "public/verify.html",
        {"institution": institution, "state": code, "state_sentence": sentence},
    )


def PASSWORD_RESET_ADDRESS_RATE(group, request):  # noqa: N802 - read per request, like RATE
    return settings.PASSWORD_RESET_RATE_PER_ADDRESS


def PASSWORD_RESET_RECIPIENT_RATE(group, request):  # noqa: N802
    return settings.PASSWORD_RESET_RATE_PER_RECIPIENT


def password_reset_recipient(group, request) -> str:
    """The e-mail address a reset is asked for, as one recipient whatever its case or spaces."""
    return request.POST.get("email", "").strip().lower()


# "Lupa kata sandi" sends an e-mail to whatever address is typed: limited per client address (one
# script flooding many victims) and per recipient (many clients flooding one victim).
password_reset = ratelimit(
    key="config.network.ratelimit_key",
    rate=PASSWORD_RESET_ADDRESS_RATE,
    method="POST",
    block=True,
    group="password_reset_address",
)(
    ratelimit(
        key=password_reset_recipient,
        rate=PASSWORD_RESET_RECIPIENT_RATE,
        method="POST",
        block=True,
        group="password_reset_recipient",
    )(PasswordResetView.as_view())
)


@require_safe
def office_logo(request):
    """The office's logo (set in the admin under Pengaturan kantor), for the page header."""
    logo = OfficeSettings.current().logo
    if not logo:
        raise Http404
    try:
        handle = logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=_logo_type(logo.name))
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _logo_type(name: str) -> str:
    return "image/png" if name.lower().endswith(".png") else "image/jpeg"

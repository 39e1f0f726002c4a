"""Reporting a concern (pengaduan), without logging in; rate limited per client address."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from lks_registry.public_views import RATE
from supervision import services
from supervision.forms import ConcernForm
from supervision.models import Concern


@require_http_methods(["GET", "POST"])
@ratelimit(key="config.network.ratelimit_key", rate=RATE, method="POST", block=True)
def concern_new(request):
    form = ConcernForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        concern = services.concern_submit(
            uploaded_file=form.cleaned_data["attachment"],
            content_type=form.detected_content_type,
            **fields,
        )
        messages.success(request, _("Thank you, your report has been received."))
        # Redirect after POST: reloading the page never sends the report again.
        return redirect("supervision:concern_status", concern.token)
    return render(request, "supervision/concern_form.html", {"form": form})


@require_safe
def concern_status(request, token):
    """The reporter's private page: the reference, the status and the dates of each step, never
    the staff's notes, the reporter's contact or the attachment."""
    concern = get_object_or_404(Concern.objects.select_related("institution"), token=token)
    return render(
        request,
        "supervision/concern_status.html",
        {"concern": concern, "steps": concern.notes.exclude(status="")},
    )

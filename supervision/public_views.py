"""Reporting a concern (pengaduan), without logging in; rate limited per client address."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from lks_registry.public_views import RATE
from supervision import services
from supervision.forms import ConcernForm


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
        return render(request, "supervision/concern_thanks.html", {"concern": concern})
    return render(request, "supervision/concern_form.html", {"form": form})

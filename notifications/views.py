from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lks_registry.permissions import permission_required
from notifications import queue, selectors, services
from notifications.models import EmailStatus, Notification, OutgoingEmail

VIEW_OUTBOX = "notifications.view_outgoingemail"


@require_safe
@permission_required(VIEW_OUTBOX)
def outbox(request):
    status = request.GET.get("status", "")
    page = Paginator(selectors.outbox(status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": EmailStatus.choices,
            "query": f"status={status}",
        },
    )


@require_POST
@permission_required(VIEW_OUTBOX)
def outbox_retry(request, pk):
    email = get_object_or_404(OutgoingEmail, pk=pk, status=EmailStatus.FAILED)
    services.email_retry(email)
    messages.success(request, _("The message is queued to be sent again."))
    return redirect("notifications:outbox")


@require_safe
@permission_required(VIEW_OUTBOX)
def queue_page(request):
    state = queue.queue_state()
    return render(
        request,
        "notifications/queue.html",
        {"state": state, "healthy": queue.queue_is_healthy(state)},
    )


@require_safe
@login_required
def notification_list(request):
    page = Paginator(selectors.user_notifications(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page, "query": ""})


@require_POST
@login_required
def notification_open(request, pk):
    """Mark the item read and go to its record."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:notification_list")


@require_POST
@login_required
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications:notification_list")

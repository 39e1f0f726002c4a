from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lks_registry.permissions import VIEW_ALL_INSTITUTIONS, permission_required
from reminders import selectors


@require_safe
@permission_required(VIEW_ALL_INSTITUTIONS)
def sent_list(request):
    page = Paginator(selectors.sent_reminders(), 50).get_page(request.GET.get("page"))
    return render(request, "reminders/sent_list.html", {"page": page})


def institution_panel_context(request, institution):
    """The reminders sent about this institution, on its page (staff and its own account)."""
    return {"sent_reminders": list(selectors.reminders_of(institution)[:20])}

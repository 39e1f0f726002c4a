from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from guide.pages import BY_SLUG, PAGES, page_for


@require_safe
def help_for_user(request):
    """The top bar's "Bantuan": the guide page of the user's role."""
    return redirect("guide:" + page_for(request.user).slug)


@require_safe
def guide_page(request, slug):
    page = BY_SLUG[slug]
    return render(
        request,
        f"guide/{slug}.html",
        {"page": page, "pages": PAGES, "own_page": page_for(request.user)},
    )

from django.urls import path

from guide import views
from guide.pages import PAGES

app_name = "guide"

# One named URL per page (guide:operator, …), so the generated page tests open each of them.
urlpatterns = [path("help/", views.help_for_user, name="help")] + [
    path(f"help/{page.slug}/", views.guide_page, {"slug": page.slug}, name=page.slug)
    for page in PAGES
]

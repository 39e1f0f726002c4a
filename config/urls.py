from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from lks_registry.public_views import password_reset
from reports.views import public_statistics

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    # Before Django's own, so the rate-limited view answers this address (same name).
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("institutions/", include("lks_registry.urls")),
    path("accreditation/", include("accreditation.urls")),
    path("dashboard/", include("reports.urls")),
    path("supervision/risk/", include("risk.urls")),
    path("statistics/", public_statistics, name="public_statistics"),
    path("", include("lks_registry.public_urls")),
    path("", include("applications.urls")),
    path("", include("supervision.urls")),
    path("", include("notifications.urls")),
    path("", include("reminders.urls")),
    path("", include("opendata.urls")),
    path("", include("guide.urls")),
]

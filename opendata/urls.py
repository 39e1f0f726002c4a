from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from opendata import views
from opendata.http import ClientRateThrottle

app_name = "opendata"

urlpatterns = [
    path("data/", views.open_data, name="open_data"),
    path("data/register.csv", views.RegisterCsv.as_view(), name="register_csv"),
    path("data/register.json", views.RegisterJson.as_view(), name="register_json"),
    path("data/statistics.csv", views.StatisticsCsv.as_view(), name="statistics_csv"),
    path("data/statistics.json", views.StatisticsJson.as_view(), name="statistics_json"),
    path("api/v1/institutions/", views.InstitutionList.as_view(), name="api_institutions"),
    path(
        "api/v1/institutions/<int:pk>/",
        views.InstitutionDetail.as_view(),
        name="api_institution",
    ),
    path("api/v1/statistics/", views.StatisticsView.as_view(), name="api_statistics"),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(
            throttle_classes=[ClientRateThrottle], http_method_names=["get", "head"]
        ),
        name="schema",
    ),
    path("api/docs/", views.api_docs, name="api_docs"),
]

from django.urls import path

from lks_registry import public_views

app_name = "public"

urlpatterns = [
    path("register/", public_views.application_start, name="application_start"),
    path("register/<str:token>/", public_views.application_track, name="application_track"),
    path("register/<str:token>/edit/", public_views.application_edit, name="application_edit"),
    path(
        "register/<str:token>/upload/", public_views.application_upload, name="application_upload"
    ),
    path(
        "register/<str:token>/submit/", public_views.application_submit, name="application_submit"
    ),
    path("lks/", public_views.register_search, name="register_search"),
    path("lks/<int:pk>/", public_views.public_profile, name="profile"),
    path("verify/<int:pk>/", public_views.verify, name="verify"),
    path("concern/", public_views.concern_new, name="concern_new"),
]

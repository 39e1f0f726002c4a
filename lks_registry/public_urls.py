from django.urls import path

from lks_registry import public_views

app_name = "public"

urlpatterns = [
    path("lks/", public_views.register_search, name="register_search"),
    path("lks/<int:pk>/", public_views.public_profile, name="profile"),
    path("verify/<int:pk>/", public_views.verify, name="verify"),
    path("office/logo/", public_views.office_logo, name="office_logo"),
]

from django.urls import path

from accreditation import views

app_name = "accreditation"

urlpatterns = [
    path("", views.pipeline_board, name="pipeline_board"),
    path("worklists/", views.worklists, name="worklists"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/step/<slug:name>/", views.case_transition, name="case_transition"),
    path("cases/<int:pk>/readiness/", views.readiness_edit, name="readiness_edit"),
    path("cases/<int:pk>/assistance/", views.assistance_add, name="assistance_add"),
    path("institutions/<int:institution_pk>/open/", views.case_open, name="case_open"),
    path("institutions/<int:institution_pk>/mentor/", views.mentorship_add, name="mentorship_add"),
    path("mentorships/", views.mentorship_list, name="mentorship_list"),
    path("mentorships/<int:pk>/end/", views.mentorship_end, name="mentorship_end"),
    path(
        "institutions/<int:institution_pk>/assistance/all/",
        views.institution_assistance_list,
        name="institution_assistance_list",
    ),
    path(
        "institutions/<int:institution_pk>/apply/",
        views.apply_for_accreditation,
        name="apply_for_accreditation",
    ),
    path(
        "institutions/<int:institution_pk>/assistance/",
        views.institution_assistance_add,
        name="institution_assistance_add",
    ),
]

"""Paths are absolute (included at the site root): the staff pages live under /institutions/ beside
the register's, the public concern form at /concern/."""

from django.urls import path

from supervision import public_views, views

app_name = "supervision"

urlpatterns = [
    path(
        "institutions/<int:pk>/visits/new/",
        views.monitoring_visit_add,
        name="monitoring_visit_add",
    ),
    path("institutions/<int:pk>/visits/plan/", views.planned_visit_add, name="planned_visit_add"),
    path("institutions/<int:pk>/visits/", views.visit_list, name="visit_list"),
    path("institutions/visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("institutions/visits/documents/<int:pk>/", views.visit_document, name="visit_document"),
    path("institutions/<int:pk>/warnings/new/", views.warning_add, name="warning_add"),
    path(
        "institutions/<int:pk>/warnings/close-round/",
        views.warning_round_close,
        name="warning_round_close",
    ),
    path("institutions/warnings/<int:pk>/referral/", views.warning_refer, name="warning_refer"),
    path("institutions/<int:pk>/messages/new/", views.message_send, name="message_send"),
    path("institutions/concerns/", views.concern_list, name="concern_list"),
    path("institutions/concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path(
        "institutions/concerns/<int:pk>/attachment/",
        views.concern_attachment,
        name="concern_attachment",
    ),
    path("institutions/supervision/", views.supervision, name="supervision"),
    path("institutions/findings/", views.finding_list, name="finding_list"),
    path("institutions/findings/new/", views.finding_edit, name="finding_add"),
    path("institutions/findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("institutions/findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("concern/", public_views.concern_new, name="concern_new"),
    path("concern/<str:token>/", public_views.concern_status, name="concern_status"),
]

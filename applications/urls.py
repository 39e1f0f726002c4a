"""Paths are absolute (included at the site root): the staff pages live under /institutions/ beside
the register's, the applicant's pages under /register/."""

from django.urls import path

from applications import public_views, views

app_name = "applications"

urlpatterns = [
    path("institutions/applications/", views.application_queue, name="application_queue"),
    path(
        "institutions/applications/<int:pk>/", views.application_review, name="application_review"
    ),
    path(
        "institutions/applications/documents/<int:pk>/",
        views.application_document,
        name="application_document",
    ),
    path("institutions/<int:pk>/tanda-daftar.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("institutions/<int:pk>/contact/", views.contact_edit, name="contact_edit"),
    path("institutions/<int:pk>/change-request/", views.change_request, name="change_request"),
    path("institutions/<int:pk>/renewal/", views.renewal_start, name="renewal_start"),
    path("register/", public_views.application_start, name="application_start"),
    path("register/<str:token>/", public_views.application_track, name="application_track"),
    path("register/<str:token>/edit/", public_views.application_edit, name="application_edit"),
    path(
        "register/<str:token>/upload/", public_views.application_upload, name="application_upload"
    ),
    path(
        "register/<str:token>/submit/", public_views.application_submit, name="application_submit"
    ),
    path(
        "register/<str:token>/confirmation/",
        public_views.email_confirmation_resend,
        name="email_confirmation_resend",
    ),
    path("register/confirm/<str:signed>/", public_views.email_confirm, name="email_confirm"),
    path(
        "register/<str:token>/bukti-pendaftaran.pdf",
        public_views.application_receipt,
        name="application_receipt",
    ),
    path(
        "register/<str:token>/tanda-daftar.pdf",
        public_views.application_certificate,
        name="application_certificate",
    ),
]

from django.urls import path

from lks_registry import import_views, review_views, views

app_name = "lks_registry"

urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("new/", views.institution_create, name="institution_create"),
    path("<int:pk>/", views.institution_detail, name="institution_detail"),
    path("<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("<int:pk>/status/", views.institution_change_status, name="institution_change_status"),
    path("<int:pk>/documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]

urlpatterns += [
    path("applications/", review_views.application_queue, name="application_queue"),
    path("applications/<int:pk>/", review_views.application_review, name="application_review"),
    path(
        "applications/documents/<int:pk>/",
        review_views.application_document,
        name="application_document",
    ),
    path("<int:pk>/tanda-daftar.pdf", review_views.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/contact/", review_views.contact_edit, name="contact_edit"),
    path("<int:pk>/change-request/", review_views.change_request, name="change_request"),
    path("<int:pk>/visits/new/", review_views.monitoring_visit_add, name="monitoring_visit_add"),
    path("<int:pk>/warnings/new/", review_views.warning_add, name="warning_add"),
    path("concerns/", review_views.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", review_views.concern_detail, name="concern_detail"),
    path(
        "concerns/<int:pk>/attachment/", review_views.concern_attachment, name="concern_attachment"
    ),
    path("supervision/", review_views.supervision, name="supervision"),
    path("findings/", review_views.finding_list, name="finding_list"),
    path("findings/new/", review_views.finding_edit, name="finding_add"),
    path("findings/<int:pk>/", review_views.finding_edit, name="finding_edit"),
]

urlpatterns += [
    path("import/", import_views.import_start, name="import_start"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
]

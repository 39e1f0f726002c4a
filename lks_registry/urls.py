from django.urls import path

from lks_registry import import_views, views

app_name = "lks_registry"

urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("new/", views.institution_create, name="institution_create"),
    path("mine/", views.my_institution, name="my_institution"),
    path("<int:pk>/", views.institution_detail, name="institution_detail"),
    path("<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("<int:pk>/status/", views.institution_change_status, name="institution_change_status"),
    path("<int:pk>/permit/renew/", views.permit_renew, name="permit_renew"),
    path("<int:pk>/documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]

urlpatterns += [
    path("import/", import_views.import_start, name="import_start"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/decide/", import_views.import_decide, name="import_decide"),
    path("import/<int:pk>/sheets/", import_views.import_sheets, name="import_sheets"),
    path("import/<int:pk>/held-back.xlsx", import_views.import_held_back, name="import_held_back"),
    path("incomplete/", views.incomplete_list, name="incomplete_list"),
]

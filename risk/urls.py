from django.urls import path

from risk import views

app_name = "risk"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("<int:pk>/plan/", views.plan_visit, name="plan_visit"),
]

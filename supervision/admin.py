"""Concerns, visits, warnings and findings are recorded on the supervision pages (with their rules
and history); the admin only shows them."""

from django.contrib import admin

from lks_registry.admin import ReadOnlyAdmin
from supervision import models


@admin.register(models.Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ["reference", "category", "institution", "status", "received_at"]
    list_filter = ["status", "category"]
    search_fields = ["reference", "institution__name", "institution_name"]
    list_select_related = ["institution"]


@admin.register(models.MonitoringVisit)
class MonitoringVisitAdmin(ReadOnlyAdmin):
    list_display = ["institution", "visited_on", "officers"]
    search_fields = ["institution__name"]
    list_select_related = ["institution"]


@admin.register(models.WrittenWarning)
class WrittenWarningAdmin(ReadOnlyAdmin):
    list_display = ["institution", "level", "letter_number", "issued_on", "children_in_danger"]
    search_fields = ["institution__name"]
    list_select_related = ["institution"]


@admin.register(models.FieldFinding)
class FieldFindingAdmin(ReadOnlyAdmin):
    list_display = ["name", "kecamatan", "status", "found_on"]
    list_filter = ["status", "kecamatan"]
    search_fields = ["name", "address"]


@admin.register(models.WarningRound)
class WarningRoundAdmin(ReadOnlyAdmin):
    list_display = ["institution", "opened_on", "closed_on"]
    search_fields = ["institution__name"]
    list_select_related = ["institution"]


@admin.register(models.PlannedVisit)
class PlannedVisitAdmin(ReadOnlyAdmin):
    list_display = ["institution", "planned_on", "officer", "done_visit"]
    list_select_related = ["institution", "officer"]


@admin.register(models.FindingNote, models.VisitDocument, models.InstitutionMessage)
class SupervisionRecordAdmin(ReadOnlyAdmin):
    pass


@admin.register(models.SupervisionSettings)
class SupervisionSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "finding_deadline_days"]

    def has_add_permission(self, request):
        return not models.SupervisionSettings.objects.exists()

from django.contrib import admin

from accreditation import models
from lks_registry.admin import ReadOnlyAdmin


@admin.register(models.Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "validity_years"]


@admin.register(models.Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "weight", "min_score", "max_score", "sort_order"]
    list_editable = ["weight", "min_score", "max_score", "sort_order"]


@admin.register(models.AccreditationSettings)
class AccreditationSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "readiness_target_percent",
        "stuck_after_days",
        "expiring_within_months",
    ]

    def has_add_permission(self, request):
        return not models.AccreditationSettings.objects.exists()


@admin.register(models.AccreditationCase)
class AccreditationCaseAdmin(admin.ModelAdmin):
    """Read-only: cases change state only through the pipeline, which checks and logs each step."""

    list_display = ["institution", "state", "grade", "decided_on", "valid_until"]
    list_filter = ["state", "grade"]
    search_fields = ["institution__name", "certificate_number", "recommendation_number"]
    list_select_related = ["institution", "grade"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    """Mentorships start and end on the app's pages, where the mentor rule is checked."""

    list_display = ["mentor", "mentee", "started_on", "ended_on"]
    list_select_related = ["mentor", "mentee"]

from django.contrib import admin

from accreditation.models import AccreditationCase, Grade


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "validity_years"]


@admin.register(AccreditationCase)
class AccreditationCaseAdmin(admin.ModelAdmin):
    list_display = ["institution", "state", "grade", "decided_on", "valid_until"]
    list_filter = ["state", "grade"]
    search_fields = ["institution__name"]
    list_select_related = ["institution", "grade"]
    readonly_fields = ["valid_until"]

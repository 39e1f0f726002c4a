from django.contrib import admin

from risk.models import RiskFactor, RiskSettings


@admin.register(RiskFactor)
class RiskFactorAdmin(admin.ModelAdmin):
    list_display = ["code", "weight", "is_active"]
    list_editable = ["weight", "is_active"]
    readonly_fields = []

    def get_readonly_fields(self, request, obj=None):
        # The code names what the factor means (risk.factors): fixed once the row exists.
        return ["code"] if obj else []


@admin.register(RiskSettings)
class RiskSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "medium_from", "high_from"]

    def has_add_permission(self, request):
        return not RiskSettings.objects.exists()

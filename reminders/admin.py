from django.contrib import admin

from reminders.models import ReminderSettings, ReminderThreshold, SentReminder


@admin.register(ReminderThreshold)
class ReminderThresholdAdmin(admin.ModelAdmin):
    list_display = ["kind", "days_before", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    filter_horizontal = ["digest_roles"]

    def has_add_permission(self, request):
        return not ReminderSettings.objects.exists() and super().has_add_permission(request)


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """The record of what was sent: read-only, it is what keeps a reminder from going twice."""

    list_display = ["sent_on", "kind", "subject", "due_on", "days_before"]
    list_filter = ["kind", "days_before"]
    search_fields = ["subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Applications are decided on the review page (with its rules and history), never in the admin:
the admin only shows them."""

from django.contrib import admin

from applications import models
from lks_registry.admin import ReadOnlyAdmin


@admin.register(models.RegistrationApplication)
class RegistrationApplicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "status", "submitted_at", "institution"]
    list_filter = ["status"]
    search_fields = ["number", "name", "npwp", "email"]
    list_select_related = ["institution"]
    exclude = ["token"]

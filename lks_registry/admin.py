from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lks_registry import models
from lks_registry.services import institution_admin_save


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records whose every change goes through a service (rules, reason, history): the
    admin shows them and nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Province, models.City)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "other_spellings"]
    list_filter = ["city"]
    search_fields = ["code", "name", "other_spellings"]


@admin.register(models.Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kecamatan", "other_spellings"]
    list_filter = ["kecamatan"]
    search_fields = ["code", "name", "other_spellings"]


@admin.register(models.TargetGroup)
class ReferenceDataAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(models.Specialisation)
class SpecialisationAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "institution_kind", "sort_order", "is_active"]
    list_editable = ["institution_kind", "sort_order", "is_active"]


@admin.register(models.LegalBasis)
class LegalBasisAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "governs", "is_current", "sort_order", "is_active"]
    list_editable = ["is_current", "sort_order", "is_active"]
    list_filter = ["governs", "is_current"]


@admin.register(models.DocumentType)
class DocumentTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "allows_several", "sort_order", "is_active"]


@admin.register(models.LegalType)
class LegalTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "is_legal_entity", "sort_order", "is_active"]
    filter_horizontal = ["required_document_types"]


@admin.register(models.LegalForm)
class LegalFormAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "legal_type", "sort_order", "is_active"]
    list_filter = ["legal_type"]


@admin.register(models.RegistrySettings)
class RegistrySettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "registration_validity_years",
        "permit_validity_years",
        "registration_number_pattern",
    ]

    def has_add_permission(self, request):
        return not models.RegistrySettings.objects.exists()


@admin.register(models.OfficeSettings)
class OfficeSettingsAdmin(admin.ModelAdmin):
    """One row: the office's name, city, signatory and logo, read by pages, e-mails and PDFs."""

    list_display = ["office_name", "city", "head_name", "head_nip"]

    def has_add_permission(self, request):
        return not models.OfficeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class BoardMemberInline(admin.TabularInline):
    model = models.BoardMember
    extra = 0


@admin.register(models.Institution)
class InstitutionAdmin(admin.ModelAdmin):
    """Data fields are edited here like in the register's form; the operating status only through
    its page (reason, status-change row, warning rule), so it is shown read-only with a link."""

    list_display = ["name", "registration_number", "kind", "kecamatan", "operating_status"]
    list_filter = ["kind", "operating_status", "kecamatan", "specialisation", "legal_form"]
    search_fields = ["name", "registration_number", "npwp"]
    list_select_related = ["kecamatan"]
    autocomplete_fields = ["kelurahan"]
    filter_horizontal = ["target_groups"]
    inlines = [BoardMemberInline]
    readonly_fields = ["operating_status_link", "status_reason", "status_changed_at", "version"]
    exclude = ["operating_status"]

    @admin.display(description=_("operating status"))
    def operating_status_link(self, obj):
        if obj is None or obj.pk is None:
            return models.OperatingStatus.ACTIVE.label
        url = reverse("lks_registry:institution_change_status", args=[obj.pk])
        return format_html(
            '{} — <a href="{}">{}</a>', obj.get_operating_status_display(), url, _("Change status")
        )

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class InstitutionAdminForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.number_given_on_save = True  # institution_admin_save gives it

        return InstitutionAdminForm

    def save_model(self, request, obj, form, change):
        institution_admin_save(institution=obj, is_new=not change)

    def has_delete_permission(self, request, obj=None):
        return False  # Institutions are closed or revoked, never deleted.


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["institution", "document_type", "original_name", "uploaded_at", "uploaded_by"]
    list_filter = ["document_type"]
    search_fields = ["institution__name", "original_name"]
    list_select_related = ["institution", "document_type", "uploaded_by"]

    def has_delete_permission(self, request, obj=None):
        return False  # A document is replaced by a newer upload; the old one is kept.


@admin.register(models.InstitutionMember)
class InstitutionMemberAdmin(admin.ModelAdmin):
    """Linking is kept in the history. An existing link is not re-pointed (that moved an account
    away from its institution): remove it and add a new one, both recorded."""

    list_display = ["user", "institution"]
    search_fields = ["user__username", "institution__name"]
    autocomplete_fields = ["institution"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "institution"] if obj else []


@admin.register(models.RegistrationCounter)
class RegistrationCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last_number"]


@admin.register(models.StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["institution", "old_status", "new_status", "changed_by", "changed_at"]
    list_select_related = ["institution", "changed_by"]


@admin.register(models.HeaderSynonym)
class HeaderSynonymAdmin(admin.ModelAdmin):
    list_display = ["text", "column"]
    list_filter = ["column"]
    search_fields = ["text"]


@admin.register(models.ServiceTypeSynonym)
class ServiceTypeSynonymAdmin(admin.ModelAdmin):
    list_display = ["text", "staff_choose"]
    list_filter = ["staff_choose"]
    search_fields = ["text"]
    filter_horizontal = ["target_groups"]


@admin.register(models.DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """Cuti bersama and local days off; national holidays come from the `holidays` library."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

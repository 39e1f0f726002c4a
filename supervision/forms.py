"""Forms of concerns, monitoring visits, written warnings and field findings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lks_registry.forms import FieldsOnlyHelper, simple_model_form
from lks_registry.models import Institution
from lks_registry.validators import validate_upload
from supervision.models import Concern, ConcernStatus, FieldFinding, MonitoringVisit, WrittenWarning


class ConcernForm(FieldsOnlyHelper, forms.ModelForm):
    attachment = forms.FileField(
        label=_("Photo or PDF (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )

    class Meta:
        model = Concern
        fields = ["category", "institution", "institution_name", "description", "place", "contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.registered()
        self.fields["institution"].required = False
        self.fields["institution"].empty_label = _("— not in the list / unknown —")

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        self.detected_content_type = validate_upload(uploaded) if uploaded else ""
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("institution") and not cleaned.get("institution_name", "").strip():
            self.add_error("institution_name", _("Choose the institution or write its name."))
        return cleaned


class ConcernUpdateForm(FieldsOnlyHelper, forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["status", "institution", "action_note"]
        widgets = {"action_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].required = False

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") in (ConcernStatus.FOLLOWED_UP, ConcernStatus.CLOSED)
            and not (cleaned.get("action_note") or "").strip()
        ):
            self.add_error("action_note", _("Describe the visit or action taken."))
        return cleaned


MonitoringVisitForm = simple_model_form(
    MonitoringVisit,
    ["visited_on", "officers", "findings", "follow_up"],
    ["visited_on"],
    ["findings", "follow_up"],
)
WrittenWarningForm = simple_model_form(
    WrittenWarning,
    ["level", "issued_on", "reason", "children_in_danger"],
    ["issued_on"],
    ["reason"],
)
FieldFindingForm = simple_model_form(
    FieldFinding,
    [
        "name",
        "address",
        "kecamatan",
        "owner",
        "activity",
        "found_by",
        "found_on",
        "status",
        "application",
        "note",
    ],
    ["found_on"],
    ["note"],
)

"""Forms of concerns, monitoring visits, written warnings and field findings."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from lks_registry.forms import CrispyModelForm, DateInput, FieldsOnlyHelper, simple_model_form
from lks_registry.models import Institution
from lks_registry.validators import validate_upload
from supervision.models import (
    Concern,
    ConcernStatus,
    FieldFinding,
    FindingStatus,
    InstitutionMessage,
    MonitoringVisit,
    PlannedVisit,
    WarningRound,
    WrittenWarning,
)


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


class ConcernUpdateForm(FieldsOnlyHelper, forms.Form):
    """A step of handling; not a model form, so a refused step never changes the concern shown
    on the page (its badge keeps the saved status)."""

    status = forms.ChoiceField(label=_("status"), choices=ConcernStatus.choices)
    institution = forms.ModelChoiceField(
        label=_("institution"), queryset=Institution.objects.all(), required=False
    )
    note = forms.CharField(
        label=_("Visit, action or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the timeline; the reporter never sees it."),
    )

    def __init__(self, *args, concern, **kwargs):
        kwargs.setdefault(
            "initial", {"status": concern.status, "institution": concern.institution_id}
        )
        super().__init__(*args, **kwargs)


MonitoringVisitForm = simple_model_form(
    MonitoringVisit,
    ["visited_on", "officers", "findings", "follow_up"],
    ["visited_on"],
    ["findings", "follow_up"],
)


class PlannedVisitForm(CrispyModelForm):
    class Meta:
        model = PlannedVisit
        fields = ["planned_on", "officer", "note"]
        widgets = {"planned_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            User.objects.filter(is_active=True, groups__permissions__codename="add_monitoringvisit")
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.username


class WrittenWarningForm(CrispyModelForm):
    class Meta:
        model = WrittenWarning
        fields = [
            "level",
            "letter_number",
            "issued_on",
            "correction_deadline",
            "reason",
            "children_in_danger",
        ]
        widgets = {
            "issued_on": DateInput(),
            "correction_deadline": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_deadline"].required = True


class WarningRoundCloseForm(CrispyModelForm):
    class Meta:
        model = WarningRound
        fields = ["closed_on", "closing_note"]
        widgets = {"closed_on": DateInput(), "closing_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].required = True
        self.fields["closing_note"].required = True


class ReferralForm(CrispyModelForm):
    class Meta:
        model = WrittenWarning
        fields = ["referred_on", "referred_to"]
        widgets = {"referred_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_on"].required = True
        self.fields["referred_to"].required = True


class FieldFindingForm(CrispyModelForm):
    note = forms.CharField(
        label=_("Note for the timeline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = FieldFinding
        fields = [
            "name",
            "address",
            "kecamatan",
            "owner",
            "activity",
            "found_by",
            "found_on",
            "application",
        ]
        widgets = {"found_on": DateInput()}


class FindingNoteForm(FieldsOnlyHelper, forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("— unchanged —")),
            (FindingStatus.OPEN, FindingStatus.OPEN.label),
            (FindingStatus.CLOSED, FindingStatus.CLOSED.label),
        ],
        help_text=_(
            "A finding becomes “registered” by itself once its linked application is approved."
        ),
    )


class VisitDocumentForm(FieldsOnlyHelper, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.detected_content_type = validate_upload(uploaded)
        return uploaded


InstitutionMessageForm = simple_model_form(InstitutionMessage, ["subject", "body"], (), ["body"])

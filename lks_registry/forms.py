"""Forms validate and normalise; they never save by themselves (see services.py)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from lks_registry.models import (
    BoardMember,
    DocumentType,
    Institution,
    InstitutionKind,
    Kecamatan,
    Kelurahan,
    LegalBasis,
    LegalForm,
    LegalScope,
    LegalType,
    OperatingStatus,
    StatusGround,
    TargetGroup,
)
from lks_registry.validators import UPLOAD_TOO_LARGE, normalise_npwp, validate_npwp, validate_upload
from lks_registry.workbook import upload_problem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def labelled_errors(form):
    """A form's errors as (field label, messages), for a text or a summary: the label a person
    knows instead of the field's code name, and none for errors of the whole form (`__all__`)."""
    return [
        (str(form.fields[name].label) if name in form.fields else "", list(messages))
        for name, messages in form.errors.items()
    ]


def grouped_choices(groups, members_of, label_of=str):
    """Choices grouped under a heading each (kelurahan by kecamatan, legal form by legal type),
    so the browser shows the hierarchy without any JavaScript."""
    return [("", "---------")] + [
        (label_of(group), [(member.pk, str(member)) for member in members_of(group)])
        for group in groups
    ]


def row(*fields, cols=None):
    return Div(*[Div(f, css_class=cols or "col-md") for f in fields], css_class="row")


class FieldsOnlyHelper:
    """Crispy renders the fields; the template writes the <form> tag and the buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


NUMBER_HELP = _(
    "Leave it empty to give the next number of the registration year; type a number only for a "
    "record issued earlier (it must not be taken)."
)


class InstitutionForm(FieldsOnlyHelper, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Declared here because people type NPWP with dots and dashes, longer than the 16 stored digits.
    npwp = forms.CharField(
        label="NPWP",
        required=False,
        max_length=25,
        validators=[validate_npwp],
        help_text=Institution._meta.get_field("npwp").help_text,
    )

    class Meta:
        model = Institution
        fields = [
            "name",
            "kind",
            "specialisation",
            "target_groups",
            "legal_form",
            "deed_number",
            "deed_date",
            "deed_notary",
            "ratification_number",
            "ratification_date",
            "npwp",
            "founding_note_number",
            "founding_note_date",
            "founding_note_legalised_by",
            "address",
            "rt",
            "rw",
            "kecamatan",
            "kelurahan",
            "phone",
            "email",
            "head_name",
            "capacity",
            "beneficiaries_count",
            "staff_count",
            "social_worker_count",
            "founded_on",
            "registration_number",
            "registered_on",
            "registration_valid_until",
            "legal_basis",
            *Institution.LKSA_FIELDS,
        ]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "care_setting": forms.RadioSelect,
            **{
                name: DateInput()
                for name in (
                    "deed_date",
                    "ratification_date",
                    "founding_note_date",
                    "founded_on",
                    "registered_on",
                    "registration_valid_until",
                    "permit_date",
                    "permit_valid_until",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.instance.number_given_on_save = True
        if "registration_number" in self.fields:
            self.fields["registration_number"].help_text = NUMBER_HELP
        # The kelurahan list follows the chosen kecamatan (all of them while none is chosen).
        kecamatans = Kecamatan.objects.prefetch_related("kelurahan_set")
        chosen = self._chosen_kecamatan()
        if chosen is not None:
            kecamatans = kecamatans.filter(pk=chosen)
        self.fields["kelurahan"].choices = grouped_choices(
            kecamatans, lambda k: k.kelurahan_set.all()
        )
        self.fields["kelurahan"].queryset = Kelurahan.objects.all()
        self.fields["legal_form"].choices = grouped_choices(
            LegalType.objects.filter(is_active=True).prefetch_related("forms"),
            lambda t: [f for f in t.forms.all() if f.is_active],
        )
        self.fields["legal_form"].queryset = LegalForm.objects.all()
        self.fields["kind"].choices = InstitutionKind.choices
        if "legal_basis" in self.fields:
            self.fields["legal_basis"].queryset = LegalBasis.objects.filter(
                Q(pk__in=LegalBasis.objects.governing(LegalScope.REGISTRATION))
                | Q(pk=self.instance.legal_basis_id)  # an old record keeps what it cites
            ).order_by("-is_current", "sort_order", "name")
            if self.instance.legal_basis_id is None:
                self.initial["legal_basis"] = LegalBasis.current_for(LegalScope.REGISTRATION)
        self.fields["care_setting"].required = False
        self.helper.layout = self.build_layout()

    def _chosen_kecamatan(self):
        if self.is_bound:
            value = self.data.get(self.add_prefix("kecamatan"))
        else:
            value = self.initial.get("kecamatan") or self.instance.kecamatan_id
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    SECTIONS = [
        (
            _("Identity"),
            ["name", ("kind", "specialisation"), "target_groups", "head_name", "founded_on"],
        ),
        (
            _("Legal standing"),
            [
                "legal_form",
                ("deed_number", "deed_date", "deed_notary"),
                ("ratification_number", "ratification_date", "npwp"),
                ("founding_note_number", "founding_note_date", "founding_note_legalised_by"),
            ],
        ),
        (
            _("Address and contact"),
            ["address", ("rt", "rw"), ("kecamatan", "kelurahan"), ("phone", "email")],
        ),
        (
            _("Capacity and staff"),
            [("capacity", "beneficiaries_count", "staff_count", "social_worker_count")],
        ),
        (
            _("Registration (tanda daftar)"),
            [("registration_number", "registered_on", "registration_valid_until"), "legal_basis"],
        ),
        (
            _("LKSA only: care and children"),
            [
                ("care_setting", "carer_count"),
                ("permit_number", "permit_date", "permit_valid_until"),
                (
                    "children_yatim",
                    "children_piatu",
                    "children_yatim_piatu",
                    "children_with_parents",
                ),
            ],
        ),
    ]

    def build_layout(self):
        """The sections above, keeping only the fields this form has (the public application
        form leaves out what Dinsos fills in)."""
        fieldsets = []
        for legend, items in self.SECTIONS:
            parts = []
            for item in items:
                names = [
                    n for n in (item if isinstance(item, tuple) else (item,)) if n in self.fields
                ]
                if names:
                    parts.append(row(*names) if isinstance(item, tuple) else names[0])
                if "kelurahan" in names:
                    parts.append(HTML(kelurahan_refresh_button()))
            if parts:
                fieldsets.append(Fieldset(legend, *parts))
        return Layout(*(["version"] if "version" in self.fields else []), *fieldsets)

    def clean_npwp(self):
        return normalise_npwp(self.cleaned_data["npwp"])

    def clean_registration_number(self):
        return self.cleaned_data["registration_number"].strip()


#: The submit button that reloads a form with the kelurahan of the chosen kecamatan (works
#: without JavaScript; static/js/app.js presses it when the kecamatan changes).
KELURAHAN_REFRESH = "refresh_kelurahan"
KELURAHAN_REFRESH_LABEL = _("Show the kelurahan of the chosen kecamatan")


def kelurahan_refresh_button() -> str:
    return (
        f'<div class="mb-3"><button type="submit" name="{KELURAHAN_REFRESH}" value="1" '
        f'formnovalidate class="btn btn-sm btn-outline-secondary" data-kelurahan-refresh>'
        f"{escape(KELURAHAN_REFRESH_LABEL)}</button></div>"
    )


def kelurahan_refresh(request, form, *formsets) -> bool:
    """True when the form was sent only to show the kelurahan of the chosen kecamatan: nothing
    is saved and, as nothing was submitted yet, no errors are shown (what was typed stays)."""
    if request.method != "POST" or KELURAHAN_REFRESH not in request.POST:
        return False
    form._errors = ErrorDict()
    for formset in formsets:
        formset._errors = []
        formset._non_form_errors = formset.error_class()
        for member in formset.forms:
            member._errors = ErrorDict()
    return True


class BoardMemberForm(forms.ModelForm):
    """One row of the board table: the column headers are the labels, so each input carries
    its label for screen readers instead."""

    class Meta:
        model = BoardMember
        fields = ["name", "position", "address", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control", "aria-label": field.label})


class BaseBoardFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            # The "Remove" column header is the visual label; a screen reader needs its own.
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Remove row %(number)s") % {
                "number": (index or 0) + 1
            }


BoardFormSet = forms.inlineformset_factory(
    Institution,
    BoardMember,
    form=BoardMemberForm,
    formset=BaseBoardFormSet,
    extra=2,
    can_delete=True,
)


class StatusChangeForm(FieldsOnlyHelper, forms.Form):
    new_status = forms.ChoiceField(label=_("New operating status"))
    ground = forms.ChoiceField(
        label=_("Ground of the closure"),
        required=False,
        choices=[("", "---------"), *StatusGround.choices],
        help_text=_("Only for a closure."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required; kept in the status history."),
        error_messages={"required": _("Give the reason for the change.")},
    )
    confirm = forms.BooleanField(
        label=_("I confirm this change of operating status."),
        error_messages={"required": _("Tick the box to confirm the change.")},
    )

    def __init__(self, *args, current_status, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [
            (value, label) for value, label in OperatingStatus.choices if value != current_status
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_status") == OperatingStatus.CLOSED and not cleaned.get("ground"):
            self.add_error("ground", _("Choose why the institution closes."))
        return cleaned


class PermitRenewalForm(FieldsOnlyHelper, forms.Form):
    """A renewed LKSA operating permit, as staff record it from the letter."""

    permit_number = forms.CharField(
        label=_("Number of the renewed permit"),
        max_length=100,
        error_messages={"required": _("Give the number of the renewed permit.")},
    )
    permit_date = forms.DateField(
        label=_("Date of the renewed permit"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the renewed permit.")},
    )
    permit_valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that this permit replaces the current one."),
        error_messages={"required": _("Tick the box to confirm the renewal.")},
    )

    def __init__(self, *args, validity_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permit_valid_until"].help_text = _(
            "Left empty: %(years)s years after the permit date (registry settings)."
        ) % {"years": validity_years}


class DocumentUploadForm(FieldsOnlyHelper, forms.Form):
    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.filter(is_active=True), label=_("Document type")
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a document with its own end date (e.g. a domicile letter)."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.detected_content_type = validate_upload(uploaded)
        return uploaded


class CrispyModelForm(FieldsOnlyHelper, forms.ModelForm):
    """The base of the small model forms made by simple_model_form."""


def simple_model_form(model, field_names, date_fields=(), text_fields=()):
    widgets = {name: DateInput() for name in date_fields}
    widgets.update({name: forms.Textarea(attrs={"rows": 3}) for name in text_fields})
    return forms.modelform_factory(model, form=CrispyModelForm, fields=field_names, widgets=widgets)


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    kecamatan = forms.ModelChoiceField(
        queryset=Kecamatan.objects.all(), required=False, label=_("Kecamatan")
    )
    target_group = forms.ModelChoiceField(
        queryset=TargetGroup.objects.filter(is_active=True), required=False, label=_("Service type")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if hasattr(field, "queryset") else "form-control"
            )


IMPORT_MAX_MB = 30


class ImportUploadForm(FieldsOnlyHelper, forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX, XLS or CSV)"),
        help_text=_(
            "At most %(mb)s MB. Any office list will do: the columns are recognised by their "
            "headers, wherever the table starts."
        )
        % {"mb": IMPORT_MAX_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.csv,.txt"}),
    )

    def clean_file(self):
        """Checked by content (lks_registry.workbook.upload_problem): an XLSX is a ZIP archive,
        an XLS an OLE2 compound file, a CSV is text."""
        uploaded = self.cleaned_data["file"]
        if uploaded.size > IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(UPLOAD_TOO_LARGE, params={"limit": IMPORT_MAX_MB})
        head = uploaded.read(2048)
        uploaded.seek(0)
        problem = upload_problem(head, uploaded.name)
        if problem:
            raise forms.ValidationError(problem)
        return uploaded

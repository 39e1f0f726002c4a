"""Forms of online registration and of the institution account's own pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicationStatus
from lks_registry.forms import FieldsOnlyHelper, InstitutionForm, simple_model_form
from lks_registry.models import Institution

#: Filled in by Dinsos on approval, never by the applicant.
DINSOS_FIELDS = ("registration_number", "registered_on", "registration_valid_until", "legal_basis")


class ApplicationForm(InstitutionForm):
    """The public registration form: everything but what Dinsos fills in on approval."""

    class Meta(InstitutionForm.Meta):
        fields = [f for f in InstitutionForm.Meta.fields if f not in DINSOS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "We send the application number and the tracking link here."
        )
        self.helper.layout = self.build_layout()


class DecisionForm(FieldsOnlyHelper, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ApplicationStatus.APPROVED, _("Approve and register")),
            (ApplicationStatus.REVISION, _("Ask for a revision")),
            (ApplicationStatus.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the institution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a revision or a rejection: what to fix, or why."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm this decision."),
        error_messages={"required": _("Tick the box to confirm the decision.")},
    )


ContactForm = simple_model_form(Institution, ["phone", "email", "head_name"])


def answer_rows(form) -> list[tuple[str, str]]:
    """The applicant's answers as (label, readable value), choices shown by their labels."""
    rows = []
    for name, field in form.fields.items():
        values = [v for v in form.data.getlist(name) if v not in (None, "")]
        if not values:
            continue
        if hasattr(field, "choices"):
            labels = {}
            for key, label in field.choices:
                if isinstance(label, list | tuple):  # a group of choices
                    labels.update({str(k): str(v) for k, v in label})
                else:
                    labels[str(key)] = str(label)
            shown = ", ".join(labels.get(str(value), str(value)) for value in values)
        else:
            shown = ", ".join(map(str, values))
        rows.append((field.label, shown))
    return rows

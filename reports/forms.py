import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lks_registry.forms import DateInput
from lks_registry.models import InstitutionKind, Kecamatan, TargetGroup
from lks_registry.widgets import quick_selects
from reports.metrics import Filters

#: Before this day no register existed; far earlier days overflow the date arithmetic.
EARLIEST = datetime.date(1900, 1, 1)


class DashboardFilterForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput())
    kecamatan = forms.ModelChoiceField(
        Kecamatan.objects.all(), required=False, label=_("Kecamatan")
    )
    target_group = forms.ModelChoiceField(
        TargetGroup.objects.all(), required=False, label=_("Service type")
    )
    kind = forms.ChoiceField(
        choices=[("", "---------"), *InstitutionKind.choices],
        required=False,
        label=_("LKS or LKSA"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "as_of" else "form-select"
        quick_selects(self)

    def clean_as_of(self):
        day = self.cleaned_data["as_of"] or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the past."))
        if day < EARLIEST:
            raise forms.ValidationError(_("The date of the data cannot be before 1 January 1900."))
        return day

    def filters(self) -> Filters:
        """The filters asked for; a field that is not valid falls back to its default (today,
        everything) and the page says so, while the valid ones still apply."""
        data = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the valid fields only
            data = self.cleaned_data
        return Filters(
            day=data.get("as_of") or timezone.localdate(),
            kecamatan_id=data["kecamatan"].pk if data.get("kecamatan") else None,
            target_group_id=data["target_group"].pk if data.get("target_group") else None,
            kind=data.get("kind") or None,
        )

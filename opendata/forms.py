"""The query of every open-data request, validated: only public fields can be filtered on, and an
error names the parameter, never a value from the database."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models import Grade
from lks_registry.models import InstitutionKind, Kecamatan, TargetGroup
from lks_registry.public_fields import PublicStatus
from opendata.selectors import NO_GRADE, RegisterQuery

FUTURE_DATE = _("The date of the data cannot be in the future.")
#: A bound far before any register, so date arithmetic on the day (horizons, years) stays in range.
EARLIEST = datetime.date(1900, 1, 1)
TOO_EARLY = _("The date of the data cannot be before 1 January 1900.")
DATE_FORMAT_ERROR = _("Enter the date as YYYY-MM-DD, e.g. 2025-01-31.")
# Django's own wording (translated by Django): it does not repeat the value that was sent.
CHOICE_ERROR = {
    "invalid_choice": _("Select a valid choice. That choice is not one of the available choices.")
}


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_FORMAT_ERROR},
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"] or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE_DATE)
        if day < EARLIEST:
            raise forms.ValidationError(TOO_EARLY)
        return day


class RegisterFilterForm(AsOfForm):
    kecamatan = forms.ModelChoiceField(
        queryset=Kecamatan.objects.all(), to_field_name="code", required=False
    )
    kind = forms.ChoiceField(
        choices=[("", "")] + InstitutionKind.choices,
        required=False,
        error_messages=CHOICE_ERROR,
    )
    service_type = forms.ModelChoiceField(
        queryset=TargetGroup.objects.all(), to_field_name="code", required=False
    )
    grade = forms.ChoiceField(required=False, error_messages=CHOICE_ERROR)
    status = forms.ChoiceField(
        choices=[("", ""), *PublicStatus.CHOICES], required=False, error_messages=CHOICE_ERROR
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grades = [(code, code) for code in Grade.objects.values_list("code", flat=True)]
        self.fields["grade"].choices = [("", ""), *grades, (NO_GRADE, _("Not accredited"))]

    def query(self) -> RegisterQuery:
        data = self.cleaned_data
        return RegisterQuery(
            day=data["as_of"],
            kecamatan_id=data["kecamatan"].pk if data["kecamatan"] else None,
            kind=data["kind"] or None,
            target_group_id=data["service_type"].pk if data["service_type"] else None,
            grade=data["grade"] or None,
            status=data["status"] or None,
        )

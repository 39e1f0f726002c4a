from django import forms
from django.utils.translation import gettext_lazy as _

from lks_registry.widgets import quick_selects
from reports.forms import DashboardFilterForm
from risk.models import FactorCode, RiskLevel


class WorklistFilterForm(DashboardFilterForm):
    """The dashboard's filters (day, kecamatan, service type, LKS/LKSA) plus factor and level."""

    factor = forms.ChoiceField(
        choices=[("", "---------"), *FactorCode.choices], required=False, label=_("Factor")
    )
    level = forms.ChoiceField(
        choices=[("", "---------"), *RiskLevel.choices], required=False, label=_("Risk level")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("factor", "level"):
            self.fields[name].widget.attrs["class"] = "form-select"
        quick_selects(self)

    def choices(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"factor": data.get("factor") or None, "level": data.get("level") or None}

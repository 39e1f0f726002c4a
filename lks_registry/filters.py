import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lks_registry.models import (
    Institution,
    InstitutionKind,
    Kecamatan,
    OperatingStatus,
    TargetGroup,
)
from lks_registry.validators import normalise_npwp
from lks_registry.widgets import quick_selects


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's sort choices, with "(descending)" from our catalogue: django-filter has no
    Indonesian translation of its own, so "Nama (descending)" showed in the Indonesian list."""

    descending_fmt = _("%s (descending)")


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Name, registration number or NPWP")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=Kecamatan.objects.all(), label=_("Kecamatan")
    )
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices, label=_("LKS or LKSA"))
    target_group = django_filters.ModelChoiceFilter(
        field_name="target_groups", queryset=TargetGroup.objects.all(), label=_("Service type")
    )
    operating_status = django_filters.ChoiceFilter(
        choices=OperatingStatus.choices, label=_("Status")
    )
    sort = OrderingFilter(
        fields=(
            ("name", "name"),
            ("registration_number", "registration_number"),
            ("kecamatan__name", "kecamatan"),
            ("registered_on", "registered_on"),
            ("operating_status", "status"),
        ),
        field_labels={
            "name": _("Name"),
            "registration_number": _("Registration number"),
            "kecamatan__name": _("Kecamatan"),
            "registered_on": _("Registration date"),
            "operating_status": _("Status"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Institution
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs["class"] = css
        quick_selects(self.form)

    def search(self, queryset, name, value):
        """Name, and — when the text has a digit, as every registration number and NPWP has —
        registration number and NPWP. Words alone skip those columns: one LIKE per row less."""
        value = value.strip()
        condition = Q(name__icontains=value)
        if any(character.isdigit() for character in value):
            condition |= Q(registration_number__icontains=value)
            digits = normalise_npwp(value)
            if len(digits) >= 4:
                condition |= Q(npwp__contains=digits)
        return queryset.filter(condition)

    @property
    def qs(self):
        # Stable pages: ties in the chosen sort are broken by id.
        queryset = super().qs
        return queryset.order_by(*(queryset.query.order_by or ["name"]), "pk")

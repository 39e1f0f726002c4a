import django_filters
from django.utils.translation import gettext_lazy as _

from accreditation.models import AccreditationCase
from lks_registry.filters import OrderingFilter
from lks_registry.models import InstitutionKind, Kecamatan, Specialisation


class CaseFilter(django_filters.FilterSet):
    kecamatan = django_filters.ModelChoiceFilter(
        field_name="institution__kecamatan", queryset=Kecamatan.objects.all(), label=_("Kecamatan")
    )
    specialisation = django_filters.ModelChoiceFilter(
        field_name="institution__specialisation",
        queryset=Specialisation.objects.all(),
        label=_("Specialisation"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="institution__kind", choices=InstitutionKind.choices, label=_("LKS or LKSA")
    )
    sort = OrderingFilter(
        fields=(
            ("institution__name", "name"),
            ("state", "state"),
            ("state_changed_at", "since"),
            ("institution__kecamatan__name", "kecamatan"),
        ),
        field_labels={
            "institution__name": _("Name"),
            "state": _("State"),
            "state_changed_at": _("In this state since"),
            "institution__kecamatan__name": _("Kecamatan"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = AccreditationCase
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    @property
    def qs(self):
        queryset = super().qs
        return queryset.order_by(*(queryset.query.order_by or ["state_changed_at"]), "pk")

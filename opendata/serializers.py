"""The API's record, generated from the one list of public fields (lks_registry.public_fields):
the OpenAPI schema and every JSON output have exactly those keys."""

from rest_framework import serializers

from lks_registry.public_fields import PUBLIC_FIELDS
from opendata.selectors import STATISTICS_COLUMNS, STATISTICS_KEYS

_FIELD_TYPES = {
    "id": lambda **kw: serializers.IntegerField(**kw),
    "service_types": lambda **kw: serializers.ListField(child=serializers.CharField(), **kw),
    "registration_valid_until": lambda **kw: serializers.DateField(allow_null=True, **kw),
    "accreditation_grade": lambda **kw: serializers.CharField(allow_null=True, **kw),
    "accreditation_valid_until": lambda **kw: serializers.DateField(allow_null=True, **kw),
}


def _field(public_field):
    make = _FIELD_TYPES.get(public_field.key, lambda **kw: serializers.CharField(**kw))
    return make(help_text=str(public_field.description), read_only=True)


InstitutionSerializer = type(
    "InstitutionSerializer",
    (serializers.Serializer,),
    {field.key: _field(field) for field in PUBLIC_FIELDS},
)


def _statistics_field(key):
    if key in STATISTICS_KEYS:
        return serializers.IntegerField(read_only=True)
    return serializers.CharField(read_only=True)


StatisticsRowSerializer = type(
    "StatisticsRowSerializer",
    (serializers.Serializer,),
    {key: _statistics_field(key) for key in STATISTICS_COLUMNS},
)


class StatisticsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    licence = serializers.CharField()
    results = StatisticsRowSerializer(many=True)

"""Open data: the public register and the city's figures as downloads (CSV, JSON) and a read-only
JSON API, and the "Data terbuka" page that describes them. Thin views: the query is validated by
opendata.forms, the data read by opendata.selectors, the headers set by opendata.http."""

import csv

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from lks_registry.formula_injection import neutralise
from lks_registry.models import InstitutionKind, Kecamatan, TargetGroup
from lks_registry.public_fields import PUBLIC_FIELD_KEYS, PUBLIC_FIELDS, PublicStatus
from opendata import schema, selectors
from opendata.forms import AsOfForm, RegisterFilterForm
from opendata.http import ClientRateThrottle, FixedContentNegotiation, Version
from opendata.serializers import InstitutionSerializer, StatisticsSerializer
from reports.metrics import INSTITUTION_METRIC_KEYS

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
BODY_TIMEOUT = 60 * 60 * 24
NOT_FOUND = _("No institution with this number is on the public register on that date.")


class OpenDataView(APIView):
    """Anonymous, read-only, rate limited per client address."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [ClientRateThrottle]
    content_negotiation_class = FixedContentNegotiation
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head"]

    def validated(self, form_class):
        form = form_class(self.request.query_params)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        return form


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


FILTER_PARAMETERS = [
    OpenApiParameter("as_of", str, description=_("Date of the data, YYYY-MM-DD (default today).")),
    OpenApiParameter(
        "kecamatan", str, description=_("Kemendagri code of the kecamatan, e.g. 36.71.01.")
    ),
    OpenApiParameter("kind", str, enum=InstitutionKind.values),
    OpenApiParameter(
        "service_type",
        str,
        description=_("Code of a service type (see the Data terbuka page)."),
    ),
    OpenApiParameter("grade", str, description=_("A, B, C, or none for not accredited.")),
    OpenApiParameter("status", str, enum=list(PublicStatus.LABELS)),
]
AS_OF_PARAMETER = FILTER_PARAMETERS[:1]


def _query_parts(form):
    return sorted(
        (name, str(getattr(value, "pk", value)))
        for name, value in form.cleaned_data.items()
        if name != "as_of" and value
    )


class InstitutionList(OpenDataView):
    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses=InstitutionSerializer(many=True),
        summary=_("Public register, page by page"),
    )
    def get(self, request):
        form = self.validated(RegisterFilterForm)
        query = form.query()
        paginator = Pagination()
        page_parts = (
            request.query_params.get("page", "1"),
            request.query_params.get("page_size", ""),
        )
        version = Version(request, query.day, *_query_parts(form), *page_parts)
        if (answer := version.not_modified(request)) is not None:
            return answer

        def compute():
            page = paginator.paginate_queryset(
                selectors.register_matches(query), request, view=self
            )
            body = paginator.get_paginated_response(
                InstitutionSerializer(selectors.records(page), many=True).data
            ).data
            return {"as_of": query.day.isoformat(), "licence": LICENCE, **body}

        body = cache.get_or_set(f"opendata:body:{version.etag}", compute, BODY_TIMEOUT)
        return version.stamp(Response(body))


class InstitutionDetail(OpenDataView):
    @extend_schema(
        parameters=AS_OF_PARAMETER, responses=InstitutionSerializer, summary=_("One institution")
    )
    def get(self, request, pk):
        day = self.validated(AsOfForm).cleaned_data["as_of"]
        version = Version(request, day)
        if (answer := version.not_modified(request)) is not None:
            return answer
        record = selectors.register_record(pk, day)
        if record is None:
            raise NotFound(NOT_FOUND)
        return version.stamp(Response(InstitutionSerializer(record).data))


class StatisticsView(OpenDataView):
    @extend_schema(
        parameters=AS_OF_PARAMETER, responses=StatisticsSerializer, summary=_("Statistics")
    )
    def get(self, request):
        day = self.validated(AsOfForm).cleaned_data["as_of"]
        version = Version(request, day)
        if (answer := version.not_modified(request)) is not None:
            return answer

        def compute():
            return {
                "as_of": day.isoformat(),
                "licence": LICENCE,
                "results": selectors.statistics_rows(day),
            }

        body = cache.get_or_set(f"opendata:body:{version.etag}", compute, BODY_TIMEOUT)
        return version.stamp(Response(body))


# --- Downloads: whole files, streamed.


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return neutralise(value) if isinstance(value, str) else value


def _csv_lines(columns, rows):
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_csv_cell(row[column]) for column in columns])


def _json_document(head: dict, rows):
    """A JSON object whose "results" list is written one record at a time."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    yield encoder.encode(head)[:-1] + ', "results": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + encoder.encode(row)
    yield "]}"


def _download(version, lines, content_type, filename):
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return version.stamp(response)


class _Download(OpenDataView):
    extension = ""
    content_type = ""

    def head_and_rows(self, request):
        raise NotImplementedError

    def get(self, request):
        form = self.validated(self.form_class)
        day = form.cleaned_data["as_of"]
        version = Version(request, day, *_query_parts(form))
        if (answer := version.not_modified(request)) is not None:
            return answer
        columns, rows = self.columns_and_rows(form)
        filename = f"{self.dataset}-{day.isoformat()}.{self.extension}"
        if self.extension == "csv":
            lines = _csv_lines(columns, rows)
            return _download(version, lines, "text/csv; charset=utf-8", filename)
        head = {"as_of": day.isoformat(), "licence": LICENCE, "fields": list(columns)}
        lines = _json_document(head, rows)
        return _download(version, lines, "application/json", filename)


class _RegisterDownload(_Download):
    dataset = "registri-lks"
    form_class = RegisterFilterForm

    def columns_and_rows(self, form):
        return PUBLIC_FIELD_KEYS, selectors.stream_register_records(form.query())


class _StatisticsDownload(_Download):
    dataset = "statistik-lks"
    form_class = AsOfForm

    def columns_and_rows(self, form):
        return selectors.STATISTICS_COLUMNS, selectors.statistics_rows(form.cleaned_data["as_of"])


def _file_schema(summary, parameters, media_type):
    return extend_schema(
        summary=summary,
        parameters=parameters,
        responses={
            (200, media_type): OpenApiTypes.STR if media_type == "text/csv" else OpenApiTypes.OBJECT
        },
    )


class RegisterCsv(_RegisterDownload):
    extension = "csv"

    @_file_schema(_("Public register, whole file (CSV)"), FILTER_PARAMETERS, "text/csv")
    def get(self, request):
        return super().get(request)


class RegisterJson(_RegisterDownload):
    extension = "json"

    @_file_schema(_("Public register, whole file (JSON)"), FILTER_PARAMETERS, "application/json")
    def get(self, request):
        return super().get(request)


class StatisticsCsv(_StatisticsDownload):
    extension = "csv"

    @_file_schema(_("Statistics (CSV)"), AS_OF_PARAMETER, "text/csv")
    def get(self, request):
        return super().get(request)


class StatisticsJson(_StatisticsDownload):
    extension = "json"

    @_file_schema(_("Statistics (JSON)"), AS_OF_PARAMETER, "application/json")
    def get(self, request):
        return super().get(request)


@require_safe
def api_docs(request):
    """The API's documentation, rendered here from its OpenAPI description: a page of the site
    like the others (its language, layout and accessibility), no third-party script."""
    return render(
        request,
        "opendata/api_docs.html",
        {
            **schema.reference(get_language()),
            "schema_url": request.build_absolute_uri(reverse("opendata:schema")),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


# --- The page that describes it all.


@require_safe
def open_data(request):
    today = timezone.localdate()
    example = request.build_absolute_uri(reverse("opendata:api_institutions"))
    return render(
        request,
        "opendata/open_data.html",
        {
            "today": today,
            "fields": PUBLIC_FIELDS,
            "statistics": [
                (key, INSTITUTION_METRIC_KEYS[key].label, INSTITUTION_METRIC_KEYS[key].definition)
                for key in selectors.STATISTICS_KEYS
            ],
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "example": f"{example}?kind=lksa&page_size=10",
            "kecamatan": Kecamatan.objects.order_by("code"),
            "service_types": TargetGroup.objects.order_by("sort_order", "name"),
            "statuses": PublicStatus.CHOICES,
            "kinds": InstitutionKind.choices,
        },
    )

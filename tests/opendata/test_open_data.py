"""Open data through HTTP: every dataset and endpoint, its exact fields (from the one list of
public fields), filters, past dates, caching headers, 304 and the rate limit."""

import csv
import datetime
import io
import json
import random
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lks_registry.models import Kecamatan, OperatingStatus, StatusChange, TargetGroup
from lks_registry.public_fields import PUBLIC_FIELD_KEYS, PUBLIC_FIELDS
from opendata.selectors import STATISTICS_COLUMNS
from tests.factories import (
    BoardMemberFactory,
    ConcernFactory,
    DocumentFactory,
    InstitutionFactory,
    LksaFactory,
)
from tests.reports.test_metrics import decided

TODAY = timezone.localdate()
SECRET_NPWP = "012345678901234"
SECRET_ADDRESS = "Jl. Rahasia Anak No. 7"
SECRET_BOARD = "Bendahara Rahasia"
PRIVATE_TEXTS = (SECRET_NPWP, "01.234.567.8-901.234", SECRET_ADDRESS, SECRET_BOARD, "Kepala Contoh")
REGISTER_URLS = ("opendata:register_csv", "opendata:register_json", "opendata:api_institutions")
ALL_URLS = (
    *REGISTER_URLS,
    "opendata:statistics_csv",
    "opendata:statistics_json",
    "opendata:api_statistics",
)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response))))


def register(client, name, **params):
    """The public register as each of the three outputs gives it: {output: [record, ...]}."""
    url = {"csv": "opendata:register_csv", "json": "opendata:register_json"}
    answers = {
        "csv": csv_rows(client.get(reverse(url["csv"]), params)),
        "json": json.loads(body(client.get(reverse(url["json"]), params)))["results"],
        "api": client.get(reverse("opendata:api_institutions"), params).json()["results"],
    }
    return answers


@pytest.fixture
def private_world(db):
    """An LKSA with every kind of private data beside two plain institutions."""
    lksa = LksaFactory(name="Panti Asuhan Harapan", npwp=SECRET_NPWP, address=SECRET_ADDRESS)
    lksa.target_groups.add(TargetGroup.objects.get(code="anak-terlantar"))
    BoardMemberFactory(institution=lksa, name=SECRET_BOARD)
    DocumentFactory(institution=lksa)
    ConcernFactory(institution=lksa)
    decided(lksa, "A", TODAY - datetime.timedelta(days=30))
    InstitutionFactory(name="Yayasan Lansia Sejahtera")
    InstitutionFactory(name="Belum Terdaftar", registration_number="", registered_on=None)
    return lksa


def test_every_register_output_has_exactly_the_public_fields(private_world):
    client = Client()
    outputs = register(client, "all")
    for name, rows in outputs.items():
        assert [sorted(row) for row in rows] == [sorted(PUBLIC_FIELD_KEYS)] * 2, name
    detail = client.get(reverse("opendata:api_institution", args=[private_world.pk])).json()
    assert sorted(detail) == sorted(PUBLIC_FIELD_KEYS)
    assert body(client.get(reverse("opendata:register_csv"))).splitlines()[0] == ",".join(
        PUBLIC_FIELD_KEYS
    )
    schema = client.get(reverse("opendata:schema"), {"format": "json"}).json()
    assert sorted(schema["components"]["schemas"]["Institution"]["properties"]) == sorted(
        PUBLIC_FIELD_KEYS
    )


def test_the_profile_shows_the_same_public_fields(private_world):
    page = Client().get(reverse("public:profile", args=[private_world.pk])).content.decode()
    shown = re.findall(r'<dt class="col-sm-4">(.*?)</dt>', page.split('id="public-fields"')[1])
    from django.utils import translation

    with translation.override("id"):
        assert shown == [str(field.label) for field in PUBLIC_FIELDS]
    assert "A" in page.split('id="public-fields"')[1]


def test_register_values_and_nothing_private(private_world):
    client = Client()
    outputs = register(client, "all")
    harapan = outputs["api"][0]
    assert harapan == {
        "id": private_world.pk,
        "name": "Panti Asuhan Harapan",
        "kind": "lksa",
        "kecamatan_code": "36.71.05",
        "kecamatan": "Cipondoh",
        "service_types": ["Anak terlantar", "Fakir miskin"],
        "registration_number": private_world.registration_number,
        "registration_valid_until": "2029-01-15",
        "registration_status": "valid",
        "accreditation_grade": "A",
        "accreditation_valid_until": harapan["accreditation_valid_until"],
    }
    assert harapan["accreditation_valid_until"] is not None
    assert [row["name"] for row in outputs["csv"]] == [
        "Panti Asuhan Harapan",
        "Yayasan Lansia Sejahtera",
    ]
    for url in ALL_URLS:
        text = body(client.get(reverse(url)))
        assert not [secret for secret in PRIVATE_TEXTS if secret in text], url


@pytest.mark.parametrize(
    "params",
    [
        {"npwp": SECRET_NPWP},
        {"ordering": "npwp"},
        {"ordering": "-address"},
        {"search": SECRET_BOARD},
        {"fields": "npwp,address"},
        {"address__icontains": "Rahasia"},
    ],
)
def test_private_fields_cannot_be_filtered_or_ordered_on(private_world, params):
    client = Client()
    plain = register(client, "plain")
    assert register(client, "asked", **params) == plain


@pytest.mark.parametrize(
    "params",
    [
        {"kecamatan": SECRET_NPWP},
        {"service_type": SECRET_ADDRESS},
        {"status": SECRET_BOARD},
        {"as_of": SECRET_NPWP},
        {"grade": "Z"},
    ],
)
def test_errors_are_indonesian_and_repeat_no_private_value(private_world, params):
    for url in ALL_URLS if "as_of" in params else REGISTER_URLS:
        response = Client().get(reverse(url), params)
        assert response.status_code == 400, url
        text = response.content.decode()
        assert not [secret for secret in PRIVATE_TEXTS if secret in text]
        field = next(iter(params))
        assert field in response.json()
    message = Client().get(reverse("opendata:register_csv"), {"as_of": "31-01-2025"}).json()
    assert message == {"as_of": ["Tuliskan tanggal sebagai TTTT-BB-HH, mis. 2025-01-31."]}


def test_a_missing_institution_is_a_404_in_indonesian(private_world):
    hidden = InstitutionFactory(registration_number="", registered_on=None)
    for pk in (hidden.pk, 999999):
        response = Client().get(reverse("opendata:api_institution", args=[pk]))
        assert response.status_code == 404
        assert "tidak ada di registri publik" in response.json()["detail"]


def test_filters_agree_with_the_records(db):
    """Seeded variety: each filter value gives exactly the records that have it."""
    rng = random.Random(19)
    cipondoh = Kecamatan.objects.get(code="36.71.05")
    other = Kecamatan.objects.exclude(pk=cipondoh.pk).order_by("code").first()
    groups = list(TargetGroup.objects.all()[:4])
    for n in range(12):
        factory = rng.choice([InstitutionFactory, LksaFactory])
        institution = factory(
            name=f"Lembaga {n:02d}",
            kecamatan=rng.choice([other, cipondoh]),
            operating_status=rng.choice([OperatingStatus.ACTIVE, OperatingStatus.SUSPENDED]),
            registration_valid_until=rng.choice([TODAY - datetime.timedelta(days=1), TODAY]),
        )
        institution.target_groups.add(*rng.sample(groups, 2))
        if rng.random() < 0.5:
            decided(institution, rng.choice("ABC"), TODAY - datetime.timedelta(days=10))
    client = Client()
    everything = register(client, "all")["api"]
    assert len(everything) == 12
    checks = {
        "kecamatan": (other.code, lambda r: r["kecamatan_code"] == other.code),
        "kind": ("lksa", lambda r: r["kind"] == "lksa"),
        "service_type": (groups[0].code, lambda r: groups[0].name in r["service_types"]),
        "grade": ("B", lambda r: r["accreditation_grade"] == "B"),
        "status": ("expired", lambda r: r["registration_status"] == "expired"),
    }
    for param, (value, has_it) in checks.items():
        expected = [row for row in everything if has_it(row)]
        assert 0 < len(expected) < 12, param
        for output, rows in register(client, param, **{param: value}).items():
            assert [row["id"] for row in rows] == [
                str(r["id"]) if output == "csv" else r["id"] for r in expected
            ], (param, output)
    not_accredited = register(client, "none", grade="none")["api"]
    assert [r["id"] for r in not_accredited] == [
        r["id"] for r in everything if r["accreditation_grade"] is None
    ]


# --- Past dates.


def test_a_past_date_gives_the_register_and_figures_as_they_stood(db):
    year_ago = TODAY - datetime.timedelta(days=365)
    old = InstitutionFactory(name="Lama", registered_on=TODAY - datetime.timedelta(days=800))
    InstitutionFactory(name="Baru", registered_on=TODAY - datetime.timedelta(days=10))
    suspended = InstitutionFactory(
        name="Dibekukan",
        registered_on=TODAY - datetime.timedelta(days=800),
        operating_status=OperatingStatus.SUSPENDED,
    )
    StatusChange.objects.create(
        institution=suspended,
        old_status=OperatingStatus.ACTIVE,
        new_status=OperatingStatus.SUSPENDED,
        reason="Pelanggaran",
        changed_at=timezone.now() - datetime.timedelta(days=30),
    )
    decided(old, "B", year_ago - datetime.timedelta(days=1))
    client = Client()

    def statuses(**params):
        rows = client.get(reverse("opendata:api_institutions"), params).json()["results"]
        return {
            row["name"]: (row["registration_status"], row["accreditation_grade"]) for row in rows
        }

    assert statuses() == {
        "Baru": ("valid", None),
        "Dibekukan": ("suspended", None),
        "Lama": ("valid", "B"),
    }
    assert statuses(as_of=year_ago.isoformat()) == {
        "Dibekukan": ("valid", None),
        "Lama": ("valid", "B"),
    }
    before = (old.registered_on - datetime.timedelta(days=1)).isoformat()
    assert statuses(as_of=before) == {}
    csv_names = [
        r["name"]
        for r in csv_rows(
            client.get(reverse("opendata:register_csv"), {"as_of": year_ago.isoformat()})
        )
    ]
    assert csv_names == ["Dibekukan", "Lama"]
    response = client.get(reverse("opendata:api_institution", args=[old.pk]), {"as_of": before})
    assert response.status_code == 404
    future = client.get(
        reverse("opendata:api_institutions"),
        {"as_of": (TODAY + datetime.timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 400
    assert future.json() == {"as_of": ["Tanggal data tidak boleh di masa depan."]}
    ancient = client.get(reverse("opendata:api_statistics"), {"as_of": "0001-01-01"})
    assert ancient.json() == {"as_of": ["Tanggal data tidak boleh sebelum 1 Januari 1900."]}

    def total(**params):
        rows = client.get(reverse("opendata:api_statistics"), params).json()["results"]
        return {
            k: v
            for k, v in rows[0].items()
            if k in ("registered", "active", "suspended", "accredited", "grade_b")
        }

    assert total() == {"registered": 3, "active": 2, "suspended": 1, "accredited": 1, "grade_b": 1}
    assert total(as_of=year_ago.isoformat()) == {
        "registered": 2,
        "active": 2,
        "suspended": 0,
        "accredited": 1,
        "grade_b": 1,
    }


# --- Statistics.


def test_statistics_are_the_dashboards_counts_in_every_output(private_world):
    from reports import metrics

    counts = metrics.institution_counts(metrics.Filters(day=TODAY))
    client = Client()
    api = client.get(reverse("opendata:api_statistics")).json()
    rows = api["results"]
    assert api["as_of"] == TODAY.isoformat() and api["licence"] == "CC BY 4.0"
    assert [sorted(row) for row in rows] == [sorted(STATISTICS_COLUMNS)] * len(rows)
    total = rows[0]
    assert total["scope"] == "total"
    assert {k: total[k] for k in ("registered", "active", "accredited", "grade_a")} == {
        k: counts["total"][k] for k in ("registered", "active", "accredited", "grade_a")
    }
    assert total["registered"] == 2 and total["grade_a"] == 1
    cipondoh = next(row for row in rows if row["scope"] == "kecamatan")
    assert (cipondoh["code"], cipondoh["registered"]) == ("36.71.05", 2)
    anak = next(row for row in rows if row["code"] == "anak-terlantar")
    assert (anak["scope"], anak["registered"], anak["accredited"]) == ("service_type", 1, 1)
    as_csv = csv_rows(client.get(reverse("opendata:statistics_csv")))
    assert [list(row) for row in as_csv][0] == list(STATISTICS_COLUMNS)
    assert [{k: str(v) for k, v in row.items()} for row in rows] == as_csv
    assert json.loads(body(client.get(reverse("opendata:statistics_json"))))["results"] == rows


def test_csv_cells_are_neutralised_and_dates_iso(db):
    InstitutionFactory(name='=HYPERLINK("http://evil.example","x")')
    rows = csv_rows(Client().get(reverse("opendata:register_csv")))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["registration_valid_until"] == "2029-01-15"
    assert rows[0]["accreditation_grade"] == ""


# --- Caching headers, 304, rate limit.


@pytest.mark.parametrize("name", ALL_URLS)
def test_conditional_get_answers_304_until_the_data_changes(private_world, name):
    client = Client()
    url = reverse(name)
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert (
        client.get(
            url,
            {"kind": "lksa"} if name in REGISTER_URLS else {"as_of": "2025-01-01"},
            headers={"If-None-Match": etag},
        ).status_code
        == 200
    )
    InstitutionFactory(name="Lembaga Baru")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    if name in REGISTER_URLS:
        assert "Lembaga Baru" in body(changed)


def test_api_pages_paginate(db):
    for n in range(7):
        InstitutionFactory(name=f"Lembaga {n}")
    client = Client()
    first = client.get(reverse("opendata:api_institutions"), {"page_size": 3}).json()
    assert first["count"] == 7 and len(first["results"]) == 3
    assert first["next"].endswith("page=2&page_size=3") and first["previous"] is None
    last = client.get(reverse("opendata:api_institutions"), {"page_size": 3, "page": 3}).json()
    assert [r["name"] for r in last["results"]] == ["Lembaga 6"]
    big = client.get(reverse("opendata:api_institutions"), {"page_size": 1000}).json()
    assert len(big["results"]) == 7
    assert client.get(reverse("opendata:api_institutions"), {"page": 9}).status_code == 404


def test_rate_limited_per_client_with_retry_after(db, settings):
    settings.OPEN_DATA_RATE = "3/min"
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    url = reverse("opendata:api_statistics")
    one = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    assert [client.get(url, **one).status_code for _ in range(3)] == [200, 200, 200]
    blocked = client.get(reverse("opendata:register_csv"), **one)
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 60
    assert "detail" in blocked.json()
    assert client.get(url, **other).status_code == 200


# --- The pages.


def test_open_data_page_lists_datasets_fields_licence_and_example(db):
    page = Client().get(reverse("opendata:open_data")).content.decode()
    for key in PUBLIC_FIELD_KEYS:
        assert f"<code>{key}</code>" in page
    assert "CC BY 4.0" in page and "Data terbuka" in page
    assert 'curl "http://testserver/api/v1/institutions/?kind=lksa&amp;page_size=10"' in page
    for name in ("register_csv", "register_json", "statistics_csv", "statistics_json", "api_docs"):
        assert reverse(f"opendata:{name}") in page
    for public_page in (reverse("public:register_search"), reverse("public_statistics"), "/"):
        assert reverse("opendata:open_data") in Client().get(public_page).content.decode()


def test_api_docs_page_lists_every_address_with_its_parameters_and_fields(db):
    client = Client()
    page = client.get(reverse("opendata:api_docs"))
    html = page.content.decode()
    assert page.status_code == 200
    schema = client.get(reverse("opendata:schema"), {"format": "json"}).json()
    assert "/api/v1/institutions/" in schema["paths"] and "/data/register.csv" in schema["paths"]
    for path in schema["paths"]:
        assert f'<code class="text-break">{path}</code>' in html
    for key in PUBLIC_FIELD_KEYS:
        assert f"<td><code>{key}</code></td>" in html
    assert "<td><code>service_type</code>" in html and "Kode jenis layanan" in html
    assert "Register publik, per halaman" in html  # the summaries speak the page's language
    assert "<script" not in html.replace('<script src="/static/', "")


def test_api_docs_page_speaks_english_when_chosen(db):
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get(reverse("opendata:api_docs")).content.decode()
    assert "Public register, page by page" in html

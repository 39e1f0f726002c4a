from django.urls import reverse

from lks_registry.models import Kecamatan, OperatingStatus, TargetGroup
from tests.factories import (
    BoardMemberFactory,
    DocumentFactory,
    InstitutionFactory,
    LksaFactory,
    StatusChangeFactory,
)

LIST_URL = reverse("lks_registry:institution_list")
# Session, user, two permission look-ups, count, page, three prefetches and the filter form's
# two choice lists: fixed, whatever the data.
LIST_QUERY_BUDGET = 13  # with the bell's unread items in the top bar
# The detail page adds the accreditation panel (5), supervision (concerns, visits, planned
# visits, warnings, messages from Dinsos), the reminders sent, the risk profile and the bell.
DETAIL_QUERY_BUDGET = 29


def names(response):
    return [institution.name for institution in response.context["page"].object_list]


def test_search_by_name_registration_number_or_formatted_npwp(operator_client):
    InstitutionFactory(name="Panti Asuhan Kasih Bunda", registration_number="017/LKS/DINSOS/2025")
    InstitutionFactory(name="Panti Werdha Budi Mulia", npwp="012345678901000")
    assert names(operator_client.get(LIST_URL, {"q": "kasih"})) == ["Panti Asuhan Kasih Bunda"]
    assert names(operator_client.get(LIST_URL, {"q": "017/LKS"})) == ["Panti Asuhan Kasih Bunda"]
    assert names(operator_client.get(LIST_URL, {"q": "01.234.567.8-901.000"})) == [
        "Panti Werdha Budi Mulia"
    ]


def test_filters_by_kecamatan_kind_service_type_and_status(operator_client):
    larangan = Kecamatan.objects.get(name="Larangan")
    street_children = TargetGroup.objects.get(code="anak-jalanan")
    LksaFactory(name="LKSA Cipondoh", target_groups=[street_children])
    InstitutionFactory(name="LKS Larangan", kecamatan=larangan)
    InstitutionFactory(name="LKS Ditangguhkan", operating_status=OperatingStatus.SUSPENDED)
    cipondoh = Kecamatan.objects.get(name="Cipondoh").pk
    assert names(operator_client.get(LIST_URL, {"kecamatan": larangan.pk})) == ["LKS Larangan"]
    assert names(operator_client.get(LIST_URL, {"kecamatan": cipondoh, "kind": "lksa"})) == [
        "LKSA Cipondoh"
    ]
    assert names(operator_client.get(LIST_URL, {"target_group": street_children.pk})) == [
        "LKSA Cipondoh"
    ]
    assert names(operator_client.get(LIST_URL, {"operating_status": "suspended"})) == [
        "LKS Ditangguhkan"
    ]


def test_sorting_by_name_both_ways_and_by_registration_number(operator_client):
    InstitutionFactory(name="B", registration_number="002/LKS/DINSOS/2024")
    InstitutionFactory(name="A", registration_number="003/LKS/DINSOS/2024")
    InstitutionFactory(name="C", registration_number="001/LKS/DINSOS/2024")
    assert names(operator_client.get(LIST_URL)) == ["A", "B", "C"]
    assert names(operator_client.get(LIST_URL, {"sort": "-name"})) == ["C", "B", "A"]
    assert names(operator_client.get(LIST_URL, {"sort": "registration_number"})) == ["C", "B", "A"]


def test_pagination_and_result_count(operator_client):
    InstitutionFactory.create_batch(27)
    first = operator_client.get(LIST_URL)
    second = operator_client.get(LIST_URL, {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    assert "27 lembaga ditemukan" in first.content.decode()
    assert set(names(first)).isdisjoint(names(second))


def test_page_links_keep_the_filters(operator_client):
    InstitutionFactory.create_batch(26, kind="lks")
    page = operator_client.get(LIST_URL, {"kind": "lks"}).content.decode()
    assert "?kind=lks&amp;page=2" in page


def test_empty_result_says_so(operator_client):
    response = operator_client.get(LIST_URL, {"q": "tidak ada"})
    assert "Tidak ada lembaga yang cocok" in response.content.decode()


def test_missing_documents_are_shown_per_institution(operator_client):
    document = DocumentFactory()
    response = operator_client.get(LIST_URL)
    institution = response.context["page"].object_list[0]
    missing = {doc_type.code for doc_type in institution.missing_document_types()}
    assert document.document_type.code not in missing
    assert {"akta-pendirian", "npwp", "ad-art"} <= missing


def test_unsupported_filter_value_is_a_form_error_not_a_500(operator_client):
    response = operator_client.get(LIST_URL, {"kecamatan": "abc", "sort": "password"})
    assert response.status_code == 200


def test_list_query_count_is_the_same_for_one_and_three_rows(operator_client, count_queries):
    DocumentFactory()
    with_one = count_queries(operator_client, LIST_URL)
    DocumentFactory.create_batch(2)
    with_three = count_queries(operator_client, LIST_URL)
    assert with_one == with_three <= LIST_QUERY_BUDGET


def test_filtered_list_query_count_is_the_same_for_one_and_three_rows(
    operator_client, count_queries
):
    url = f"{LIST_URL}?q=yayasan&kind=lks&sort=-name"
    DocumentFactory()
    with_one = count_queries(operator_client, url)
    DocumentFactory.create_batch(2)
    assert count_queries(operator_client, url) == with_one <= LIST_QUERY_BUDGET


def test_detail_query_count_does_not_grow_with_board_or_documents(operator_client, count_queries):
    small = DocumentFactory().institution
    big = DocumentFactory().institution
    DocumentFactory.create_batch(4, institution=big)
    BoardMemberFactory.create_batch(6, institution=big)
    StatusChangeFactory.create_batch(3, institution=big)
    small_count = count_queries(operator_client, small.get_absolute_url())
    assert (
        count_queries(operator_client, big.get_absolute_url()) == small_count <= DETAIL_QUERY_BUDGET
    )

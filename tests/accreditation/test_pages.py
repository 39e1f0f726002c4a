import pytest
from django.urls import reverse

from accreditation.models import AccreditationCase, CaseEvent, CaseState, Mentorship
from lks_registry import roles
from lks_registry.models import Kecamatan
from tests.accreditation.helpers import STEP_DATA, days_ago, walk
from tests.factories import (
    AccreditationCaseFactory,
    InstitutionFactory,
    LksaFactory,
    UserFactory,
)

BOARD = reverse("accreditation:pipeline_board")


def step_url(case, name):
    return reverse("accreditation:case_transition", args=[case.pk, name])


def test_verifikator_recommends_through_the_page(verifikator_client):
    case = AccreditationCaseFactory()
    data = {
        **STEP_DATA["recommend"],
        "expected_state": "preparing",
        "confirm": "on",
        "note": "Siap",
    }
    response = verifikator_client.post(step_url(case, "recommend"), data, follow=True)
    case.refresh_from_db()
    assert case.state == CaseState.RECOMMENDED
    assert "Direkomendasikan Dinsos" in response.content.decode()
    assert CaseEvent.objects.get().note == "Siap"


def test_step_without_confirmation_or_data_changes_nothing(verifikator_client):
    case = AccreditationCaseFactory()
    response = verifikator_client.post(
        step_url(case, "recommend"),
        {"expected_state": "preparing", "recommendation_date": days_ago(3)},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"confirm", "recommendation_number"}
    case.refresh_from_db()
    assert case.state == CaseState.PREPARING


def test_stale_page_is_told_the_case_changed(verifikator_client, operator_client):
    case = AccreditationCaseFactory()
    operator_client.post(
        step_url(case, "withdraw"),
        {"expected_state": "preparing", "confirm": "on", "note": "batal"},
    )
    response = verifikator_client.post(
        step_url(case, "recommend"),
        {**STEP_DATA["recommend"], "expected_state": "preparing", "confirm": "on"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN
    assert CaseEvent.objects.count() == 1
    assert "Ditarik" in response.content.decode()


def test_case_page_shows_only_the_steps_this_user_may_take(operator_client, verifikator_client):
    case = AccreditationCaseFactory()
    url = reverse("accreditation:case_detail", args=[case.pk])
    for client, expected, absent in (
        (operator_client, "withdraw", "recommend"),
        (verifikator_client, "recommend", None),
    ):
        page = client.get(url).content.decode()
        assert step_url(case, expected) in page
        if absent:
            assert step_url(case, absent) not in page


def test_operator_opening_a_step_of_another_role_gets_403(operator_client):
    case = AccreditationCaseFactory()
    assert operator_client.get(step_url(case, "recommend")).status_code == 403
    assert operator_client.get(step_url(case, "no-such-step")).status_code == 404


def test_opening_a_case_from_the_institution_page(operator_client):
    institution = InstitutionFactory()
    url = reverse("accreditation:case_open", args=[institution.pk])
    response = operator_client.post(url, {"confirm": "on"})
    case = AccreditationCase.objects.get()
    assert response["Location"] == reverse("accreditation:case_detail", args=[case.pk])
    response = operator_client.post(url, {"confirm": "on"})
    assert "sudah memiliki proses akreditasi" in response.content.decode()
    assert AccreditationCase.objects.count() == 1


def test_board_counts_filters_and_table(pimpinan_client):
    cipondoh_case = AccreditationCaseFactory(institution=LksaFactory(name="LKSA Cipondoh"))
    AccreditationCaseFactory(
        institution=InstitutionFactory(
            name="LKS Larangan", kecamatan=Kecamatan.objects.get(name="Larangan")
        ),
        state=CaseState.SUBMITTED,
    )
    response = pimpinan_client.get(BOARD)
    columns = {state: (count, cards) for state, _label, count, cards in response.context["columns"]}
    assert columns["preparing"] == (1, [cipondoh_case]) and columns["submitted"][0] == 1
    filtered = pimpinan_client.get(
        BOARD, {"kecamatan": cipondoh_case.institution.kecamatan_id, "kind": "lksa"}
    )
    assert filtered.context["total"] == 1
    table = pimpinan_client.get(BOARD, {"view": "table", "sort": "-name"})
    names = [c.institution.name for c in table.context["page"].object_list]
    assert names == ["LKSA Cipondoh", "LKS Larangan"]
    assert "pipeline-table" in table.content.decode()


def test_board_columns_show_the_count_but_only_the_longest_waiting_cards(pimpinan_client):
    from accreditation.views import CARDS_PER_COLUMN

    cases = AccreditationCaseFactory.create_batch(CARDS_PER_COLUMN + 2)
    response = pimpinan_client.get(BOARD)
    count, cards = next(
        (c, k) for state, _l, c, k in response.context["columns"] if state == "preparing"
    )
    assert count == CARDS_PER_COLUMN + 2 and len(cards) == CARDS_PER_COLUMN
    assert cards[0] == min(cases, key=lambda c: c.state_changed_at)


def test_institution_page_shows_grade_validity_days_left_and_mentors(
    operator_client, verifikator_client
):
    from lks_registry import roles
    from tests.factories import UserFactory

    verifikator = UserFactory(role=roles.VERIFIKATOR)
    mentor_case = walk(AccreditationCaseFactory(), verifikator, "decide", grade="A")
    mentee = InstitutionFactory(name="Yayasan Binaan")
    Mentorship.objects.create(mentor=mentor_case.institution, mentee=mentee)
    page = operator_client.get(mentor_case.institution.get_absolute_url()).content.decode()
    days_left = (mentor_case.valid_until - days_ago(0)).days
    assert "current-grade" in page and f"({days_left} hari lagi)" in page
    assert "Yayasan Binaan" in page
    assert (
        mentor_case.institution.name
        in operator_client.get(mentee.get_absolute_url()).content.decode()
    )


def test_worklists_page(pimpinan_client):
    InstitutionFactory(name="Belum Pernah Mengajukan")
    page = pimpinan_client.get(reverse("accreditation:worklists")).content.decode()
    assert "Belum Pernah Mengajukan" in page


def test_pages_have_a_fixed_query_count(verifikator_client, count_queries):
    def one_more():
        case = AccreditationCaseFactory()
        walk(case, verifikator_client.user, "schedule_visit")
        return case

    first = one_more()
    urls = lambda case: [  # noqa: E731
        BOARD,
        f"{BOARD}?view=table",
        reverse("accreditation:worklists"),
        reverse("accreditation:case_detail", args=[case.pk]),
        step_url(case, "decide"),
        reverse("accreditation:readiness_edit", args=[case.pk]),
    ]
    before = [count_queries(verifikator_client, url) for url in urls(first)]
    for _ in range(2):
        one_more()
    assert [count_queries(verifikator_client, url) for url in urls(first)] == before


def test_assistance_logged_for_an_institution_without_a_case(operator_client):
    institution = InstitutionFactory()
    url = reverse("accreditation:institution_assistance_add", args=[institution.pk])
    response = operator_client.post(
        url, {"held_on": days_ago(1), "kind": "coaching", "notes": "Pembinaan pengurus"}
    )
    assert response["Location"] == institution.get_absolute_url()
    session = institution.assistance_sessions.get()
    assert (session.case, session.officer) == (None, operator_client.user)
    assert (
        "Pembinaan pengurus" in operator_client.get(institution.get_absolute_url()).content.decode()
    )


def test_balks_decision_grade_starts_empty_and_must_be_chosen(verifikator_client):
    from accreditation.models import Grade
    from lks_registry.models import LegalBasis

    case = walk(AccreditationCaseFactory(), UserFactory(role=roles.VERIFIKATOR), "schedule_visit")
    page = verifikator_client.get(step_url(case, "decide")).content.decode()
    select = page.split('name="grade"')[1].split("</select>")[0]
    assert '<option value="" selected>' in select and "Tidak terakreditasi" in select
    data = {
        **STEP_DATA["decide"],
        "legal_basis": LegalBasis.objects.get(code="permensos-8-2025").pk,
        "expected_state": "visit",
        "confirm": "on",
    }
    response = verifikator_client.post(step_url(case, "decide"), {**data, "grade": ""})
    assert "grade" in response.context["form"].errors
    case.refresh_from_db()
    assert case.state == CaseState.VISIT
    verifikator_client.post(step_url(case, "decide"), {**data, "grade": "none"})
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED and case.grade is None
    other = walk(AccreditationCaseFactory(), UserFactory(role=roles.VERIFIKATOR), "schedule_visit")
    grade = Grade.objects.get(code="A")
    verifikator_client.post(step_url(other, "decide"), {**data, "grade": grade.pk})
    other.refresh_from_db()
    assert other.grade == grade


@pytest.mark.parametrize("ago", [0, 1, 30])
def test_days_in_this_stage_count_from_the_date_entered(verifikator_client, ago):
    case = AccreditationCaseFactory()
    data = {
        "recommendation_number": "045/REK/DINSOS/2026",
        "recommendation_date": days_ago(ago).isoformat(),
        "expected_state": "preparing",
        "confirm": "on",
    }
    verifikator_client.post(step_url(case, "recommend"), data)
    case.refresh_from_db()
    assert case.state == CaseState.RECOMMENDED
    assert case.days_in_state == ago

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accreditation import services
from accreditation.models import AccreditationCase, CaseEvent, CaseState
from accreditation.selectors import current_accreditation
from lks_registry import roles
from lks_registry.models import OperatingStatus
from tests.accreditation.helpers import PATH, days_ago, step, walk
from tests.factories import AccreditationCaseFactory, InstitutionFactory, UserFactory


@pytest.fixture
def verifikator(db):
    return UserFactory(username="verif", role=roles.VERIFIKATOR)


@pytest.fixture
def operator(db):
    return UserFactory(username="oper", role=roles.OPERATOR)


@pytest.fixture
def case(db):
    return AccreditationCaseFactory()


def test_the_whole_path_to_grade_a_writes_one_event_per_step(case, verifikator):
    case = walk(case, verifikator, "decide")
    assert case.state == CaseState.DECIDED
    assert case.grade.code == "A"
    assert case.valid_until == days_ago(10).replace(year=days_ago(10).year + 5)
    events = list(case.events.values_list("from_state", "to_state", "actor__username"))
    assert events == [
        ("preparing", "recommended", "verif"),
        ("recommended", "submitted", "verif"),
        ("submitted", "assessment", "verif"),
        ("assessment", "visit", "verif"),
        ("visit", "decided", "verif"),
    ]


ALL_STATES = list(CaseState)


@pytest.mark.parametrize(
    "state, name",
    [
        (state, name)
        for name, transition in services.TRANSITIONS.items()
        for state in ALL_STATES
        if state not in transition.sources
    ],
)
def test_every_transition_is_refused_from_a_state_it_does_not_start_from(
    db, verifikator, state, name
):
    case = AccreditationCaseFactory(
        state=state, decided_on=days_ago(1) if state == "decided" else None
    )
    with pytest.raises(services.TransitionError) as error:
        services.case_transition(
            case_id=case.pk, name=name, user=verifikator, expected_state=state, note="x"
        )
    assert "tidak dapat dilakukan" in str(error.value.message) or "not possible" in str(
        error.value.message
    )
    case.refresh_from_db()
    assert case.state == state
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("name", ["recommend", "decide"])
def test_operator_may_not_recommend_or_decide(case, operator, verifikator, name):
    if name == "decide":
        case = walk(case, verifikator, "schedule_visit")
    with pytest.raises(services.TransitionError) as error:
        step(case, name, operator)
    assert error.value.message == services.NO_PERMISSION


def test_pimpinan_may_take_no_step(case, db):
    pimpinan = UserFactory(role=roles.PIMPINAN)
    case.refresh_from_db()
    assert services.available_transitions(case, pimpinan) == []


def test_operator_sees_only_the_steps_of_its_role(case, operator):
    names = [t.name for t in services.available_transitions(case, operator)]
    assert names == ["withdraw"]


def test_recommendation_needs_its_number(case, verifikator):
    with pytest.raises(services.TransitionError) as error:
        step(case, "recommend", verifikator, recommendation_number="")
    assert (
        "nomor surat rekomendasi" in str(error.value.message).lower()
        or "recommendation" in str(error.value.message).lower()
    )
    case.refresh_from_db()
    assert case.state == CaseState.PREPARING


def test_only_a_registered_active_institution_is_recommended(db, verifikator):
    case = AccreditationCaseFactory(
        institution=InstitutionFactory(operating_status=OperatingStatus.SUSPENDED)
    )
    with pytest.raises(services.TransitionError) as error:
        step(case, "recommend", verifikator)
    assert error.value.message == services.NOT_REGISTERED_AND_ACTIVE


def test_leaving_the_visit_needs_the_visit_date_and_a_grade_needs_its_certificate(
    case, verifikator
):
    case = walk(case, verifikator, "schedule_visit")
    with pytest.raises(services.TransitionError):
        step(case, "decide", verifikator, visit_held_on=None)
    with pytest.raises(services.TransitionError) as error:
        step(case, "decide", verifikator, certificate_number="")
    assert error.value.message == services.CERTIFICATE_REQUIRED
    case.refresh_from_db()
    assert case.state == CaseState.VISIT


def test_not_accredited_is_a_decision_without_grade_or_validity(case, verifikator):
    case = walk(case, verifikator, "decide", grade=None)
    assert (case.state, case.grade, case.valid_until) == (CaseState.DECIDED, None, None)
    assert current_accreditation(case.institution) is None


@pytest.mark.parametrize(
    "name, data, field",
    [
        ("submit", {"submitted_on": days_ago(200)}, "submitted_on"),
        ("decide", {"decided_on": days_ago(50)}, "decided_on"),
        ("decide", {"visit_held_on": days_ago(95)}, "visit_held_on"),
    ],
)
def test_dates_in_the_wrong_order_are_refused(case, verifikator, name, data, field):
    case = walk(case, verifikator, PATH[PATH.index(name) - 1])
    with pytest.raises(services.TransitionError) as error:
        step(case, name, verifikator, **data)
    assert field in error.value.field_errors


def test_returned_case_resumes_where_it_was(case, verifikator):
    case = walk(case, verifikator, "start_assessment")
    case = services.case_transition(
        case_id=case.pk,
        name="return_case",
        user=verifikator,
        expected_state="assessment",
        note="Kurang AD/ART",
    )
    assert case.state == CaseState.RETURNED
    case = services.case_transition(
        case_id=case.pk, name="resume", user=verifikator, expected_state="returned"
    )
    assert case.state == CaseState.ASSESSMENT


def test_return_and_withdraw_need_a_note(case, verifikator):
    with pytest.raises(services.TransitionError) as error:
        services.case_transition(
            case_id=case.pk, name="withdraw", user=verifikator, expected_state="preparing"
        )
    assert error.value.message == services.NOTE_REQUIRED


def test_acting_on_a_case_that_changed_meanwhile_is_refused(case, verifikator):
    step(case, "recommend", verifikator)
    with pytest.raises(services.TransitionError) as error:
        services.case_transition(
            case_id=case.pk, name="withdraw", user=verifikator, expected_state="preparing", note="x"
        )
    state = CaseState.RECOMMENDED.label
    assert str(error.value.message) == services.CASE_CHANGED % {"state": state}
    assert CaseEvent.objects.count() == 1


def test_database_allows_one_open_case_per_institution(case):
    with pytest.raises(IntegrityError):
        AccreditationCase.objects.create(institution=case.institution, state=CaseState.SUBMITTED)


def test_opening_a_second_case_is_refused_in_plain_words(case, verifikator):
    with pytest.raises(services.TransitionError) as error:
        services.case_open(institution=case.institution, user=verifikator)
    assert error.value.message == services.ALREADY_OPEN


def test_reaccreditation_keeps_the_valid_grade_until_the_new_decision(case, verifikator):
    decided = walk(case, verifikator, "decide", grade="B")
    new_case = services.case_open(institution=decided.institution, user=verifikator)
    assert current_accreditation(decided.institution).pk == decided.pk
    new_case = walk(new_case, verifikator, "decide", grade="A")
    assert current_accreditation(decided.institution).grade.code == "A"


@pytest.mark.parametrize("grade, years", [("A", 5), ("B", 3), ("C", 2)])
def test_validity_follows_the_grade_and_ends_after_its_last_day(case, verifikator, grade, years):
    case = walk(case, verifikator, "decide", grade=grade)
    decided_on = days_ago(10)
    last_day = decided_on.replace(year=decided_on.year + years)
    assert case.valid_until == last_day
    assert current_accreditation(case.institution, last_day) is not None
    assert current_accreditation(case.institution, last_day + datetime.timedelta(days=1)) is None
    assert current_accreditation(case.institution, decided_on - datetime.timedelta(days=1)) is None


def test_a_step_recorded_afterwards_keeps_the_day_it_happened(db, verifikator):
    """A past case (the demo city, a back-filled legacy case) is opened and stepped through the
    same service, dated when each step happened; the rules still apply."""
    institution = InstitutionFactory()
    opened = timezone.make_aware(datetime.datetime.combine(days_ago(120), datetime.time(10)))
    case = services.case_open(institution=institution, user=verifikator, at=opened)
    assert (case.opened_on, case.state_changed_at) == (days_ago(120), opened)
    assessed = timezone.make_aware(datetime.datetime.combine(days_ago(80), datetime.time(9)))
    step(case, "recommend", verifikator)
    step(case, "submit", verifikator)
    case.refresh_from_db()
    case = services.case_transition(
        case_id=case.pk,
        name="start_assessment",
        user=verifikator,
        expected_state=case.state,
        at=assessed,
    )
    assert case.state_changed_at == assessed
    assert case.events.get(to_state=CaseState.PREPARING).at == opened
    assert case.events.get(to_state=CaseState.ASSESSMENT).at == assessed
    with pytest.raises(services.TransitionError):
        services.case_transition(
            case_id=case.pk,
            name="schedule_visit",
            user=UserFactory(username="oper2", role=roles.PIMPINAN),
            expected_state=case.state,
            data={"visit_scheduled_on": days_ago(40)},
            at=assessed,
        )

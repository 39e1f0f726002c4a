"""Rules that pages and the dashboard share: the worklists and the dashboard's numbers call the
same function, so they agree on every boundary (the day before, the day, the day after)."""

import datetime

import pytest

from accreditation import selectors as accreditation_selectors
from accreditation.models import AccreditationCase, CaseEvent, CaseState, Grade
from reports.metrics import Filters, institution_counts
from supervision import selectors as supervision_selectors
from tests.factories import InstitutionFactory, LksaFactory, MonitoringVisitFactory

DAY = datetime.date(2026, 6, 15)


def counts(day=DAY):
    return institution_counts(Filters(day=day))["total"]


@pytest.mark.parametrize(
    ("days_since_visit", "due"), [(364, False), (365, True), (366, True), (-1, True)]
)
def test_yearly_visit_due_on_the_anniversary_in_worklist_and_dashboard(db, days_since_visit, due):
    lksa = LksaFactory()
    MonitoringVisitFactory(
        institution=lksa, visited_on=DAY - datetime.timedelta(days=days_since_visit)
    )
    on_worklist = lksa in supervision_selectors.lksa_not_visited_within_a_year(DAY)
    assert on_worklist is due
    assert counts()["lksa_not_visited"] == int(due)


def decided(institution, grade_code, decided_on):
    grade = Grade.objects.get(code=grade_code)
    case = AccreditationCase(
        institution=institution,
        state=CaseState.DECIDED,
        opened_on=decided_on - datetime.timedelta(days=200),
        grade=grade,
        decided_on=decided_on,
    )
    case.valid_until = case.compute_valid_until()
    case.save()
    return case


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_expiring_and_expired_agree_around_the_last_valid_day(db, offset):
    case = decided(InstitutionFactory(), "C", datetime.date(2024, 6, 15))
    day = case.valid_until + datetime.timedelta(days=offset)
    expiring = [i.pk for i in accreditation_selectors.expiring_accreditations(day)]
    expired = [i.pk for i in accreditation_selectors.expired_accreditations(day)]
    numbers = counts(day)
    assert (len(expiring), len(expired)) == (
        numbers["accreditation_expiring"],
        numbers["accreditation_expired"],
    )
    assert expired == ([case.institution_id] if offset > 0 else [])
    assert expiring == ([] if offset > 0 else [case.institution_id])


@pytest.mark.parametrize("offset", [-1, 0])
def test_never_applied_agrees_with_the_dashboard_as_of_a_day(db, offset):
    institution = InstitutionFactory()
    opened = datetime.date(2026, 3, 1)
    AccreditationCase.objects.create(institution=institution, opened_on=opened)
    day = opened + datetime.timedelta(days=offset)
    listed = [i.pk for i in accreditation_selectors.never_applied(day)]
    assert listed == ([institution.pk] if offset < 0 else [])
    assert counts(day)["never_applied"] == len(listed)


def test_a_returned_case_stays_in_process_in_the_funnel(db):
    institution = InstitutionFactory()
    case = AccreditationCase.objects.create(
        institution=institution, opened_on=datetime.date(2026, 1, 5), state=CaseState.RETURNED
    )
    for old, new, day in [
        ("", CaseState.PREPARING, 5),
        (CaseState.PREPARING, CaseState.RECOMMENDED, 20),
        (CaseState.RECOMMENDED, CaseState.RETURNED, 25),
    ]:
        CaseEvent.objects.create(
            case=case,
            from_state=old,
            to_state=new,
            at=datetime.datetime(2026, 1, day, 10, tzinfo=datetime.UTC),
        )
    numbers = counts()
    assert (numbers["in_process"], numbers["state_returned"], numbers["in_preparation"]) == (
        1,
        1,
        0,
    )

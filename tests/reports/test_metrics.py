"""Each dashboard definition on hand-built data with known answers, including the edges."""

import datetime

from django.utils import timezone

from accreditation.models import AccreditationCase, CaseEvent, CaseState, Grade
from applications.models import ApplicationStatus
from lks_registry.models import Institution, Kecamatan, OperatingStatus, StatusChange, TargetGroup
from reports import metrics
from supervision.models import ConcernStatus
from supervision.services import warning_round_close
from tests.factories import (
    AccreditationCaseFactory,
    ApplicationRoundFactory,
    ConcernFactory,
    FieldFindingFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    RegistrationApplicationFactory,
    WrittenWarningFactory,
)

TODAY = timezone.localdate()


def days(n):
    return TODAY - datetime.timedelta(days=n)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def counts(day=TODAY, **filters):
    return metrics.institution_counts(metrics.Filters(day=day, **filters))["total"]


def decided(institution, grade, decided_on):
    case = AccreditationCaseFactory(
        institution=institution,
        state=CaseState.DECIDED,
        grade=Grade.objects.get(code=grade),
        decided_on=decided_on,
        certificate_number="1/BALKS",
        opened_on=decided_on - datetime.timedelta(days=100),
    )
    case.valid_until = case.compute_valid_until()
    case.save()
    CaseEvent.objects.create(
        case=case, from_state="", to_state=CaseState.PREPARING, at=at(case.opened_on)
    )
    CaseEvent.objects.create(
        case=case, from_state=CaseState.VISIT, to_state=CaseState.DECIDED, at=at(decided_on)
    )
    return case


def test_registered_active_and_statuses(db):
    InstitutionFactory.create_batch(2)
    InstitutionFactory(operating_status=OperatingStatus.INACTIVE)
    InstitutionFactory(operating_status=OperatingStatus.SUSPENDED)
    InstitutionFactory(operating_status=OperatingStatus.REVOKED)
    InstitutionFactory(operating_status=OperatingStatus.CLOSED)
    InstitutionFactory(registration_number="", registered_on=None)
    result = counts()
    assert (
        result["registered"],
        result["active"],
        result["inactive"],
        result["suspended"],
        result["revoked"],
    ) == (4, 2, 1, 1, 1)


def test_status_on_a_past_day_comes_from_the_status_history(db):
    institution = InstitutionFactory(operating_status=OperatingStatus.SUSPENDED)
    StatusChange.objects.create(
        institution=institution,
        old_status="active",
        new_status="suspended",
        reason="x",
        changed_at=at(days(3)),
    )
    assert counts(days(5))["active"] == 1
    assert counts(days(1))["suspended"] == 1 and counts(days(1))["active"] == 0


def test_registered_only_from_the_registration_date(db):
    InstitutionFactory(registered_on=days(10), registration_valid_until=days(-1000))
    assert counts(days(11))["registered"] == 0
    assert counts(days(10))["registered"] == 1


def test_accreditation_that_expires_today_counts_today_not_tomorrow(db):
    institution = InstitutionFactory(registered_on=days(2000))
    case = decided(institution, "C", TODAY.replace(year=TODAY.year - 2))
    assert case.valid_until == TODAY
    assert counts()["accredited"] == 1 and counts()["grade_c"] == 1
    tomorrow = metrics.Filters(day=TODAY + datetime.timedelta(days=1))
    after = metrics.institution_counts(tomorrow)["total"]
    assert after["accredited"] == 0 and after["accreditation_expired"] == 1


def test_as_of_a_day_before_the_decision_the_institution_is_not_accredited(db):
    institution = InstitutionFactory(registered_on=days(500))
    decided(institution, "A", days(10))
    assert counts(days(11))["accredited"] == 0
    assert counts(days(10))["accredited"] == 1 and counts()["grade_a"] == 1


def test_suspended_institution_with_a_valid_grade_is_accredited_but_not_active(db):
    institution = InstitutionFactory(
        operating_status=OperatingStatus.SUSPENDED, registered_on=days(500)
    )
    decided(institution, "A", days(30))
    result = counts()
    assert result["accredited"] == 1
    assert result["active_accredited"] == 0 and result["active_grade_a"] == 0


def test_case_state_on_a_past_day_comes_from_the_events(db):
    institution = InstitutionFactory(registered_on=days(500))
    case = AccreditationCaseFactory(
        institution=institution, state=CaseState.SUBMITTED, opened_on=days(30)
    )
    for old, new, when in (
        ("", "preparing", 30),
        ("preparing", "recommended", 20),
        ("recommended", "submitted", 2),
    ):
        CaseEvent.objects.create(case=case, from_state=old, to_state=new, at=at(days(when)))
    assert counts(days(25))["in_preparation"] == 1
    assert counts(days(10))["state_recommended"] == 1 and counts(days(10))["in_process"] == 1
    assert counts()["state_submitted"] == 1
    assert counts(days(31))["never_applied"] == 1 and counts()["never_applied"] == 0


def test_expiring_within_six_months(db):
    soon = InstitutionFactory(registered_on=days(2000), registration_valid_until=days(-30))
    decided(soon, "C", TODAY.replace(year=TODAY.year - 2) + datetime.timedelta(days=60))
    decided(InstitutionFactory(registered_on=days(2000)), "A", days(10))
    LksaFactory(permit_valid_until=days(-100), permit_date=days(1000))
    result = counts()
    assert (
        result["accreditation_expiring"],
        result["registration_expiring"],
        result["permit_expiring"],
    ) == (1, 1, 1)


def test_supervision_counts(db):
    visited, forgotten = LksaFactory(), LksaFactory()
    MonitoringVisitFactory(institution=visited, visited_on=days(30))
    MonitoringVisitFactory(institution=forgotten, visited_on=days(400))
    WrittenWarningFactory(institution=forgotten, issued_on=days(5))
    assert counts()["lksa_not_visited"] == 1 and counts()["warned"] == 1
    assert counts(days(10))["warned"] == 0


def test_a_closed_round_of_warnings_no_longer_counts_from_its_closing_day(db):
    lksa = LksaFactory()
    WrittenWarningFactory(institution=lksa, issued_on=days(20))
    warning_round_close(institution=lksa, closed_on=days(5), note="Diperbaiki", user=None)
    assert (counts(days(6))["warned"], counts(days(5))["warned"], counts()["warned"]) == (1, 0, 0)


def test_applications_waiting_and_overdue_as_of_a_day(db):
    old = RegistrationApplicationFactory(status=ApplicationStatus.SUBMITTED)
    ApplicationRoundFactory(application=old, submitted_at=at(days(40)))
    decided_round = ApplicationRoundFactory(
        submitted_at=at(days(20)), decided_at=at(days(5)), decision="approved"
    )
    ApplicationRoundFactory(submitted_at=at(days(1)))
    now = metrics.other_counts(metrics.Filters(day=TODAY))
    assert (now["applications_waiting"], now["applications_overdue"]) == (2, 1)
    earlier = metrics.other_counts(metrics.Filters(day=days(10)))
    assert earlier["applications_waiting"] == 2  # the old one and the one decided later
    assert decided_round.decided_at > at(days(10))


def test_open_concerns_and_findings_as_of_a_day_from_their_history(db):
    concern = ConcernFactory(received_at=at(days(20)))
    concern.history.update(history_date=at(days(20)))
    concern.status = ConcernStatus.CLOSED
    concern.save()
    concern.history.filter(status=ConcernStatus.CLOSED).update(history_date=at(days(5)))
    ConcernFactory(received_at=at(days(2)))
    FieldFindingFactory(found_on=days(3))
    assert metrics.other_counts(metrics.Filters(day=days(10)))["open_concerns"] == 1
    now = metrics.other_counts(metrics.Filters(day=TODAY))
    assert (now["open_concerns"], now["open_findings"]) == (1, 1)
    assert metrics.other_counts(metrics.Filters(day=days(4)))["open_findings"] == 0


def test_counts_per_kecamatan_service_type_and_filters(db):
    larangan = Kecamatan.objects.get(name="Larangan")
    street = TargetGroup.objects.get(code="anak-jalanan")
    LksaFactory(target_groups=[street])
    InstitutionFactory(kecamatan=larangan)
    InstitutionFactory(kecamatan=larangan, target_groups=[street])
    by_kecamatan = metrics.institution_counts(metrics.Filters(day=TODAY))["kecamatan"]
    assert by_kecamatan[larangan.pk]["registered"] == 2
    by_service = metrics.institution_counts(metrics.Filters(day=TODAY))["target_groups"]
    assert by_service[street.pk]["registered"] == 2
    assert counts(kecamatan_id=larangan.pk)["registered"] == 2
    assert counts(kind="lksa")["registered"] == 1
    assert counts(target_group_id=street.pk)["registered"] == 2


def test_progress_to_the_target(db):
    for grade in ("A", "B"):
        decided(InstitutionFactory(registered_on=days(500)), grade, days(10))
    InstitutionFactory.create_batch(2)
    assert metrics.target_progress(counts()) == {"grade_a": 25.0, "any_grade": 50.0}


def test_each_metric_list_holds_exactly_the_institutions_it_names(db):
    """Known answers written out by hand: the list behind each number, by name."""
    graded = InstitutionFactory(name="Graded B", registered_on=days(500))
    decided(graded, "B", days(10))
    LksaFactory(name="Suspended LKSA", operating_status=OperatingStatus.SUSPENDED)
    case = AccreditationCaseFactory(institution=InstitutionFactory(name="Preparing"))
    CaseEvent.objects.create(case=case, from_state="", to_state="preparing", at=at(days(9)))
    InstitutionFactory(name="Never registered", registration_number="", registered_on=None)

    name_of = dict(Institution.objects.values_list("pk", "name"))

    def names(key):
        return {name_of[row.pk] for row in metrics.metric_rows(key, metrics.Filters(day=TODAY))}

    assert names("registered") == {"Graded B", "Suspended LKSA", "Preparing"}
    assert names("active") == {"Graded B", "Preparing"}
    assert names("suspended") == {"Suspended LKSA"}
    assert names("accredited") == names("grade_b") == {"Graded B"}
    assert names("grade_a") == set()
    assert names("in_preparation") == {"Preparing"}
    assert names("never_applied") == {"Suspended LKSA"}
    assert names("lksa_not_visited") == {"Suspended LKSA"}


def test_case_open_today_closed_cases_do_not_count_as_open(db):
    institution = InstitutionFactory(registered_on=days(500))
    case = AccreditationCaseFactory(institution=institution, state=CaseState.WITHDRAWN)
    CaseEvent.objects.create(case=case, from_state="", to_state="preparing", at=at(days(9)))
    CaseEvent.objects.create(
        case=case, from_state="preparing", to_state="withdrawn", at=at(days(3))
    )
    assert counts(days(5))["in_preparation"] == 1
    assert counts()["in_preparation"] == 0 and counts()["never_applied"] == 0
    assert AccreditationCase.objects.count() == 1

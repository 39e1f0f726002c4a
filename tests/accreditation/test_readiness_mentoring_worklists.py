import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accreditation import selectors, services
from accreditation.models import AccreditationSettings, CaseState, Grade, Standard
from lks_registry import roles
from tests.accreditation.helpers import days_ago
from tests.factories import AccreditationCaseFactory, InstitutionFactory, UserFactory


def decided(institution, grade_code, decided_on):
    grade = Grade.objects.get(code=grade_code)
    case = AccreditationCaseFactory(
        institution=institution,
        state=CaseState.DECIDED,
        grade=grade,
        decided_on=decided_on,
        certificate_number="1/BALKS",
    )
    case.valid_until = case.compute_valid_until()
    case.save()
    return case


def test_scores_outside_their_range_are_refused_and_nothing_is_saved(db):
    case = AccreditationCaseFactory()
    standards = list(Standard.objects.all())
    scores = dict.fromkeys(standards, (80, ""))
    scores[standards[-1]] = (101, "")
    with pytest.raises(services.TransitionError) as error:
        services.readiness_save(case=case, scores=scores)
    assert standards[-1].code in error.value.field_errors
    assert not case.scores.exists()


def test_readiness_profile_marks_the_standards_to_work_on(db):
    case = AccreditationCaseFactory()
    standards = list(Standard.objects.all())
    services.readiness_save(
        case=case, scores={s: (50 if i == 0 else 90, "") for i, s in enumerate(standards)}
    )
    profile = selectors.readiness_profile(case)
    assert profile.to_work_on == [standards[0]]
    assert profile.weighted_percent == round((50 + 90 * 5) / 6, 1)


def test_weights_change_the_total(db):
    case = AccreditationCaseFactory()
    standards = list(Standard.objects.all())
    Standard.objects.filter(pk=standards[0].pk).update(weight=5)
    services.readiness_save(
        case=case, scores={s: (0 if i == 0 else 100, "") for i, s in enumerate(standards)}
    )
    assert selectors.readiness_profile(case).weighted_percent == 50.0


def test_only_an_accredited_institution_can_mentor(db):
    mentor, mentee = InstitutionFactory(), InstitutionFactory()
    with pytest.raises(services.TransitionError) as error:
        services.mentorship_add(mentor=mentor, mentee=mentee)
    assert error.value.message == services.MENTOR_NOT_ACCREDITED
    decided(mentor, "A", days_ago(30))
    services.mentorship_add(mentor=mentor, mentee=mentee)
    with pytest.raises(services.TransitionError):
        services.mentorship_add(mentor=mentor, mentee=mentor)


def test_worklists_find_expiring_expired_never_applied_and_stuck(db):
    today = timezone.localdate()
    expiring = decided(
        InstitutionFactory(name="Hampir habis"),
        "C",
        today.replace(year=today.year - 2) + datetime.timedelta(days=30),
    )
    expired = decided(
        InstitutionFactory(name="Sudah habis"),
        "C",
        today.replace(year=today.year - 2) - datetime.timedelta(days=1),
    )
    decided(InstitutionFactory(name="Masih lama"), "A", days_ago(10))
    never = InstitutionFactory(name="Belum pernah")
    stuck = AccreditationCaseFactory(state=CaseState.SUBMITTED)
    stuck.state_changed_at = timezone.now() - datetime.timedelta(
        days=AccreditationSettings.current().stuck_after_days + 1
    )
    stuck.save()
    AccreditationCaseFactory(state=CaseState.SUBMITTED)

    assert list(selectors.expiring_accreditations(today)) == [expiring.institution]
    assert list(selectors.expired_accreditations(today)) == [expired.institution]
    assert never in selectors.never_applied()
    assert expired.institution not in selectors.never_applied()
    assert list(selectors.stuck_cases()) == [stuck]


def test_an_accreditation_expiring_today_is_still_valid_today(db):
    today = timezone.localdate()
    case = decided(InstitutionFactory(), "B", today.replace(year=today.year - 3))
    assert case.valid_until == today
    assert selectors.current_accreditation(case.institution, today) == case
    assert list(selectors.expired_accreditations(today)) == []


def test_operator_logs_assistance_with_follow_up(db):
    case = AccreditationCaseFactory()
    officer = UserFactory(role=roles.OPERATOR)
    session = services.assistance_log(
        institution=case.institution,
        case=case,
        officer=officer,
        held_on=days_ago(2),
        kind="visit",
        notes="Kunjungan",
        follow_up_on=days_ago(-14),
    )
    assert session.pk
    with pytest.raises(ValidationError) as error:
        services.assistance_log(
            institution=case.institution,
            case=case,
            officer=officer,
            held_on=days_ago(2),
            kind="visit",
            notes="x",
            follow_up_on=days_ago(5),
        )
    assert "follow_up_on" in error.value.message_dict

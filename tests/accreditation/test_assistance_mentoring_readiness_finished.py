"""Mentoring rules and ends, readiness frozen once decided and audited, assistance on the open case
with attendees and follow-ups, no "open a case" while one is open, uniqueness messages that say
what already exists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation import selectors, services
from accreditation.models import CaseState, Mentorship, ReadinessScore, Standard
from lks_registry.models import OperatingStatus
from tests.accreditation.helpers import days_ago
from tests.accreditation.test_readiness_mentoring_worklists import decided
from tests.factories import AccreditationCaseFactory, InstitutionFactory, UserFactory


def accredited(**fields):
    institution = InstitutionFactory(**fields)
    decided(institution, "A", days_ago(30))
    return institution


# --- Mentoring.


def test_a_suspended_institution_cannot_mentor_and_is_not_offered(operator_client):
    suspended = accredited(operating_status=OperatingStatus.SUSPENDED, name="Panti Dibekukan")
    good = accredited(name="Panti Teladan")
    mentee = InstitutionFactory(name="Panti Baru")
    with pytest.raises(services.TransitionError) as error:
        services.mentorship_add(mentor=suspended, mentee=mentee)
    assert "Dibekukan" in str(error.value.message)
    response = operator_client.get(reverse("accreditation:mentorship_add", args=[mentee.pk]))
    offered = list(response.context["form"].fields["mentor"].queryset)
    assert offered == [good]


def test_the_mentee_is_never_offered_as_its_own_mentor(operator_client):
    mentee = accredited(name="Panti Sendiri")
    other = accredited(name="Panti Lain")
    response = operator_client.get(reverse("accreditation:mentorship_add", args=[mentee.pk]))
    assert list(response.context["form"].fields["mentor"].queryset) == [other]
    with pytest.raises(services.TransitionError) as error:
        services.mentorship_add(mentor=mentee, mentee=mentee)
    assert error.value.message == services.MENTOR_IS_MENTEE


def test_a_mentorship_ends_with_a_date_and_reason_and_the_pair_may_start_again(
    operator_client,
):
    mentor, mentee = accredited(), InstitutionFactory()
    link = services.mentorship_add(mentor=mentor, mentee=mentee, started_on=days_ago(100))
    url = reverse("accreditation:mentorship_end", args=[link.pk])
    response = operator_client.post(url, {"ended_on": days_ago(1), "end_reason": ""})
    assert "end_reason" in response.context["form"].errors
    response = operator_client.post(
        url, {"ended_on": days_ago(1), "end_reason": "Lembaga sudah mandiri"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.ended_on, link.end_reason) == (days_ago(1), "Lembaga sudah mandiri")
    assert services.mentorship_add(mentor=mentor, mentee=mentee).pk != link.pk
    listing = operator_client.get(reverse("accreditation:mentorship_list"))
    assert len(listing.context["page"].object_list) == 2
    assert "Lembaga sudah mandiri" in listing.content.decode()
    detail = operator_client.get(mentee.get_absolute_url()).content.decode()
    assert detail.count(mentor.get_absolute_url()) == 1  # only the running mentorship


def test_a_second_running_mentorship_of_the_same_pair_says_it_already_exists(db):
    mentor, mentee = accredited(), InstitutionFactory()
    services.mentorship_add(mentor=mentor, mentee=mentee)
    with pytest.raises(services.TransitionError) as error:
        services.mentorship_add(mentor=mentor, mentee=mentee)
    message = str(error.value.message)
    assert "sudah membimbing" in message and "tidak ada" not in message
    assert Mentorship.objects.count() == 1


def test_a_mentorship_cannot_end_before_it_started_or_twice(db):
    link = services.mentorship_add(
        mentor=accredited(), mentee=InstitutionFactory(), started_on=days_ago(10)
    )
    with pytest.raises(services.TransitionError):
        services.mentorship_end(mentorship=link, ended_on=days_ago(20), reason="x")
    services.mentorship_end(mentorship=link, ended_on=days_ago(5), reason="x")
    with pytest.raises(services.TransitionError) as error:
        services.mentorship_end(mentorship=link, ended_on=days_ago(1), reason="x")
    assert error.value.message == services.MENTORSHIP_ALREADY_ENDED


# --- Readiness.


def scores_of(value, note=""):
    return dict.fromkeys(Standard.objects.all(), (value, note))


def test_readiness_of_a_decided_case_is_frozen(verifikator_client):
    case = AccreditationCaseFactory()
    services.readiness_save(case=case, scores=scores_of(60))
    case.state, case.decided_on = CaseState.DECIDED, days_ago(1)
    case.save()
    with pytest.raises(services.TransitionError):
        services.readiness_save(case=case, scores=scores_of(90))
    standard = Standard.objects.first()
    verifikator_client.post(
        reverse("accreditation:readiness_edit", args=[case.pk]),
        {f"score_{s.code}": 95 for s in Standard.objects.all()},
    )
    assert set(ReadinessScore.objects.values_list("score", flat=True)) == {60}
    assert ReadinessScore.objects.get(standard=standard).score == 60


def test_score_changes_are_in_the_case_audit_trail(verifikator_client):
    case = AccreditationCaseFactory()
    services.readiness_save(case=case, scores=scores_of(40))
    services.readiness_save(case=case, scores=scores_of(75))
    page = verifikator_client.get(reverse("accreditation:case_detail", args=[case.pk]))
    trail = page.content.decode()[page.content.decode().index('id="audit-trail"') :]
    assert "40 → 75" in trail and "nilai kesiapan" in trail


def test_profile_shows_readiness_notes_and_the_gap_to_the_target(verifikator_client):
    case = AccreditationCaseFactory()
    standards = list(Standard.objects.all())
    scores = dict.fromkeys(standards, (90, ""))
    scores[standards[0]] = (50, "Belum ada SOP pengasuhan")
    services.readiness_save(case=case, scores=scores)
    profile = selectors.readiness_profile(case)
    assert profile.lines[0].gap == 20.0 and profile.lines[1].gap == 0
    page = verifikator_client.get(reverse("accreditation:case_detail", args=[case.pk]))
    assert "Belum ada SOP pengasuhan" in page.content.decode()
    assert "Selisih ke target" in page.content.decode()


# --- Assistance.


def test_assistance_logged_from_the_institution_page_appears_on_its_open_case(operator_client):
    case = AccreditationCaseFactory()
    operator_client.post(
        reverse("accreditation:institution_assistance_add", args=[case.institution_id]),
        {
            "held_on": days_ago(1),
            "kind": "coaching",
            "attendees": "Ibu Siti (ketua)",
            "notes": "Pembinaan pengurus",
            "follow_up_on": days_ago(0),
        },
    )
    session = case.institution.assistance_sessions.get()
    assert session.case == case and session.attendees == "Ibu Siti (ketua)"
    page = operator_client.get(reverse("accreditation:case_detail", args=[case.pk]))
    assert "Pembinaan pengurus" in page.content.decode() and "Ibu Siti" in page.content.decode()


def test_assistance_cannot_be_dated_in_the_future(operator_client):
    institution = InstitutionFactory()
    response = operator_client.post(
        reverse("accreditation:institution_assistance_add", args=[institution.pk]),
        {
            "held_on": timezone.localdate() + datetime.timedelta(days=3),
            "kind": "coaching",
            "notes": "x",
        },
    )
    assert "held_on" in response.context["form"].errors
    assert not institution.assistance_sessions.exists()


def test_all_assistance_sessions_beyond_the_five_newest(operator_client):
    institution = InstitutionFactory()
    officer = UserFactory()
    for n in range(7):
        services.assistance_log(
            institution=institution,
            case=None,
            officer=officer,
            held_on=days_ago(n),
            kind="coaching",
            notes=f"Sesi {n}",
        )
    page = operator_client.get(institution.get_absolute_url()).content.decode()
    url = reverse("accreditation:institution_assistance_list", args=[institution.pk])
    assert url in page
    assert len(operator_client.get(url).context["page"].object_list) == 7


def test_worklist_of_follow_ups_due(operator_client):
    due, later, done = InstitutionFactory.create_batch(3)
    officer = UserFactory()
    for institution, follow_up in ((due, days_ago(1)), (later, days_ago(-10)), (done, days_ago(5))):
        services.assistance_log(
            institution=institution,
            case=None,
            officer=officer,
            held_on=days_ago(20),
            kind="visit",
            notes="x",
            follow_up_on=follow_up,
        )
    services.assistance_log(
        institution=done,
        case=None,
        officer=officer,
        held_on=days_ago(4),
        kind="visit",
        notes="Tindak lanjut dilakukan",
    )
    response = operator_client.get(reverse("accreditation:worklists"))
    assert [s.institution for s in response.context["follow_ups"]] == [due]


# --- "Open a case" only when none is open.


def test_open_a_case_is_not_offered_while_one_is_open(operator_client):
    institution = InstitutionFactory()
    open_url = reverse("accreditation:case_open", args=[institution.pk])
    assert open_url in operator_client.get(institution.get_absolute_url()).content.decode()
    AccreditationCaseFactory(institution=institution)
    assert open_url not in operator_client.get(institution.get_absolute_url()).content.decode()


def test_the_readiness_form_of_a_decided_case_sends_back_to_the_case(verifikator_client):
    case = AccreditationCaseFactory(state=CaseState.DECIDED, decided_on=days_ago(1))
    response = verifikator_client.get(reverse("accreditation:readiness_edit", args=[case.pk]))
    assert response["Location"] == reverse("accreditation:case_detail", args=[case.pk])

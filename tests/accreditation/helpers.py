import datetime

from django.utils import timezone

from accreditation import services
from accreditation.models import Grade
from lks_registry.models import LegalBasis

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


STEP_DATA = {
    "recommend": {
        "recommendation_number": "045/REK/DINSOS/2026",
        "recommendation_date": days_ago(100),
    },
    "submit": {"submitted_on": days_ago(90)},
    "start_assessment": {},
    "schedule_visit": {"visit_scheduled_on": days_ago(40), "assessors": "Asesor BALKS"},
    "decide": {
        "visit_held_on": days_ago(40),
        "decided_on": days_ago(10),
        "certificate_number": "321/BALKS/2026",
    },
}
PATH = ["recommend", "submit", "start_assessment", "schedule_visit", "decide"]


def step(case, name, user, grade="A", **data):
    """Take one transition through the service, with valid data for it."""
    values = dict(STEP_DATA.get(name, {}))
    if name == "decide":
        values["grade"] = Grade.objects.get(code=grade) if grade else None
        values["legal_basis"] = LegalBasis.objects.get(code="permensos-8-2025")
    values.update(data)
    case.refresh_from_db()
    return services.case_transition(
        case_id=case.pk,
        name=name,
        user=user,
        expected_state=case.state,
        note="catatan",
        data=values,
    )


def walk(case, user, until, grade="A"):
    for name in PATH[: PATH.index(until) + 1]:
        case = step(case, name, user, grade=grade)
    return case

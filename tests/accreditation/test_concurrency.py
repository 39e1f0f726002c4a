"""Two staff acting on the same case at the same moment, each on its own database connection:
exactly one transition wins, the other is told the case changed, nothing is applied twice."""

import threading

import pytest
from django.db import connection

from accreditation import services
from accreditation.models import CaseEvent, CaseState
from lks_registry import roles
from tests.factories import AccreditationCaseFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transitions_on_one_case_apply_once(reference_data):
    case = AccreditationCaseFactory(state=CaseState.ASSESSMENT)
    users = [UserFactory(username=f"staff{i}", role=roles.VERIFIKATOR) for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, name, note):
        try:
            barrier.wait()
            services.case_transition(
                case_id=case.pk,
                name=name,
                user=user,
                expected_state="assessment",
                note=note,
                data={"visit_scheduled_on": case.opened_on, "assessors": "Tim"},
            )
            outcomes.append("applied")
        except services.TransitionError as error:
            outcomes.append(str(error.message))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(users[0], "schedule_visit", "jadwal")),
        threading.Thread(target=act, args=(users[1], "return_case", "kurang lengkap")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("applied") == 1
    refused = next(outcome for outcome in outcomes if outcome != "applied")
    case.refresh_from_db()
    assert refused == services.CASE_CHANGED % {"state": case.get_state_display()}
    assert case.state in (CaseState.VISIT, CaseState.RETURNED)
    assert CaseEvent.objects.filter(case=case).count() == 1

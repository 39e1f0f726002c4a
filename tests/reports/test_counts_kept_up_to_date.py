"""The dashboard's counts kept up to date by change (reports.cache) equal the counts computed from
scratch (reports.metrics), for today and past days, whole city and filtered, after seeded random
changes of every kind the facts read."""

import datetime
import random

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accreditation.models import AccreditationCase, CaseEvent, CaseState
from lks_registry.models import (
    Institution,
    Kecamatan,
    OperatingStatus,
    StatusChange,
    TargetGroup,
)
from reports import cache, metrics
from supervision.models import WarningRound
from tests.factories import (
    AccreditationCaseFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    WrittenWarningFactory,
)
from tests.reports.test_metrics import TODAY, at, days, decided

STEPS = 24


def _new_institution(rng):
    factory = rng.choice([InstitutionFactory, LksaFactory])
    return factory(
        registered_on=days(rng.randint(0, 900)),
        registration_valid_until=days(-rng.randint(1, 900)),
        operating_status=rng.choice(list(OperatingStatus.values)),
    )


def _status_change(rng, institution):
    new_status = rng.choice(
        [s for s in OperatingStatus.values if s != institution.operating_status]
    )
    StatusChange.objects.create(
        institution=institution,
        old_status=institution.operating_status,
        new_status=new_status,
        reason="acak",
        changed_at=at(days(rng.randint(0, 400))),
    )
    institution.operating_status = new_status
    institution.save()


def _open_case(rng, institution):
    if not AccreditationCase.objects.open().filter(institution=institution).exists():
        case = AccreditationCaseFactory(
            institution=institution,
            state=CaseState.PREPARING,
            opened_on=days(rng.randint(0, 300)),
        )
        CaseEvent.objects.create(
            case=case, from_state="", to_state=CaseState.PREPARING, at=at(case.opened_on)
        )


def _decide(rng, institution):
    AccreditationCase.objects.open().filter(institution=institution).delete()
    decided(institution, rng.choice("ABC"), days(rng.randint(0, 1500)))


def _move(rng, institution):
    kecamatan = rng.choice(list(Kecamatan.objects.all()))
    institution.kecamatan = kecamatan
    institution.kelurahan = kecamatan.kelurahan_set.order_by("code").first()
    institution.save()


def _services(rng, institution):
    institution.target_groups.set(rng.sample(list(TargetGroup.objects.all()), rng.randint(0, 3)))


def _reverse_services(rng, institution):
    rng.choice(list(TargetGroup.objects.all())).institutions.add(institution)


def _registration(rng, institution):
    institution.registered_on = rng.choice([None, days(rng.randint(0, 900))])
    institution.registration_number = rng.choice(["", f"{institution.pk}/LKS/ACAK/2024"])
    institution.save()


def _delete(rng, institution):
    """A wrongly entered institution with nothing recorded against it yet."""
    try:
        with transaction.atomic():
            institution.delete()
    except ProtectedError:
        pass


def _delete_event(rng, institution):
    event = CaseEvent.objects.filter(case__institution=institution).order_by("?").first()
    if event:
        event.delete()


def _warn(rng, institution):
    """A warning in the institution's open round, at the next level not used yet."""
    try:
        with transaction.atomic():
            WrittenWarningFactory(
                institution=institution,
                level=rng.randint(1, 3),
                issued_on=days(rng.randint(0, 500)),
            )
    except IntegrityError:  # that level is already in the round
        pass


def _close_round(rng, institution):
    """The institution remedied: its open round of warnings closes on some day."""
    round_ = WarningRound.objects.filter(institution=institution, closed_on__isnull=True).first()
    if round_:
        round_.closed_on = days(rng.randint(0, 300))
        round_.closing_note = "acak"
        round_.save()


CHANGES = [
    _status_change,
    _open_case,
    _decide,
    _move,
    _services,
    _reverse_services,
    _registration,
    _delete,
    _delete_event,
    lambda rng, i: MonitoringVisitFactory(institution=i, visited_on=days(rng.randint(0, 500))),
    _warn,
    _close_round,
    _close_round,
]


def _filters():
    cipondoh = Kecamatan.objects.get(name="Cipondoh")
    group = TargetGroup.objects.order_by("pk").first()
    return [
        metrics.Filters(day=TODAY),
        metrics.Filters(day=days(200)),
        metrics.Filters(day=days(30), kecamatan_id=cipondoh.pk),
        metrics.Filters(day=TODAY, kind="lksa"),
        metrics.Filters(day=days(100), target_group_id=group.pk),
    ]


def _assert_same(filters):
    from_scratch = metrics.institution_counts(filters)
    assert cache.institution_counts(filters) == from_scratch, filters
    for key in ("registered", "accredited", "in_preparation", "lksa_not_visited", "warned"):
        kept = [row.pk for row in cache.metric_rows(key, filters)]
        assert kept == [row.pk for row in metrics.metric_rows(key, filters)], (key, filters)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 3])
def test_counts_kept_up_to_date_equal_the_counts_from_scratch(seed):
    rng = random.Random(seed)
    for _ in range(8):
        _new_institution(rng)
    all_filters = _filters()
    for filters in all_filters:
        _assert_same(filters)  # builds what is kept
    for step in range(STEPS):
        institution = Institution.objects.order_by("?").first()
        if institution is None or rng.random() < 0.15:
            _new_institution(rng)
        else:
            rng.choice(CHANGES)(rng, institution)
        for filters in all_filters if step % 3 == 0 else rng.sample(all_filters, 2):
            _assert_same(filters)


@pytest.mark.django_db
def test_a_change_is_applied_by_institution_not_by_rebuilding():
    """The kept counts follow a change by reading the changed institution's facts only: the
    rebuild counter does not move, and the figures still equal the ones from scratch."""
    InstitutionFactory.create_batch(3)
    filters = metrics.Filters(day=TODAY)
    cache.institution_counts(filters)
    state = cache._states[(cache.connection.settings_dict["NAME"], filters)]
    built = state.built
    _status_change(random.Random(4), Institution.objects.first())
    assert cache.institution_counts(filters) == metrics.institution_counts(filters)
    assert cache._states[(cache.connection.settings_dict["NAME"], filters)].built == built


@pytest.mark.django_db
def test_a_settings_change_rebuilds():
    from accreditation.models import AccreditationSettings

    institution = InstitutionFactory()
    decided(institution, "A", TODAY - datetime.timedelta(days=365 * 2))
    filters = metrics.Filters(day=TODAY)
    before = cache.institution_counts(filters)["total"]["accreditation_expiring"]
    settings = AccreditationSettings.current()
    settings.expiring_within_months = 60
    settings.save()
    filters = metrics.Filters(day=TODAY)
    after = cache.institution_counts(filters)["total"]
    assert after == metrics.institution_counts(filters)["total"]
    assert (before, after["accreditation_expiring"]) == (0, 1)

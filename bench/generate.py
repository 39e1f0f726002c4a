"""National-scale data in the benchmark database, seeded and repeatable: 50,000 institutions over
50 cities, 150,000 accreditation cases with their events, 500,000 audit-history rows, 20,000
public concerns, plus status changes and monitoring visits.

    .venv/bin/python -m bench.generate        (make bench runs it when the data are missing)
"""

import datetime
import random
import time

from bench.common import setup_django

INSTITUTIONS = 50_000
CASES = 150_000
HISTORY_ROWS = 500_000
CONCERNS = 20_000
BATCH = 10_000


def generate():
    from django.db import connection, transaction
    from django.utils import timezone

    from accreditation.models import AccreditationCase, CaseEvent, Grade
    from lks_registry.models import (
        City,
        Institution,
        Kecamatan,
        Kelurahan,
        LegalForm,
        Province,
        Specialisation,
        StatusChange,
        TargetGroup,
    )
    from supervision.models import Concern, MonitoringVisit

    rng = random.Random(8)
    today = timezone.localdate()
    started = time.perf_counter()
    tables = [
        "accreditation_caseevent",
        "accreditation_historicalaccreditationcase",
        "accreditation_readinessscore",
        "accreditation_historicalreadinessscore",
        "accreditation_assistancesession",
        "accreditation_historicalassistancesession",
        "accreditation_mentorship",
        "accreditation_accreditationcase",
        "lks_registry_historicalinstitution",
        "supervision_historicalconcern",
        "supervision_concern",
        "lks_registry_statuschange",
        "supervision_historicalmonitoringvisit",
        "supervision_monitoringvisit",
        "supervision_historicalwrittenwarning",
        "supervision_writtenwarning",
        "lks_registry_historicaldocument",
        "lks_registry_document",
        "lks_registry_historicalboardmember",
        "lks_registry_boardmember",
        "lks_registry_institutionmember",
        "lks_registry_institution_target_groups",
        "applications_applicationdocument",
        "applications_applicationround",
        "supervision_historicalfieldfinding",
        "supervision_fieldfinding",
        "applications_historicalregistrationapplication",
        "applications_registrationapplication",
        "lks_registry_institution",
        "reports_factchange",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    Kelurahan.objects.filter(code__startswith="9").delete()
    Kecamatan.objects.filter(code__startswith="9").delete()
    City.objects.filter(code__startswith="9").delete()
    Province.objects.filter(code__startswith="9").delete()

    with transaction.atomic():
        kelurahan = list(Kelurahan.objects.all())
        for p in range(5):
            province = Province.objects.create(code=f"9{p}", name=f"Provinsi Bench {p + 1}")
            for c in range(10):
                city = City.objects.create(
                    province=province, code=f"9{p}.{c:02d}", name=f"Kota Bench {p * 10 + c + 1}"
                )
                for k in range(8):
                    kecamatan = Kecamatan.objects.create(
                        city=city, code=f"9{p}.{c:02d}.{k:02d}", name=f"Kecamatan {p}{c:02d}{k}"
                    )
                    kelurahan += Kelurahan.objects.bulk_create(
                        Kelurahan(
                            kecamatan=kecamatan,
                            code=f"9{p}.{c:02d}.{k:02d}.{n:04d}",
                            name=f"Kelurahan {p}{c:02d}{k}{n}",
                        )
                        for n in range(10)
                    )
        yayasan = LegalForm.objects.get(code="yayasan")
        specialisations = list(Specialisation.objects.all())
        groups = list(TargetGroup.objects.all())
        statuses = (
            ["active"] * 88 + ["inactive"] * 6 + ["suspended"] * 3 + ["revoked"] * 2 + ["closed"]
        )
        names = [
            "Kasih",
            "Harapan",
            "Bunda",
            "Insani",
            "Mulia",
            "Sejahtera",
            "Peduli",
            "Cahaya",
            "Mandiri",
            "Pertiwi",
        ]
        kinds = ["Yayasan", "Panti Asuhan", "Panti Werdha", "LKSA", "Rumah Singgah"]
        objects = []
        for index in range(INSTITUTIONS):
            place = rng.choice(kelurahan)
            registered = today - datetime.timedelta(days=rng.randint(30, 3650))
            is_lksa = rng.random() < 0.4
            objects.append(
                Institution(
                    name=f"{rng.choice(kinds)} {rng.choice(names)} {rng.choice(names)} {index + 1}",
                    kind="lksa" if is_lksa else "lks",
                    specialisation=specialisations[0] if is_lksa else rng.choice(specialisations),
                    legal_form=yayasan,
                    deed_number=str(index),
                    deed_date=registered - datetime.timedelta(days=400),
                    deed_notary="Notaris Bench",
                    ratification_number=f"AHU-{index}",
                    npwp=f"{10**14 + index:015d}",
                    address=f"Jl. Bench No. {index}",
                    kecamatan_id=place.kecamatan_id,
                    kelurahan=place,
                    head_name="Ketua Bench",
                    registration_number=f"{index + 1:05d}/LKS/BENCH/{registered.year}",
                    registered_on=registered,
                    registration_valid_until=registered.replace(year=registered.year + 5)
                    if not (registered.month == 2 and registered.day == 29)
                    else registered + datetime.timedelta(days=1826),
                    operating_status=rng.choice(statuses),
                    care_setting="residential" if is_lksa else "",
                )
            )
        institutions = Institution.objects.bulk_create(objects, batch_size=BATCH)
        through = Institution.target_groups.through
        through.objects.bulk_create(
            (
                through(institution_id=i.pk, targetgroup_id=g.pk)
                for i in institutions
                for g in rng.sample(groups, 2)
            ),
            batch_size=BATCH,
        )
        print(f"institutions: {len(institutions)} in {time.perf_counter() - started:.0f} s")

        grades = list(Grade.objects.all())
        cases, events = [], []
        open_states = ["preparing", "recommended", "submitted", "assessment", "visit", "returned"]
        per_institution = CASES // INSTITUTIONS
        for institution in institutions:
            start = institution.registered_on
            for attempt in range(per_institution):
                last = attempt == per_institution - 1
                opened = start + datetime.timedelta(days=30 + attempt * 600)
                if last and rng.random() < 0.3:
                    state = rng.choice(open_states)
                    cases.append(
                        AccreditationCase(
                            institution=institution,
                            state=state,
                            opened_on=min(opened, today),
                            state_changed_at=timezone.now()
                            - datetime.timedelta(days=rng.randint(1, 200)),
                        )
                    )
                else:
                    grade = rng.choice(grades)
                    decided = min(opened + datetime.timedelta(days=200), today)
                    case = AccreditationCase(
                        institution=institution,
                        state="decided",
                        opened_on=min(opened, today),
                        grade=grade,
                        decided_on=decided,
                        certificate_number=f"{institution.pk}-{attempt}",
                        state_changed_at=timezone.now(),
                    )
                    case.valid_until = (
                        decided.replace(year=decided.year + grade.validity_years)
                        if not (decided.month == 2 and decided.day == 29)
                        else decided + datetime.timedelta(days=365 * grade.validity_years)
                    )
                    cases.append(case)
        cases = AccreditationCase.objects.bulk_create(cases, batch_size=BATCH)
        print(f"cases: {len(cases)} in {time.perf_counter() - started:.0f} s")
        path = ["preparing", "recommended", "submitted", "assessment", "visit", "decided"]
        for case in cases:
            steps = (
                path
                if case.state == "decided"
                else path[: path.index(case.state) + 1]
                if case.state in path
                else ["preparing", "recommended", "returned"]
            )
            moment = datetime.datetime.combine(
                case.opened_on, datetime.time(10), tzinfo=datetime.UTC
            )
            previous = ""
            for state in steps:
                events.append(
                    CaseEvent(case_id=case.pk, from_state=previous, to_state=state, at=moment)
                )
                previous, moment = state, moment + datetime.timedelta(days=25)
            if len(events) >= BATCH * 5:
                CaseEvent.objects.bulk_create(events, batch_size=BATCH)
                events = []
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        print(f"events: {CaseEvent.objects.count()} in {time.perf_counter() - started:.0f} s")

        history = Institution.history.model
        rows = []
        per = HISTORY_ROWS // INSTITUTIONS
        fields = [f.attname for f in Institution._meta.fields if f.attname != "updated_at"]
        for institution in institutions:
            base = {name: getattr(institution, name) for name in fields}
            for version in range(per):
                rows.append(
                    history(
                        **base,
                        history_date=timezone.now() - datetime.timedelta(days=per - version),
                        history_type="+" if version == 0 else "~",
                        history_change_reason=None,
                    )
                )
            if len(rows) >= BATCH * 5:
                history.objects.bulk_create(rows, batch_size=BATCH)
                rows = []
        history.objects.bulk_create(rows, batch_size=BATCH)
        print(f"audit history: {history.objects.count()} in {time.perf_counter() - started:.0f} s")

        Concern.objects.bulk_create(
            (
                Concern(
                    reference=f"ADU-BENCH-{n:06d}",
                    category=rng.choice(["abuse", "neglect", "funds", "other"]),
                    institution=rng.choice(institutions),
                    description="Laporan bench",
                    place="Bench",
                    status=rng.choice(["new", "in_review", "followed_up", "closed", "closed"]),
                    received_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 700)),
                )
                for n in range(CONCERNS)
            ),
            batch_size=BATCH,
        )
        StatusChange.objects.bulk_create(
            (
                StatusChange(
                    institution=i,
                    old_status="active",
                    new_status=i.operating_status,
                    reason="bench",
                    changed_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 500)),
                )
                for i in institutions
                if i.operating_status != "active"
            ),
            batch_size=BATCH,
        )
        MonitoringVisit.objects.bulk_create(
            (
                MonitoringVisit(
                    institution=i,
                    visited_on=today - datetime.timedelta(days=rng.randint(1, 600)),
                    officers="Tim",
                    findings="Baik",
                )
                for i in institutions
                if i.kind == "lksa"
            ),
            batch_size=BATCH,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from reports.cache import bump

    bump()  # bulk inserts send no signals
    print(f"generated in {time.perf_counter() - started:.0f} s")


def main():
    setup_django()
    generate()


if __name__ == "__main__":
    main()

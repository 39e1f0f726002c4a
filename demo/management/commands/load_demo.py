"""Demo data matching the city's published figures: 87 registered institutions (a tanda daftar
valid today), 78 active, 18 accredited (A/B/C), 12 in accreditation, plus a few whose tanda daftar
has lapsed (daftar ulang due). Seeded, so every run builds the same city, and idempotent: a second
run updates the same records instead of adding more. Every change of state goes through its
service, as on the pages: status changes have their rows and reasons, and an LKSA is suspended
only after its third written warning."""

import datetime
import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accreditation.models import (
    AccreditationCase,
    AssistanceKind,
    AssistanceSession,
    CaseState,
    Grade,
    Mentorship,
    ReadinessScore,
    Standard,
)
from accreditation.services import case_open, case_transition, mentorship_add
from applications.models import (
    ApplicationRound,
    ApplicationStatus,
    RegistrationApplication,
)
from applications.services import application_email_confirm
from lks_registry import roles
from lks_registry.models import (
    BoardMember,
    CareSetting,
    Document,
    DocumentType,
    Institution,
    InstitutionKind,
    InstitutionMember,
    Kecamatan,
    LegalBasis,
    LegalForm,
    OperatingStatus,
    RegistrationCounter,
    Specialisation,
    TargetGroup,
)
from lks_registry.services import add_years, document_upload, institution_change_status
from reminders.services import reminders_send
from supervision.models import (
    Concern,
    ConcernCategory,
    FieldFinding,
    MonitoringVisit,
    PlannedVisit,
    WarningRound,
    WrittenWarning,
)
from supervision.services import written_warning_issue

DEMO_PASSWORD = "demo12345"
DEMO_USERS = [
    ("operator", "Rina", "Operator", roles.OPERATOR),
    ("verifikator", "Budi", "Verifikator", roles.VERIFIKATOR),
    ("pimpinan", "Hendra", "Pimpinan", roles.PIMPINAN),
    ("admin", "Admin", "Dinsos", roles.ADMIN),
    ("lembaga", "Akun", "Lembaga", roles.INSTITUTION),
]

TOTAL = 87
ACTIVE = 78
#: Not counted in TOTAL: institutions whose tanda daftar ran out, waiting for daftar ulang.
LAPSED_SPECIALISATIONS = ["lanjut-usia", "disabilitas", "lainnya", "napza", "tuna-sosial"]
ACCREDITED_GRADES = ["A"] * 6 + ["B"] * 7 + ["C"] * 5  # 18 valid today
IN_PROCESS = 12
PREPARING = 4
EXPIRED = 3  # accredited once, grade since run out: the re-accreditation worklist
STEPS = [
    CaseState.PREPARING,
    CaseState.RECOMMENDED,
    CaseState.SUBMITTED,
    CaseState.ASSESSMENT,
    CaseState.VISIT,
]
#: The case service's step that reaches each state.
STEP_TRANSITIONS = {
    CaseState.RECOMMENDED: "recommend",
    CaseState.SUBMITTED: "submit",
    CaseState.ASSESSMENT: "start_assessment",
    CaseState.VISIT: "schedule_visit",
}

NAMES = [
    "Al-Ikhlas",
    "Nurul Hikmah",
    "Kasih Bunda",
    "Bina Insani",
    "Harapan Kita",
    "Darul Aitam",
    "Mutiara Hati",
    "Baitul Yatim",
    "Kasih Sayang",
    "Cahaya Hati",
    "Pelita Harapan",
    "Tunas Bangsa",
    "Al-Hidayah",
    "Ar-Rahman",
    "Budi Mulia",
    "Sayap Ibu",
    "Kasih Abadi",
    "Bakti Luhur",
    "Bhakti Pertiwi",
    "Nurul Iman",
    "Al-Falah",
    "Miftahul Jannah",
    "Insan Mandiri",
    "Mekar Jaya",
    "Permata Bunda",
    "Rumah Kita",
    "Dharma Wanita",
    "Sinar Kasih",
    "Bintang Harapan",
    "Al-Muhajirin",
]
PREFIXES = {
    "anak": ["Panti Asuhan", "LKSA", "Yayasan Panti Asuhan"],
    "lanjut-usia": ["Panti Werdha", "Yayasan Lansia"],
    "disabilitas": ["Yayasan Disabilitas", "Rumah Harapan Disabilitas"],
    "napza": ["Yayasan Rehabilitasi", "Rumah Pemulihan"],
    "tuna-sosial": ["Rumah Singgah", "Yayasan Peduli"],
    "lainnya": ["Yayasan Sosial", "Perkumpulan Sosial"],
}
TARGETS = {
    "anak": [
        "anak-terlantar",
        "anak-balita-terlantar",
        "anak-jalanan",
        "anak-korban-tindak-kekerasan",
    ],
    "lanjut-usia": ["lanjut-usia-terlantar"],
    "disabilitas": ["penyandang-disabilitas", "anak-dengan-kedisabilitasan"],
    "napza": ["korban-penyalahgunaan-napza"],
    "tuna-sosial": ["gelandangan", "pengemis", "korban-trafficking", "tuna-susila"],
    "lainnya": ["fakir-miskin", "perempuan-rawan-sosial-ekonomi", "korban-bencana-alam"],
}
FIRST_NAMES = [
    "Ahmad",
    "Siti",
    "Dedi",
    "Nur",
    "Agus",
    "Dewi",
    "Rudi",
    "Sri",
    "Hadi",
    "Yanti",
    "Iwan",
    "Fitri",
    "Joko",
    "Lina",
    "Bambang",
    "Ratna",
    "Eko",
    "Wulan",
    "Heru",
    "Maya",
]
LAST_NAMES = [
    "Saputra",
    "Rahmawati",
    "Hidayat",
    "Kurniawan",
    "Lestari",
    "Wijaya",
    "Susanti",
    "Pratama",
    "Nugroho",
    "Handayani",
    "Setiawan",
    "Permana",
    "Fauzi",
    "Maulana",
    "Sari",
]
STREETS = ["Jl. Raya", "Jl.", "Gg.", "Jl. H."]
STREET_NAMES = [
    "Merdeka",
    "Sudirman",
    "Imam Bonjol",
    "KH Hasyim Ashari",
    "Pembangunan",
    "Gatot Subroto",
    "Kisamaun",
    "Daan Mogot",
    "Perintis Kemerdekaan",
    "Ciledug Raya",
    "Otista",
    "Mawar",
    "Melati",
]
# A minimal valid PDF, enough for the demo documents to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class Command(BaseCommand):
    help = "Load the demo city (87 institutions) and one demo user per role. Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the register has data."
        )

    def handle(self, *args, if_empty, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo only runs with DEBUG on: demo accounts never go live.")
        if if_empty and Institution.objects.exists():
            # Nothing is touched, the demo accounts' passwords included: someone may have changed
            # them (or the data) since, and `make run` calls this on every start.
            self.stdout.write("The register already has data; demo data not loaded.")
            return
        with transaction.atomic():
            self.load_users()
            self.load_institutions(random.Random(2024), timezone.localdate())
            self.link_institution_account()
            self.load_reminder_windows(timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Demo city loaded: {TOTAL} institutions."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")

    def load_users(self):
        for username, first, last, role in DEMO_USERS:
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.org"
            user.is_staff = user.is_superuser = username == "admin"
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])

    def link_institution_account(self):
        # The institution account belongs to the first LKSA in Cipondoh (by registration number).
        own = (
            Institution.objects.filter(kind=InstitutionKind.LKSA, kecamatan__name="Cipondoh")
            .order_by("registration_number")
            .first()
        )
        if own:
            InstitutionMember.objects.update_or_create(
                user=User.objects.get(username="lembaga"), defaults={"institution": own}
            )

    def load_reminder_windows(self, today: datetime.date):
        """Documents ending 90, 30 and 7 days ahead and today (the demo account's institution
        first), then the day's reminders sent, so the bell, the outbox and the reminders page
        have something on the first `make run` (the worker's daily run is at 07:00)."""
        own = InstitutionMember.objects.filter(user__username="lembaga").first()
        registered = list(Institution.objects.registered(today).order_by("registration_number"))
        if own:
            registered.insert(0, own.institution)
        domicile = DocumentType.objects.filter(code="domisili").first()
        officer = User.objects.filter(groups__name=roles.OPERATOR).order_by("pk").first()
        if domicile is None or not registered:
            return
        for institution, days in zip(registered, (30, 90, 7, 0), strict=False):
            document_upload(
                institution=institution,
                document_type=domicile,
                uploaded_file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="domisili.pdf"),
                content_type="application/pdf",
                user=officer,
                valid_until=today + timedelta(days=days),
            )
        reminders_send(today)

    def load_institutions(self, rng: random.Random, today: datetime.date):
        kecamatan_list = list(Kecamatan.objects.prefetch_related("kelurahan_set"))
        specialisations = {s.code: s for s in Specialisation.objects.all()}
        target_groups = {t.code: t for t in TargetGroup.objects.all()}
        legal_forms = {f.code: f for f in LegalForm.objects.select_related("legal_type")}
        document_types = {d.code: d for d in DocumentType.objects.all()}
        registration_basis = LegalBasis.objects.get(code="permensos-184-2011")
        accreditation_basis = LegalBasis.objects.get(code="permensos-17-2012")
        grades = {g.code: g for g in Grade.objects.all()}

        specialisation_plan = (
            ["anak"] * 46
            + ["lanjut-usia"] * 12
            + ["disabilitas"] * 11
            + ["napza"] * 6
            + ["tuna-sosial"] * 6
            + ["lainnya"] * 6
        )
        rng.shuffle(specialisation_plan)
        statuses = (
            [OperatingStatus.ACTIVE] * ACTIVE
            + [OperatingStatus.INACTIVE] * 6
            + [OperatingStatus.SUSPENDED] * (TOTAL - ACTIVE - 6)
        )
        last_per_year: dict[int, int] = {}
        used_names: set[str] = set()
        planned_status = {}
        officer = User.objects.get(username="operator")

        for index in range(TOTAL + len(LAPSED_SPECIALISATIONS)):
            lapsed = index >= TOTAL
            # Every kecamatan gets institutions; Cipondoh always has LKSA (the newcomer's walk-through).
            kecamatan = kecamatan_list[index % len(kecamatan_list)]
            kelurahan = rng.choice(list(kecamatan.kelurahan_set.all()))
            if lapsed:
                code = LAPSED_SPECIALISATIONS[index - TOTAL]
            elif kecamatan.name == "Cipondoh" and index < 30:
                code = "anak"
            else:
                code = specialisation_plan[index]
            name = self.unique_name(rng, code, kelurahan.name, used_names)
            legal_form = legal_forms[
                rng.choice(
                    ["yayasan"] * 6
                    + ["perkumpulan-berbadan-hukum", "perkumpulan", "organisasi-sosial"]
                )
            ]
            is_entity = legal_form.legal_type.is_legal_entity
            founded = datetime.date(rng.randint(1985, 2018), rng.randint(1, 12), rng.randint(1, 28))
            # Relative to today, so the demo city has the same figures whenever it is loaded: a
            # tanda daftar valid for 5 years, or (lapsed) one that ran out weeks to a year ago.
            if lapsed:
                registered_on = add_years(today, -5) - timedelta(days=rng.randint(20, 400))
            else:
                registered_on = today - timedelta(days=rng.randint(60, 5 * 365 - 60))
            year = registered_on.year
            registration_number = f"{index + 1:03d}/LKS/DINSOS/{year}"
            last_per_year[year] = max(last_per_year.get(year, 0), index + 1)
            is_lksa = code == "anak"
            capacity = rng.choice([20, 25, 30, 40, 50, 60, 80, 100])
            beneficiaries = rng.randint(capacity // 2, capacity)
            defaults = {
                "name": name,
                "kind": InstitutionKind.LKSA if is_lksa else InstitutionKind.LKS,
                "specialisation": specialisations[code],
                "legal_form": legal_form,
                "deed_number": f"{rng.randint(1, 120):02d}" if is_entity else "",
                "deed_date": founded if is_entity else None,
                "deed_notary": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, S.H., M.Kn."
                if is_entity
                else "",
                "ratification_number": f"AHU-{rng.randint(1000, 9999)}.AH.01.04.Tahun {founded.year + 1}"
                if is_entity
                else "",
                "ratification_date": add_years(founded, 1) if is_entity else None,
                "npwp": f"{rng.randint(10**14, 10**15 - 1)}" if is_entity else "",
                "founding_note_number": ""
                if is_entity
                else f"{rng.randint(1, 300)}/KEL/{founded.year}",
                "founding_note_date": None if is_entity else founded,
                "founding_note_legalised_by": "" if is_entity else f"Lurah {kelurahan.name}",
                "address": f"{rng.choice(STREETS)} {rng.choice(STREET_NAMES)} No. {rng.randint(1, 150)}",
                "rt": f"{rng.randint(1, 12):03d}",
                "rw": f"{rng.randint(1, 9):03d}",
                "kecamatan": kecamatan,
                "kelurahan": kelurahan,
                "phone": f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
                "email": f"lks{index + 1:03d}@example.org",
                "head_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "capacity": capacity,
                "beneficiaries_count": beneficiaries,
                "staff_count": rng.randint(3, 25),
                "social_worker_count": rng.randint(0, 4),
                "founded_on": founded,
                "registration_number": registration_number,
                "registered_on": registered_on,
                "registration_valid_until": add_years(registered_on, 5),
                "legal_basis": registration_basis,
                "care_setting": rng.choice(CareSetting.values) if is_lksa else "",
                "permit_number": f"{rng.randint(1, 99):02d}/IO-LKSA/DINSOS/{registered_on.year}"
                if is_lksa
                else "",
                "permit_date": registered_on if is_lksa else None,
                "permit_valid_until": add_years(registered_on, 5) if is_lksa else None,
            }
            if is_lksa:
                split = [rng.randint(0, beneficiaries // 3) for _ in range(3)]
                defaults.update(
                    children_yatim=split[0],
                    children_piatu=split[1],
                    children_yatim_piatu=split[2],
                    children_with_parents=max(beneficiaries - sum(split), 0),
                    carer_count=max(beneficiaries // 6, 2),
                )
            # The operating status is not among the defaults: it changes only through the
            # service below, with its status-change row and reason.
            institution, _created = Institution.objects.update_or_create(
                email=defaults.pop("email"), defaults=defaults
            )
            planned_status[institution.pk] = OperatingStatus.ACTIVE if lapsed else statuses[index]
            institution.target_groups.set(
                [target_groups[c] for c in rng.sample(TARGETS[code], k=min(2, len(TARGETS[code])))]
            )
            institution.board.all().delete()
            bulk_create_with_history(
                [
                    BoardMember(
                        institution=institution,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        position=position,
                        address=f"{rng.choice(STREETS)} {rng.choice(STREET_NAMES)} No. "
                        f"{rng.randint(1, 150)}, {kelurahan.name}",
                        phone=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
                        sort_order=order,
                    )
                    for order, position in enumerate(["Ketua", "Sekretaris", "Bendahara"])
                ],
                BoardMember,
            )
            if index % 3 and not institution.documents.exists():
                for document_code in ("domisili", "ad-art"):
                    Document.objects.create(
                        institution=institution,
                        document_type=document_types[document_code],
                        file=ContentFile(DEMO_PDF, name=f"{document_code}.pdf"),
                        original_name=f"{document_code}.pdf",
                        content_type="application/pdf",
                        size=len(DEMO_PDF),
                        uploaded_by=officer,
                        # Uploaded at registration, not all today (the day's upload allowance).
                        uploaded_at=self.at(registered_on),
                    )
        for year, last in last_per_year.items():
            RegistrationCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        self.reset_supervision()
        self.apply_statuses(planned_status, today, officer)
        self.load_accreditation(rng, today, grades, accreditation_basis)
        self.load_supervision(rng, today)

    def reset_supervision(self):
        MonitoringVisit.objects.all().delete()
        WrittenWarning.objects.all().delete()
        WarningRound.objects.all().delete()
        PlannedVisit.objects.all().delete()
        Concern.objects.all().delete()
        FieldFinding.objects.all().delete()
        RegistrationApplication.objects.filter(number__startswith="PD-DEMO").delete()

    def apply_statuses(self, planned_status, today, officer):
        """Inactive and suspended institutions reach their status through the status service; a
        suspended LKSA first gets its three written warnings, as the rule demands."""
        for institution in Institution.objects.filter(pk__in=planned_status).order_by("pk"):
            status = planned_status[institution.pk]
            if institution.operating_status == status:
                continue
            if status == OperatingStatus.SUSPENDED and institution.is_lksa:
                for level in (1, 2, 3):
                    issued_on = today - timedelta(days=120 - 30 * level)
                    written_warning_issue(
                        institution=institution,
                        level=level,
                        letter_number=f"400.9/{institution.pk:03d}-{level}/DINSOS/{issued_on.year}",
                        issued_on=issued_on,
                        correction_deadline=issued_on + timedelta(days=14),
                        reason="Pengasuhan tidak sesuai standar; belum diperbaiki.",
                        children_in_danger=False,
                        user=officer,
                    )
            reason = {
                OperatingStatus.ACTIVE: "Data demo: beroperasi kembali.",
                OperatingStatus.INACTIVE: "Data demo: tidak beroperasi saat pemantauan.",
                OperatingStatus.SUSPENDED: "Data demo: dibekukan setelah peringatan ketiga.",
            }[status]
            institution_change_status(
                institution=institution, new_status=status, reason=reason, user=officer
            )

    def load_accreditation(self, rng, today, grades, legal_basis):
        institutions = list(Institution.objects.active().order_by("registration_number"))
        AssistanceSession.objects.filter(institution__in=institutions).delete()
        AccreditationCase.objects.filter(institution__in=institutions).delete()
        Mentorship.objects.filter(mentee__in=institutions).delete()
        rng.shuffle(institutions)
        accredited = institutions[: len(ACCREDITED_GRADES)]
        rest = institutions[len(accredited) :]
        in_process, rest = rest[:IN_PROCESS], rest[IN_PROCESS:]
        preparing, rest = rest[:PREPARING], rest[PREPARING:]
        lapsed = rest[:EXPIRED]
        officer = User.objects.filter(username="operator").first()

        for institution, grade_code in zip(accredited, ACCREDITED_GRADES, strict=True):
            grade = grades[grade_code]
            decided_on = today - timedelta(days=rng.randint(30, grade.validity_years * 365 - 30))
            self.decided_case(rng, institution, grade, decided_on, legal_basis)
        for institution in lapsed:
            grade = grades["C"]
            decided_on = today - timedelta(days=grade.validity_years * 365 + rng.randint(30, 300))
            self.decided_case(rng, institution, grade, decided_on, legal_basis)
        for position, institution in enumerate(in_process):
            target = STEPS[1 + position % (len(STEPS) - 1)]
            steps = STEPS[: STEPS.index(target) + 1]
            start = today - timedelta(days=rng.randint(60, 240))
            self.build_case(rng, institution, steps, start)
        for institution in preparing:
            case = self.build_case(
                rng, institution, [CaseState.PREPARING], today - timedelta(days=rng.randint(5, 90))
            )
            for standard in Standard.objects.all():
                ReadinessScore.objects.create(
                    case=case, standard=standard, score=rng.randint(40, 95)
                )
            if officer:
                AssistanceSession.objects.create(
                    institution=institution,
                    case=case,
                    held_on=case.opened_on + timedelta(days=3),
                    kind=AssistanceKind.DOCUMENTS,
                    officer=officer,
                    notes="Pendampingan kelengkapan dokumen akreditasi.",
                    follow_up_on=case.opened_on + timedelta(days=30),
                )
        for mentor, mentee in zip(accredited[:3], preparing[:3], strict=False):
            mentorship_add(mentor=mentor, mentee=mentee, note="Pendampingan sebaya.")

    def decided_case(self, rng, institution, grade, decided_on, legal_basis):
        # Steps come at most 30 days apart, so starting 200 days back keeps every date in order.
        case = self.build_case(rng, institution, STEPS, decided_on - timedelta(days=200))
        return case_transition(
            case_id=case.pk,
            name="decide",
            user=case.events.last().actor,
            expected_state=case.state,
            data={
                "visit_held_on": case.visit_scheduled_on,
                "grade": grade,
                "certificate_number": f"{rng.randint(100, 999)}/BALKS/{decided_on.year}",
                "decided_on": decided_on,
                "legal_basis": legal_basis,
            },
            at=self.at(decided_on),
        )

    def build_case(self, rng, institution, steps, start):
        """A case taken through the given states by the case service, as the pages do, one step
        every few weeks from start (never after today), each dated the day it happened."""
        # The verifikator may take every step, the recommendation and the decision included.
        officer = User.objects.get(username="verifikator")
        today = timezone.localdate()
        case = case_open(institution=institution, user=officer, at=self.at(start))
        day = start
        for state in steps[1:]:
            day = min(day + timedelta(days=rng.randint(10, 30)), today)
            data = {
                CaseState.RECOMMENDED: {
                    "recommendation_number": f"{rng.randint(100, 999)}/REK-LKS/DINSOS/{day.year}",
                    "recommendation_date": day,
                },
                CaseState.SUBMITTED: {"submitted_on": day},
                CaseState.VISIT: {
                    "visit_scheduled_on": day + timedelta(days=21),
                    "assessors": "Tim asesor BALKS",
                },
            }.get(state, {})
            case = case_transition(
                case_id=case.pk,
                name=STEP_TRANSITIONS[state],
                user=officer,
                expected_state=case.state,
                data=data,
                at=self.at(day),
            )
        return case

    def load_supervision(self, rng, today):
        """Monitoring visits for most LKSA (some not visited this year), a warning, concerns, a
        field finding and two applications waiting for review, one of them overdue."""
        officer = User.objects.get(username="operator")
        lksa = list(
            Institution.objects.registered().filter(kind=InstitutionKind.LKSA).order_by("pk")
        )
        for position, institution in enumerate(lksa):
            months_ago = 3 if position % 5 else 15
            MonitoringVisit.objects.create(
                institution=institution,
                visited_on=today - timedelta(days=30 * months_ago + rng.randint(0, 20)),
                officers="Tim Pengawasan Dinsos dan TKSK",
                findings="Pengasuhan sesuai standar; catatan kebersihan dapur.",
                follow_up="Pemantauan ulang tahun depan.",
                recorded_by=officer,
            )
        written_warning_issue(
            institution=next(i for i in lksa[1:] if not i.warnings.exists()),
            level=1,
            letter_number=f"400.9/017/DINSOS/{(today - timedelta(days=40)).year}",
            issued_on=today - timedelta(days=40),
            correction_deadline=today - timedelta(days=10),
            reason="Rasio pengasuh dan anak tidak memadai.",
            children_in_danger=False,
            user=officer,
        )
        for number, (category, institution) in enumerate(
            [(ConcernCategory.NEGLECT, lksa[2]), (ConcernCategory.UNREGISTERED, None)], start=1
        ):
            Concern.objects.create(
                reference=f"ADU-DEMO-{number:04d}",
                # As concern_submit gives one: the reporter's status page (and the gallery's).
                token=secrets.token_urlsafe(32),
                category=category,
                institution=institution,
                institution_name="" if institution else "Rumah singgah di Jl. Kebon Nanas",
                description="Laporan warga melalui RT setempat.",
                place="Kota Tangerang",
            )
        FieldFinding.objects.create(
            name="Rumah Singgah Kebon Nanas",
            address="Jl. Kebon Nanas",
            kecamatan=Kecamatan.objects.get(name="Cipondoh"),
            owner="Bapak Sutrisno",
            activity="Menampung anak jalanan tanpa tanda daftar",
            found_by="TKSK Kecamatan Cipondoh",
            found_on=today - timedelta(days=20),
        )
        yayasan = LegalForm.objects.get(code="yayasan")
        for number, days_waiting in ((1, 25), (2, 3)):
            kelurahan = Kecamatan.objects.get(name="Karawaci").kelurahan_set.first()
            answers = {
                "name": f"Yayasan Pendaftar Demo {number}",
                "kind": "lks",
                "specialisation": Specialisation.objects.get(code="lanjut-usia").pk,
                "target_groups": [TargetGroup.objects.get(code="lanjut-usia-terlantar").pk],
                "legal_form": yayasan.pk,
                "deed_number": "12",
                "deed_date": "2020-02-02",
                "deed_notary": "Notaris Demo, S.H.",
                "ratification_number": "AHU-0001.AH.01.04.Tahun 2020",
                "ratification_date": "2020-03-02",
                "npwp": f"99{number:013d}",
                "address": "Jl. Demo No. 1",
                "kecamatan": kelurahan.kecamatan_id,
                "kelurahan": kelurahan.pk,
                "email": f"pendaftar{number}@example.org",
                "head_name": "Ketua Demo",
                "board": [{"name": "Ketua Demo", "position": "Ketua", "phone": ""}],
            }
            application = RegistrationApplication.objects.create(
                number=f"PD-DEMO-{number:04d}",
                token=f"demo-{number}-" + "0" * 40,
                status=ApplicationStatus.SUBMITTED,
                name=answers["name"],
                npwp=answers["npwp"],
                kelurahan=kelurahan,
                email=answers["email"],
                data=answers,
                submitted_at=timezone.now() - timedelta(days=days_waiting),
            )
            ApplicationRound.objects.create(
                application=application, data=answers, submitted_at=application.submitted_at
            )
            # The overdue one's applicant confirmed the address; the new one has not yet (the
            # review queue shows its marker).
            if number == 1:
                application_email_confirm(
                    application=application,
                    tracking_url=reverse(
                        "applications:application_track", args=[application.token]
                    ),
                )

    @staticmethod
    def at(day):
        """10 o'clock on the day, or now for a step of today recorded earlier in the morning."""
        return min(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), timezone.now()
        )

    @staticmethod
    def unique_name(rng, code, kelurahan_name, used):
        for _attempt in range(50):
            name = f"{rng.choice(PREFIXES[code])} {rng.choice(NAMES)}"
            if name not in used:
                used.add(name)
                return name
        name = f"{rng.choice(PREFIXES[code])} {rng.choice(NAMES)} {kelurahan_name}"
        used.add(name)
        return name

"""Factories for every model, with boring defaults. Reference rows reuse what the data
migrations loaded (get-or-create by code), so tests see the same reference data as the app."""

import datetime

import factory
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile

from accreditation.models import AccreditationCase, CaseState, Grade
from applications import models as application_models
from lks_registry import models
from supervision import models as supervision_models

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Province
        django_get_or_create = ("code",)

    code = "36"
    name = "Banten"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.City
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = "36.71"
    name = "Kota Tangerang"


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Kecamatan
        django_get_or_create = ("code",)

    city = factory.SubFactory(CityFactory)
    code = "36.71.05"
    name = "Cipondoh"


class KelurahanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Kelurahan
        django_get_or_create = ("code",)

    kecamatan = factory.SubFactory(KecamatanFactory)
    code = "36.71.05.1001"
    name = "Cipondoh"


class SpecialisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Specialisation
        django_get_or_create = ("code",)

    code = "anak"
    name = "Anak (LKSA)"


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TargetGroup
        django_get_or_create = ("code",)

    code = "anak-terlantar"
    name = "Anak terlantar"


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DocumentType
        django_get_or_create = ("code",)

    code = "domisili"
    name = "Surat keterangan domisili dari lurah"


class LegalTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalType
        django_get_or_create = ("code",)

    code = "berbadan-hukum"
    name = "Berbadan hukum"
    is_legal_entity = True


class LegalFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalForm
        django_get_or_create = ("code",)

    legal_type = factory.SubFactory(LegalTypeFactory)
    code = "yayasan"
    name = "Yayasan"


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalBasis
        django_get_or_create = ("code",)

    code = "permensos-5-2024"
    name = "Permensos No. 5 Tahun 2024 tentang Lembaga Kesejahteraan Sosial"


class RegistrySettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegistrySettings

    registration_validity_years = 5


class InstitutionFactory(factory.django.DjangoModelFactory):
    """A registered, active LKS yayasan in Cipondoh, on the reference data the migrations load."""

    class Meta:
        model = models.Institution
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Yayasan Contoh {n}")
    kind = models.InstitutionKind.LKS
    specialisation = factory.LazyFunction(lambda: models.Specialisation.objects.get(code="lainnya"))
    legal_form = factory.LazyFunction(lambda: models.LegalForm.objects.get(code="yayasan"))
    deed_number = "12"
    deed_date = datetime.date(2015, 8, 17)
    deed_notary = "Notaris Contoh, S.H."
    ratification_number = "AHU-0001.AH.01.04.Tahun 2015"
    ratification_date = datetime.date(2015, 9, 1)
    npwp = factory.Sequence(lambda n: f"{10**14 + n}")
    address = "Jl. Contoh No. 1"
    kecamatan = factory.LazyFunction(lambda: models.Kecamatan.objects.get(name="Cipondoh"))
    kelurahan = factory.LazyAttribute(
        lambda o: models.Kelurahan.objects.filter(kecamatan=o.kecamatan).order_by("code").first()
    )
    head_name = "Kepala Contoh"
    registration_number = factory.Sequence(lambda n: f"{n + 1:03d}/LKS/DINSOS/2024")
    registered_on = datetime.date(2024, 1, 15)
    registration_valid_until = datetime.date(2029, 1, 15)
    operating_status = models.OperatingStatus.ACTIVE

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create:
            self.target_groups.set(
                extracted or [models.TargetGroup.objects.get(code="fakir-miskin")]
            )


class LksaFactory(InstitutionFactory):
    kind = models.InstitutionKind.LKSA
    specialisation = factory.LazyFunction(lambda: models.Specialisation.objects.get(code="anak"))
    care_setting = models.CareSetting.RESIDENTIAL
    permit_number = factory.Sequence(lambda n: f"{n + 1:03d}/IO-LKSA/DINSOS/2024")
    permit_date = datetime.date(2024, 2, 1)
    permit_valid_until = datetime.date(2029, 2, 1)
    children_yatim = 3
    children_with_parents = 5


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BoardMember

    institution = factory.SubFactory(InstitutionFactory)
    name = "Siti Rahmawati"
    position = "Ketua"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    institution = factory.SubFactory(InstitutionFactory)
    document_type = factory.SubFactory(DocumentTypeFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="dokumen.pdf"))
    original_name = "dokumen.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StatusChange

    institution = factory.SubFactory(InstitutionFactory)
    old_status = models.OperatingStatus.ACTIVE
    new_status = models.OperatingStatus.INACTIVE
    reason = "Tidak beroperasi"


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ("code",)

    code = "A"
    name = "Baik Sekali"
    validity_years = 5


class AccreditationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationCase

    institution = factory.SubFactory(InstitutionFactory)
    state = CaseState.PREPARING
    opened_on = datetime.date(2025, 1, 10)


class RegistrationApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application; `data` holds the answers as the public form stores them."""

    class Meta:
        model = application_models.RegistrationApplication

    number = factory.Sequence(lambda n: f"PD-20260101-{n:06d}")
    token = factory.Sequence(lambda n: f"token-{n}-" + "x" * 30)
    name = "Panti Asuhan Pendaftar"
    kelurahan = factory.LazyFunction(lambda: models.Kelurahan.objects.get(code="36.71.05.1001"))
    email = "pendaftar@example.org"
    # Confirmed, as most applications a reviewer sees (tests of confirmation clear it).
    confirmed_email = factory.LazyAttribute(lambda o: o.email)
    data = factory.LazyAttribute(
        lambda o: {
            "name": o.name,
            "legal_form": models.LegalForm.objects.get(code="yayasan").pk,
            "kelurahan": o.kelurahan.pk,
            "email": o.email,
            "board": [],
        }
    )


class ApplicationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.ApplicationRound

    application = factory.SubFactory(RegistrationApplicationFactory)
    data = factory.LazyAttribute(lambda o: o.application.data)


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.ApplicationDocument

    application = factory.SubFactory(RegistrationApplicationFactory)
    document_type = factory.SubFactory(DocumentTypeFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="akta.pdf"))
    original_name = "akta.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class RegistrationCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegistrationCounter
        django_get_or_create = ("year",)

    year = 2026


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = supervision_models.Concern

    reference = factory.Sequence(lambda n: f"ADU-20260101-{n:06d}")
    token = factory.Sequence(lambda n: f"concern-token-{n:06d}")
    category = supervision_models.ConcernCategory.NEGLECT
    description = "Anak-anak terlihat tidak terurus."
    place = "Jl. Contoh"
    attachment = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="bukti.pdf"))
    attachment_type = "application/pdf"


class MonitoringVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = supervision_models.MonitoringVisit

    institution = factory.SubFactory(InstitutionFactory)
    officers = "Petugas Dinsos"
    findings = "Sesuai standar."


def _open_round(warning):
    """The institution's open round of warnings, opened if there is none."""
    return supervision_models.WarningRound.objects.filter(
        institution=warning.institution, closed_on__isnull=True
    ).first() or supervision_models.WarningRound.objects.create(
        institution=warning.institution, opened_on=warning.issued_on
    )


class WrittenWarningFactory(factory.django.DjangoModelFactory):
    """A warning in the institution's open round (the ladder is not checked: use the service
    for that)."""

    class Meta:
        model = supervision_models.WrittenWarning

    institution = factory.SubFactory(InstitutionFactory)
    level = 1
    letter_number = factory.Sequence(lambda n: f"400.9/{n + 1:03d}/DINSOS/2026")
    issued_on = factory.LazyFunction(datetime.date.today)
    correction_deadline = factory.LazyAttribute(lambda o: o.issued_on + datetime.timedelta(days=30))
    round = factory.LazyAttribute(_open_round)
    reason = "Kamar anak tidak layak."


class FieldFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = supervision_models.FieldFinding

    name = "Rumah Singgah Tanpa Izin"
    address = "Jl. Kebon"
    kecamatan = factory.LazyFunction(lambda: models.Kecamatan.objects.get(name="Cipondoh"))
    activity = "Menampung anak jalanan"
    found_by = "TKSK"

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lks_registry.validators import (
    format_npwp,
    stored_upload_name,
    validate_logo,
    validate_nip,
    validate_npwp,
    validate_number_pattern,
    validate_phone,
    validate_rt_rw,
)

# --- Areas: province -> kota/kabupaten -> kecamatan -> kelurahan, so another city can load its own.


class Province(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class City(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities")
    code = models.CharField(_("Kemendagri code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("city or regency")
        verbose_name_plural = _("cities and regencies")

    def __str__(self):
        return self.name


class Kecamatan(models.Model):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="kecamatan_set")
    code = models.CharField(_("Kemendagri code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    other_spellings = models.CharField(
        _("other spellings"), max_length=200, blank=True, help_text=_("Comma-separated.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="kelurahan_set")
    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=100)
    other_spellings = models.CharField(
        _("other spellings"), max_length=200, blank=True, help_text=_("Comma-separated.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")

    def __str__(self):
        return self.name


# --- Reference data an admin can change.


class ReferenceData(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Unused values stay on old records but are not offered."),
    )

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class InstitutionKind(models.TextChoices):
    LKS = "lks", "LKS"
    LKSA = "lksa", _("LKSA (children)")


class Specialisation(ReferenceData):
    institution_kind = models.CharField(
        _("kind of institution"),
        max_length=4,
        choices=InstitutionKind.choices,
        blank=True,
        help_text=_(
            "An institution with this specialisation must be of this kind (Anak: LKSA); empty: "
            "either kind."
        ),
    )

    class Meta(ReferenceData.Meta):
        verbose_name = _("LKS specialisation")
        verbose_name_plural = _("LKS specialisations")


class TargetGroup(ReferenceData):
    """The 26 groups of people in need of social welfare services (PPKS) an institution serves."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("service type (target group)")
        verbose_name_plural = _("service types (target groups)")


class DocumentType(ReferenceData):
    allows_several = models.BooleanField(
        _("several files allowed"),
        default=False,
        help_text=_("E.g. photos. Otherwise a new upload replaces the previous file (kept)."),
    )

    class Meta(ReferenceData.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


class LegalType(ReferenceData):
    is_legal_entity = models.BooleanField(_("legal entity (berbadan hukum)"))
    required_document_types = models.ManyToManyField(
        DocumentType, blank=True, related_name="+", verbose_name=_("required documents")
    )

    class Meta(ReferenceData.Meta):
        verbose_name = _("legal type")
        verbose_name_plural = _("legal types")


class LegalForm(ReferenceData):
    legal_type = models.ForeignKey(LegalType, on_delete=models.PROTECT, related_name="forms")

    class Meta(ReferenceData.Meta):
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")


class LegalScope(models.TextChoices):
    """What a regulation governs: a registration cites a registration basis, a BALKS decision an
    accreditation basis."""

    REGISTRATION = "registration", _("Registration of LKS")
    ACCREDITATION = "accreditation", _("Accreditation of LKS")
    CHILDCARE = "childcare", _("Childcare standards (LKSA)")
    OTHER = "other", _("Other")


WRONG_LEGAL_SCOPE = _("Choose a legal basis on %(scope)s; this one governs %(governs)s.")


class LegalBasisQuerySet(models.QuerySet):
    def governing(self, scope: str):
        """The bases a form offers for this scope: in use, those in force first."""
        return self.filter(governs=scope, is_active=True).order_by(
            "-is_current", "sort_order", "name"
        )


class LegalBasis(ReferenceData):
    """A regulation cited for a registration or decision; replacing one is a data change: mark the
    new one "in force" (what the forms offer by default) and the old one not."""

    governs = models.CharField(
        _("governs"), max_length=14, choices=LegalScope.choices, default=LegalScope.OTHER
    )
    is_current = models.BooleanField(
        _("in force"), default=True, help_text=_("The forms offer a basis in force by default.")
    )

    objects = LegalBasisQuerySet.as_manager()

    class Meta(ReferenceData.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    @classmethod
    def current_for(cls, scope: str):
        """The basis in force for this scope (the forms' default), or None."""
        return cls.objects.governing(scope).filter(is_current=True).first()


def legal_scope_error(basis, scope: str):
    """The message when a record of this scope cites a basis that governs something else."""
    if basis is None or basis.governs == scope:
        return None
    return WRONG_LEGAL_SCOPE % {
        "scope": LegalScope(scope).label,
        "governs": basis.get_governs_display(),
    }


class DayOffKind(models.TextChoices):
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama (collective leave)")
    LOCAL = "local", _("Local day off")


class DayOff(models.Model):
    """A day the office is closed besides weekends and the national holidays (which come from the
    `holidays` library): cuti bersama, fixed each year by joint decree and sometimes moved, and
    local days off. Admins keep this list."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=12, choices=DayOffKind.choices, default=DayOffKind.CUTI_BERSAMA
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("day off (cuti bersama, local)")
        verbose_name_plural = _("days off (cuti bersama, local)")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class SettingsRow(models.Model):
    """A table of settings that holds one row, edited in the admin; defaults until it exists."""

    class Meta:
        abstract = True

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls()


class RegistrySettings(SettingsRow):
    """Values the regulations leave open, kept as one editable row."""

    registration_validity_years = models.PositiveSmallIntegerField(
        _("validity of a tanda daftar (years)"), default=5
    )
    registration_number_pattern = models.CharField(
        _("registration number pattern"),
        max_length=60,
        default="{number:03d}/LKS/DINSOS/{year}",
        validators=[validate_number_pattern],
        help_text=_(
            "{number} is the sequence within the year (required; {number:03d} pads it to three "
            "digits), {year} the year."
        ),
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("service standard for a complete application (working days)"), default=14
    )
    permit_validity_years = models.PositiveSmallIntegerField(
        _("validity of an LKSA operating permit (years)"),
        default=5,
        help_text=_("A permit recorded without its end date ends this many years after its date."),
    )
    renewal_opens_days_before = models.PositiveSmallIntegerField(
        _("daftar ulang opens this many days before the tanda daftar ends"),
        default=90,
        help_text=_("Keep it equal to the largest reminder threshold of the tanda daftar."),
    )

    class Meta:
        verbose_name = _("registry settings")
        verbose_name_plural = _("registry settings")

    def __str__(self):
        return str(_("Registry settings"))


class RegistrationCounter(models.Model):
    """The last registration number given out per year, for staff-created institutions and
    approved online applications alike; locked while the next is taken, so numbers are unique
    and without gaps even when two approvals happen at once."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("registration number counter")
        verbose_name_plural = _("registration number counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def office_logo_path(row, filename):
    return f"office/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class OfficeSettings(SettingsRow):
    """Who keeps this register: the office's name, its city, the head of office who signs the
    tanda daftar, and its logo. Pages, e-mails and the PDF read them from here, so another city
    runs the same code by changing this row."""

    government_name = models.CharField(
        _("government (first line of the letterhead)"),
        max_length=150,
        default="Pemerintah Kota Tangerang",
    )
    office_name = models.CharField(
        _("name of the office"), max_length=150, default="Dinas Sosial Kota Tangerang"
    )
    city = models.CharField(_("city or regency served"), max_length=100, default="Kota Tangerang")
    signing_place = models.CharField(
        _("place of signing"),
        max_length=100,
        default="Tangerang",
        help_text=_("As written before the date on letters, e.g. Tangerang, 24 November 2021."),
    )
    address = models.CharField(_("office address"), max_length=300, blank=True)
    head_title = models.CharField(
        _("title of the head of office"),
        max_length=150,
        default="Kepala Dinas Sosial Kota Tangerang",
    )
    head_name = models.CharField(_("name of the head of office"), max_length=150, blank=True)
    head_nip = models.CharField(
        _("NIP of the head of office"),
        max_length=18,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 digits."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=office_logo_path,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 2 MB; shown on the pages and the tanda daftar."),
    )

    CACHE_KEY = "office-settings"

    class Meta:
        verbose_name = _("office settings")
        verbose_name_plural = _("office settings")

    def __str__(self):
        return self.office_name

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls):
        """Read on every page and e-mail: kept in the cache, dropped whenever the row is saved."""
        from django.core.cache import cache

        row = cache.get(cls.CACHE_KEY)
        if row is None:
            row = super().current()
            cache.set(cls.CACHE_KEY, row, 3600)
        return row


# --- The register.


class OperatingStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    CLOSED = "closed", _("Closed")


class StatusGround(models.TextChoices):
    """Why an institution closes: a sanction by Dinsos is guarded like a revocation (the warning
    rule), a closure the institution asked for is not; only the latter can be reopened."""

    SANCTION = "sanction", _("Closed by Dinsos as a sanction")
    OWN_REQUEST = "own_request", _("Closed at the institution's own request")


#: A revoked or closed institution no longer counts as registered (DOMAIN.md count definitions).
DEREGISTERED_STATUSES = (OperatingStatus.REVOKED, OperatingStatus.CLOSED)


class CareSetting(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential (in the institution)")
    COMMUNITY = "community", _("Community-based (with families)")


KIND_DISAGREES = _(
    "An institution with the specialisation “%(specialisation)s” is an %(kind)s: choose that "
    "kind, or another specialisation."
)
DUPLICATE_REGISTRATION_NUMBER = _("Another institution already has this registration number.")
DUPLICATE_NPWP = _("Another institution is already registered with this NPWP.")


class RegistrationState(models.TextChoices):
    """Where an institution stands with its tanda daftar on a day (DOMAIN.md count definitions)."""

    NONE = "none", _("Not registered")
    VALID = "valid", _("Registered")
    LAPSED = "lapsed", _("Registration lapsed (daftar ulang due)")
    DEREGISTERED = "deregistered", _("No longer registered (revoked or closed)")


def registration_state(
    *, registration_number, registered_on, valid_until, status, day: datetime.date
) -> str:
    """The one rule of registration. Registered: a tanda daftar issued on or before the day,
    still valid on it (the last day counts; no end date recorded = no end), and the institution
    neither revoked nor closed on the day. Lapsed: the validity ended before the day and no
    renewal moved it. `registered_q()` below is the same rule for the database; a test keeps the
    two in step."""
    if not registration_number or registered_on is None or registered_on > day:
        return RegistrationState.NONE
    if status in DEREGISTERED_STATUSES:
        return RegistrationState.DEREGISTERED
    if valid_until is not None and valid_until < day:
        return RegistrationState.LAPSED
    return RegistrationState.VALID


def _holds_tanda_daftar_q(day, status_field):
    return (
        ~Q(registration_number="")
        & Q(registered_on__isnull=False, registered_on__lte=day)
        & ~Q(**{f"{status_field}__in": DEREGISTERED_STATUSES})
    )


def registered_q(day: datetime.date, status_field: str = "operating_status") -> Q:
    """`registration_state(...) == VALID` as a filter."""
    return _holds_tanda_daftar_q(day, status_field) & (
        Q(registration_valid_until__isnull=True) | Q(registration_valid_until__gte=day)
    )


def registration_lapsed_q(day: datetime.date, status_field: str = "operating_status") -> Q:
    """`registration_state(...) == LAPSED` as a filter."""
    return _holds_tanda_daftar_q(day, status_field) & Q(registration_valid_until__lt=day)


def permit_expired_q(day: datetime.date) -> Q:
    """An LKSA whose operating permit (izin operasional) ended before the day: the permit's last
    day still counts, and no end date recorded is no expiry known."""
    return Q(kind=InstitutionKind.LKSA, permit_valid_until__lt=day)


class InstitutionQuerySet(models.QuerySet):
    def registered(self, day: datetime.date | None = None):
        """Holds a tanda daftar valid on the day (default today), neither revoked nor closed."""
        return self.filter(registered_q(day or timezone.localdate()))

    def registration_lapsed(self, day: datetime.date | None = None):
        """The tanda daftar ran out and was not renewed: daftar ulang due, not registered."""
        return self.filter(registration_lapsed_q(day or timezone.localdate()))

    def active(self, day: datetime.date | None = None):
        return self.registered(day).filter(operating_status=OperatingStatus.ACTIVE)

    def incomplete(self):
        """Marked "data belum lengkap": some field the register asks for is still empty."""
        return self.exclude(incomplete_fields=[])


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("LKS or LKSA"), max_length=4, choices=InstitutionKind.choices)
    # Nullable (but required in the forms): an office list often lacks it, and such a row comes
    # in as an incomplete record instead of being refused.
    specialisation = models.ForeignKey(
        Specialisation, on_delete=models.PROTECT, null=True, verbose_name=_("specialisation")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="institutions", verbose_name=_("service types")
    )

    legal_form = models.ForeignKey(
        LegalForm, on_delete=models.PROTECT, null=True, verbose_name=_("legal form")
    )
    founding_note_number = models.CharField(_("founding note number"), max_length=100, blank=True)
    founding_note_date = models.DateField(_("founding note date"), null=True, blank=True)
    founding_note_legalised_by = models.CharField(
        _("founding note legalised by"),
        max_length=100,
        blank=True,
        help_text=_("Lurah, camat or wali kota."),
    )
    deed_number = models.CharField(_("deed of establishment number"), max_length=100, blank=True)
    deed_date = models.DateField(_("deed date"), null=True, blank=True)
    deed_notary = models.CharField(_("notary"), max_length=200, blank=True)
    ratification_number = models.CharField(
        _("SK Kemenkumham number"), max_length=100, blank=True, help_text=_("Often AHU-….")
    )
    ratification_date = models.DateField(_("SK Kemenkumham date"), null=True, blank=True)
    npwp = models.CharField(
        "NPWP",
        max_length=16,
        blank=True,
        validators=[validate_npwp],
        help_text=_("15 or 16 digits; dots and dashes are optional."),
    )

    address = models.CharField(_("street address"), max_length=300)
    rt = models.CharField("RT", max_length=3, blank=True, validators=[validate_rt_rw])
    rw = models.CharField("RW", max_length=3, blank=True, validators=[validate_rt_rw])
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, verbose_name=_("kecamatan"))
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, verbose_name=_("kelurahan"))
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    head_name = models.CharField(_("head of the institution"), max_length=150)

    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    beneficiaries_count = models.PositiveIntegerField(
        _("current beneficiaries"), null=True, blank=True
    )
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    social_worker_count = models.PositiveIntegerField(_("social workers"), null=True, blank=True)
    founded_on = models.DateField(_("date founded"), null=True, blank=True)

    registration_number = models.CharField(
        _("registration number (tanda daftar)"), max_length=60, blank=True
    )
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    registration_valid_until = models.DateField(
        _("registration valid until"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is computed from the registration date and the set validity."),
    )
    legal_basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("legal basis of the registration"),
    )

    operating_status = models.CharField(
        _("operating status"),
        max_length=10,
        choices=OperatingStatus.choices,
        default=OperatingStatus.ACTIVE,
    )
    status_reason = models.TextField(_("reason for the last status change"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    care_setting = models.CharField(
        _("care setting"), max_length=12, choices=CareSetting.choices, blank=True
    )
    permit_number = models.CharField(_("operating permit number"), max_length=100, blank=True)
    permit_date = models.DateField(_("operating permit date"), null=True, blank=True)
    permit_valid_until = models.DateField(
        _("operating permit valid until"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is computed from the permit date and the set validity."),
    )
    children_yatim = models.PositiveIntegerField(
        _("children: yatim (father died)"), null=True, blank=True
    )
    children_piatu = models.PositiveIntegerField(
        _("children: piatu (mother died)"), null=True, blank=True
    )
    children_yatim_piatu = models.PositiveIntegerField(
        _("children: yatim piatu (both died)"), null=True, blank=True
    )
    children_with_parents = models.PositiveIntegerField(
        _("children: both parents living"), null=True, blank=True
    )
    carer_count = models.PositiveIntegerField(_("carers (pengasuh)"), null=True, blank=True)

    # "Data belum lengkap": the fields the register asks for that are still empty (field names),
    # kept by the services on every save (institution_missing_fields), so lists and counts filter
    # on it. The raw service-type text of an import that could not be mapped is kept beside it.
    incomplete_fields = models.JSONField(_("missing data"), default=list, blank=True)
    service_types_note = models.CharField(
        _("service types as written in the imported file"), max_length=300, blank=True
    )

    # Optimistic locking: every save through the services bumps it; an edit made from an older
    # version is refused instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    #: Set by the forms whose save goes through `institution_save` / `institution_admin_save`,
    #: which give a registration date without a number the counter's next number.
    number_given_on_save = False

    #: What a legal entity (berbadan hukum) must give: its deed, the ratification by the Minister
    #: of Law (SK Kemenkumham) and its NPWP (DOMAIN.md, registration).
    LEGAL_ENTITY_FIELDS = (
        "deed_number",
        "deed_date",
        "deed_notary",
        "ratification_number",
        "ratification_date",
        "npwp",
    )

    LKSA_FIELDS = (
        "care_setting",
        "permit_number",
        "permit_date",
        "permit_valid_until",
        "children_yatim",
        "children_piatu",
        "children_yatim_piatu",
        "children_with_parents",
        "carer_count",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        permissions = [
            ("change_operating_status", _("Can change the operating status")),
            ("view_all_institutions", _("Can see every institution (staff)")),
            ("change_own_contact", _("Can change the contact data of its own institution")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="institution_registration_number_unique",
                violation_error_message=_(
                    "Another institution already has this registration number."
                ),
            ),
            models.UniqueConstraint(
                fields=["npwp"],
                condition=~Q(npwp=""),
                name="institution_npwp_unique",
                violation_error_message=_(
                    "Another institution is already registered with this NPWP."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_valid_until__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(registration_valid_until__gte=models.F("registered_on")),
                name="institution_registration_validity_after_start",
                violation_error_message=_("The registration must not end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind=InstitutionKind.LKSA) | Q(care_setting=""),
                name="institution_care_setting_only_for_lksa",
                violation_error_message=_("Only an LKSA records a care setting."),
            ),
        ]
        indexes = [
            models.Index(fields=["operating_status"]),
            models.Index(fields=["kind"]),
            # The list's default order: pages are read from the index instead of sorting the lot,
            # and with the filter columns included a deep page is an index-only walk.
            models.Index(
                fields=["name", "id"],
                name="institution_name_order",
                include=["kind", "operating_status", "kecamatan"],
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("lks_registry:institution_detail", args=[self.pk])

    @property
    def is_lksa(self) -> bool:
        return self.kind == InstitutionKind.LKSA

    def registration_state_on(self, day: datetime.date | None = None) -> str:
        return registration_state(
            registration_number=self.registration_number,
            registered_on=self.registered_on,
            valid_until=self.registration_valid_until,
            status=self.operating_status,
            day=day or timezone.localdate(),
        )

    @property
    def registration_state(self) -> str:
        return self.registration_state_on()

    @property
    def is_registered(self) -> bool:
        return self.registration_state == RegistrationState.VALID

    @property
    def registration_lapsed(self) -> bool:
        return self.registration_state == RegistrationState.LAPSED

    @property
    def npwp_display(self) -> str:
        return format_npwp(self.npwp)

    @property
    def children_in_care(self) -> int:
        return sum(
            n or 0
            for n in (
                self.children_yatim,
                self.children_piatu,
                self.children_yatim_piatu,
                self.children_with_parents,
            )
        )

    def missing_document_types(self) -> list[DocumentType]:
        """Required documents for this legal type not uploaded yet. Uses prefetched
        documents and requirements when the caller loaded them (lists), so it adds no queries."""
        uploaded = {
            document.document_type_id
            for document in self.documents.all()
            if document.superseded_at is None
        }
        if self.legal_form is None:
            return []
        required = self.legal_form.legal_type.required_document_types.all()
        return [doc_type for doc_type in required if doc_type.pk not in uploaded]

    def register_check(self, *, target_group_count: int, trusted_fks=False) -> tuple[list, dict]:
        """The one rule of "incomplete is not invalid": (missing, errors). A field the register
        asks for that is empty is missing (the record may exist, marked "data belum lengkap");
        a value that is present and wrong is an error (nothing is saved). trusted_fks: the
        related records were taken from the database already, so no query checks they exist."""
        missing, errors = [], {}
        relations = [f for f in self._meta.concrete_fields if f.is_relation] if trusted_fks else []
        for relation in relations:
            if getattr(self, relation.attname) is None and not relation.blank:
                missing.append(relation.name)
        try:
            self.full_clean(
                exclude=[f.name for f in relations],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name != NON_FIELD_ERRORS and self._is_empty(name):
                    missing.append(name)
                else:
                    errors[name] = messages
        if not target_group_count or self.service_types_note:
            missing.append("target_groups")
        order = {field.name: index for index, field in enumerate(self._meta.get_fields())}
        return sorted(set(missing), key=lambda name: order.get(name, 0)), errors

    def _is_empty(self, name) -> bool:
        field = self._meta.get_field(name)
        value = getattr(self, field.attname)
        return value in (None, "")

    @property
    def is_incomplete(self) -> bool:
        return bool(self.incomplete_fields)

    def missing_field_labels(self) -> list[str]:
        """What staff still have to fill in, as the form labels it."""
        labels = []
        for name in self.incomplete_fields:
            if name == "target_groups" and self.service_types_note:
                labels.append(
                    _("service types (the file said “%(text)s”)")
                    % {"text": self.service_types_note}
                )
            else:
                labels.append(self._meta.get_field(name).verbose_name)
        return labels

    def clean(self):
        errors = {}
        if (
            self.kelurahan_id
            and self.kecamatan_id
            and self.kelurahan.kecamatan_id != self.kecamatan_id
        ):
            errors["kelurahan"] = _("This kelurahan is not in the chosen kecamatan.")
        if self.legal_form_id is not None:
            if self.legal_form.legal_type.is_legal_entity:
                for field in self.LEGAL_ENTITY_FIELDS:
                    if not getattr(self, field):
                        errors[field] = _("Required for a legal entity (berbadan hukum).")
            else:
                for field in ("founding_note_number", "founding_note_date"):
                    if not getattr(self, field):
                        errors[field] = _("Required for a body that is not a legal entity.")
        if self.kind and self.specialisation_id is not None:
            expected = self.specialisation.institution_kind
            if expected and expected != self.kind:
                errors["specialisation"] = KIND_DISAGREES % {
                    "specialisation": self.specialisation.name,
                    "kind": InstitutionKind(expected).label,
                }
        if self.legal_basis_id is not None:
            wrong_scope = legal_scope_error(self.legal_basis, LegalScope.REGISTRATION)
            if wrong_scope:
                errors["legal_basis"] = wrong_scope
        if self.is_lksa:
            # The permit's end date is computed on save when left empty (fill_validity).
            for field in ("care_setting", "permit_number", "permit_date"):
                if not getattr(self, field):
                    errors[field] = _("Required for an LKSA.")
        elif self.kind:  # not known yet (an incomplete import): nothing to compare against
            for field in self.LKSA_FIELDS:
                if getattr(self, field) not in (None, ""):
                    errors[field] = _("Only an LKSA records this.")
        number_given_on_save = self.registered_on and self.number_given_on_save
        if bool(self.registration_number) != bool(self.registered_on) and not number_given_on_save:
            field = "registered_on" if self.registration_number else "registration_number"
            errors[field] = _("Registration number and registration date go together.")
        if (
            self.registered_on
            and self.registration_valid_until
            and self.registration_valid_until < self.registered_on
        ):
            errors["registration_valid_until"] = _("Must not be before the registration date.")
        if (
            self.permit_date
            and self.permit_valid_until
            and self.permit_valid_until < self.permit_date
        ):
            errors["permit_valid_until"] = _("Must not be before the permit date.")
        today = timezone.localdate()
        for field in (
            "founded_on",
            "deed_date",
            "ratification_date",
            "registered_on",
            "founding_note_date",
            "permit_date",
        ):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("A date in the future is not possible here.")
        if errors:
            raise ValidationError(errors)


class BoardMember(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="board")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("board member (pengurus)")
        verbose_name_plural = _("board (pengurus)")

    def __str__(self):
        return f"{self.name} ({self.position})"


def document_upload_path(document: "Document", filename: str) -> str:
    return stored_upload_name(f"documents/{document.institution_id}", document.content_type)


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)

    def expired(self, day: datetime.date):
        """Current documents whose own validity ended before the day (the last day counts)."""
        return self.current().filter(valid_until__lt=day)


class Document(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, verbose_name=_("document type")
    )
    file = models.FileField(_("file"), upload_to=document_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # A newer upload of the same type replaces this one; the old file is kept, never deleted.
    superseded_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    # Some documents carry their own end date (a domicile letter, an operating permit scan): the
    # reminders warn before it, and a renewal asks for a new file once it has passed.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["document_type__sort_order", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.document_type}: {self.original_name}"

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class StatusChange(models.Model):
    """Every change of operating status, kept as its own row (append-only)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(max_length=10, choices=OperatingStatus.choices)
    new_status = models.CharField(max_length=10, choices=OperatingStatus.choices)
    ground = models.CharField(
        _("ground of the closure"), max_length=12, choices=StatusGround.choices, blank=True
    )
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.institution}: {self.old_status} -> {self.new_status}"


class InstitutionMember(models.Model):
    """Links an institution's own user account to its institution: such a user sees only it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_membership"
    )
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="members")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution user")
        verbose_name_plural = _("institution users")

    def __str__(self):
        return f"{self.user} — {self.institution}"


# --- Spreadsheet imports.


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the file")
    VALIDATED = "validated", _("Checked: waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


def import_upload_path(job, filename):
    return f"imports/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def _import_column_choices():
    from lks_registry.spreadsheet import COLUMNS

    return [(column.field, column.header) for column in COLUMNS]


class HeaderSynonym(models.Model):
    """Another way offices head a column (`N P W P`, `Nama LKS`, `No. Telp/HP`). Compared after
    normalising case, dots, spaces and line breaks, so one entry covers its spellings."""

    column = models.CharField(_("column"), max_length=40, choices=_import_column_choices)
    text = models.CharField(_("header as written"), max_length=120, unique=True)

    class Meta:
        ordering = ["column", "text"]
        verbose_name = _("column header synonym")
        verbose_name_plural = _("column header synonyms")

    def __str__(self):
        return f"{self.text} → {self.get_column_display()}"


class ServiceTypeSynonym(models.Model):
    """How offices write a service type (`Lansia`, `ABH`, `Gepeng`, `Disabilitas Fisik`): the
    target groups it stands for. A group word (`Anak`) is marked for staff to choose: the import
    keeps the row's raw text and asks staff to complete the record."""

    text = models.CharField(_("written as"), max_length=120, unique=True)
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="+", verbose_name=_("service types meant")
    )
    staff_choose = models.BooleanField(
        _("staff choose among them"),
        default=False,
        help_text=_(
            "A group word (e.g. “Anak”): the import keeps the text and marks the record "
            "incomplete until staff choose the service types."
        ),
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("service type synonym")
        verbose_name_plural = _("service type synonyms")

    def __str__(self):
        return self.text


class ImportJob(models.Model):
    """One uploaded spreadsheet: checked in the background (dry run), then, once confirmed, the
    chosen rows imported in one transaction. The file is kept as the record of what was imported."""

    file = models.FileField(upload_to=import_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # Runs of the phase in hand that started: a file that kills its worker each time (out of
    # memory) ends as failed after importer.MAX_ATTEMPTS instead of being retried for ever.
    attempts = models.PositiveSmallIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    incomplete_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    held_back_count = models.PositiveIntegerField(default=0)
    # What the table finder saw, for the page: sheets read or skipped (and why), which column was
    # used for what and which were ignored, rows skipped (blank, totals, repeated headers).
    sheets = models.JSONField(default=list)
    columns = models.JSONField(default=list)
    skipped_rows = models.JSONField(default=list)
    # The sheets the user chose to read; empty means the finder's own choice.
    chosen_sheets = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ImportOutcome(models.TextChoices):
    NEW = "new", _("new")
    CHANGED = "changed", _("changed")
    UNCHANGED = "unchanged", _("unchanged")
    CONFLICT = "conflict", _("conflict")
    DUPLICATE = "duplicate", _("possible duplicate")
    ERROR = "error", _("error")


class ImportDecision(models.TextChoices):
    HOLD = "hold", _("Hold back")
    UPDATE = "update", _("Update the existing record")
    CREATE = "create", _("Add as a new institution")


#: Rows the user must decide on; until then they are held back.
REVIEW_OUTCOMES = (ImportOutcome.CONFLICT, ImportOutcome.DUPLICATE)


class ImportRow(models.Model):
    """One institution row of an uploaded file as the dry run found it, with the user's decision
    for a conflict or possible duplicate, and the record it went into."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    sheet = models.CharField(max_length=100)
    row_number = models.PositiveIntegerField()
    name = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=ImportOutcome.choices)
    changes = models.JSONField(default=list)
    messages = models.JSONField(default=list)
    missing = models.JSONField(default=list)
    # The row's cells as read (text), under the file's own headers: the held-back workbook.
    cells = models.JSONField(default=list)
    # The existing record it matched and, for a conflict, both sides compared.
    matched = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comparison = models.JSONField(default=list)
    decision = models.CharField(
        max_length=6, choices=ImportDecision.choices, default=ImportDecision.HOLD
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["job", "outcome"])]

    def __str__(self):
        return f"{self.sheet}:{self.row_number}"

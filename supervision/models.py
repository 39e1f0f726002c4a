"""Supervision (pengawasan): public concerns, monitoring visits, written warnings and field
findings of institutions operating without registration."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import RegistrationApplication
from lks_registry.models import Institution, Kecamatan, SettingsRow
from lks_registry.validators import stored_upload_name, validate_not_in_future


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


OPEN_CONCERN_STATUSES = (ConcernStatus.NEW, ConcernStatus.IN_REVIEW, ConcernStatus.FOLLOWED_UP)


class ConcernCategory(models.TextChoices):
    ABUSE = "abuse", _("Violence or abuse")
    NEGLECT = "neglect", _("Neglect of beneficiaries")
    UNREGISTERED = "unregistered", _("Operating without registration")
    FUNDS = "funds", _("Misuse of donations or funds")
    OTHER = "other", _("Other")


def concern_upload_path(concern, filename):
    return stored_upload_name("concerns", concern.attachment_type)


class Concern(models.Model):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=12, choices=ConcernCategory.choices)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("institution"),
    )
    institution_name = models.CharField(
        _("name of the institution (if not in the list)"), max_length=200, blank=True
    )
    description = models.TextField(_("what happened"))
    place = models.CharField(_("place"), max_length=300)
    contact = models.CharField(
        _("your contact (optional)"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to stay anonymous."),
    )
    attachment = models.FileField(upload_to=concern_upload_path, blank=True)
    attachment_type = models.CharField(max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.NEW
    )
    # The reporter's private link to follow the status: unguessable, shown only to the reporter.
    # Concerns received before the link existed have none.
    token = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    received_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("public concern")
        verbose_name_plural = _("public concerns")

    def __str__(self):
        return self.reference

    @property
    def is_closed(self):
        return self.status == ConcernStatus.CLOSED


class ConcernNote(models.Model):
    """One step of a concern's handling (append-only): the staff's note and the status after it.
    The reporter sees the statuses and dates, never the notes."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status after this step"), max_length=12, choices=ConcernStatus.choices, blank=True
    )

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("concern note")
        verbose_name_plural = _("concern notes")

    def __str__(self):
        return f"{self.concern_id}: {self.written_at:%Y-%m-%d}"


# --- Supervision (pengawasan).


class SupervisionSettings(SettingsRow):
    """Values Dinsos chooses itself, kept as one editable row."""

    finding_deadline_days = models.PositiveSmallIntegerField(
        _("a field finding is overdue after (days open)"), default=30
    )

    class Meta:
        verbose_name = _("supervision settings")
        verbose_name_plural = _("supervision settings")

    def __str__(self):
        return str(_("Supervision settings"))


class MonitoringVisit(models.Model):
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="monitoring_visits",
        verbose_name=_("institution"),
    )
    visited_on = models.DateField(
        _("date of the visit"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    officers = models.CharField(_("officers"), max_length=300)
    findings = models.TextField(_("findings"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        indexes = [models.Index(fields=["institution", "visited_on"])]

    def __str__(self):
        return f"{self.institution} — {self.visited_on}"

    def get_absolute_url(self):
        return reverse("supervision:visit_detail", args=[self.pk])


class PlannedVisit(models.Model):
    """A monitoring visit that is planned (its date may lie ahead); it becomes a MonitoringVisit
    only once it has happened."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="planned_visits",
        verbose_name=_("institution"),
    )
    planned_on = models.DateField(_("planned date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    note = models.CharField(_("purpose"), max_length=300, blank=True)
    done_visit = models.OneToOneField(
        MonitoringVisit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("visit that took place"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")

    def __str__(self):
        return f"{self.institution} — {self.planned_on}"


class WarningRound(models.Model):
    """One round of written warnings (first, second, third). Once the institution has remedied
    and Dinsos closes the round, a later breach starts a new round at the first warning."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="warning_rounds",
        verbose_name=_("institution"),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    closing_note = models.TextField(_("how the institution remedied"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("round of written warnings")
        verbose_name_plural = _("rounds of written warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(closed_on__isnull=True),
                name="warning_one_open_round",
                violation_error_message=_(
                    "This institution already has an open round of written warnings."
                ),
            )
        ]

    def __str__(self):
        return f"{self.institution} — {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


DUPLICATE_WARNING_LEVEL = _(
    "This round of warnings already has this warning level: a level is given once per round."
)
DUPLICATE_LETTER_NUMBER = _("A warning letter with this letter number already exists.")


class WrittenWarning(models.Model):
    class Level(models.IntegerChoices):
        FIRST = 1, _("First written warning")
        SECOND = 2, _("Second written warning")
        THIRD = 3, _("Third written warning")

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="warnings",
        verbose_name=_("institution"),
    )
    round = models.ForeignKey(
        WarningRound,
        on_delete=models.PROTECT,
        related_name="warnings",
        verbose_name=_("round of warnings"),
    )
    level = models.PositiveSmallIntegerField(_("warning"), choices=Level.choices)
    letter_number = models.CharField(
        _("letter number"), max_length=100, help_text=_("E.g. 400.9/123/DINSOS/2026.")
    )
    issued_on = models.DateField(
        _("date"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    correction_deadline = models.DateField(
        _("correct by"),
        null=True,
        help_text=_("The date by which the institution must have corrected the breach."),
    )
    reason = models.TextField(_("reason"))
    children_in_danger = models.BooleanField(_("children are in danger"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # A referral (to the police, P2TP2A, the ministry...) is one of the actions that take a
    # "children in danger" warning off the red-flag list.
    referred_on = models.DateField(
        _("referred on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "level"]
        verbose_name = _("written warning")
        verbose_name_plural = _("written warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "level"],
                name="warning_level_once_per_round",
                violation_error_message=DUPLICATE_WARNING_LEVEL,
            ),
            models.UniqueConstraint(
                fields=["letter_number"],
                condition=~Q(letter_number=""),
                name="warning_letter_number_unique",
                violation_error_message=DUPLICATE_LETTER_NUMBER,
            ),
        ]

    def __str__(self):
        return f"{self.institution} — {self.get_level_display()}"

    def clean(self):
        if self.correction_deadline is None:
            raise ValidationError(
                {"correction_deadline": _("Give the date by which the breach must be corrected.")}
            )
        if self.issued_on and self.correction_deadline < self.issued_on:
            raise ValidationError(
                {"correction_deadline": _("The deadline cannot be before the letter's date.")}
            )

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.correction_deadline
            and self.round.is_open
            and self.correction_deadline < timezone.localdate()
        )


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REGISTERED = "registered", _("Registered since")
    CLOSED = "closed", _("Closed down")


class FieldFinding(models.Model):
    """An institution found operating without registration, followed up until it registers or
    is closed. Its follow-up is a timeline of FindingNote rows, never an overwritten note."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, verbose_name=_("kecamatan"))
    owner = models.CharField(_("owner or person in charge"), max_length=200, blank=True)
    activity = models.CharField(_("kind of activity"), max_length=300)
    found_by = models.CharField(
        _("found by"), max_length=200, help_text=_("E.g. RT/RW, PSM, TKSK, Satpol PP.")
    )
    found_on = models.DateField(
        _("found on"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    application = models.ForeignKey(
        RegistrationApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("registration application"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="field_findings",
        verbose_name=_("registered as"),
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name = _("field finding")
        verbose_name_plural = _("field findings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=FindingStatus.REGISTERED) | Q(institution__isnull=False),
                name="finding_registered_has_institution",
                violation_error_message=_(
                    "A finding is registered only once its application has been approved."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:finding_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == FindingStatus.OPEN

    def days_open(self, day=None) -> int:
        end = self.resolved_on if not self.is_open and self.resolved_on else None
        return ((end or day or timezone.localdate()) - self.found_on).days


class FindingNote(models.Model):
    """One entry of a finding's follow-up timeline (append-only)."""

    finding = models.ForeignKey(FieldFinding, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    status = models.CharField(
        _("status after this note"), max_length=10, choices=FindingStatus.choices, blank=True
    )

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("finding note")
        verbose_name_plural = _("finding notes")

    def __str__(self):
        return f"{self.finding_id}: {self.written_at:%Y-%m-%d}"


def visit_document_path(document, filename):
    return stored_upload_name("visits", document.content_type)


class VisitDocument(models.Model):
    """A file from a monitoring visit: the visit report, photos, the attendance list."""

    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=visit_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("visit document")
        verbose_name_plural = _("visit documents")

    def __str__(self):
        return self.original_name


class InstitutionMessage(models.Model):
    """A message from Dinsos to an institution, shown on the institution's own account."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="messages_from_dinsos",
        verbose_name=_("institution"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to the institution")
        verbose_name_plural = _("messages to institutions")

    def __str__(self):
        return self.subject

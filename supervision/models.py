"""Supervision (pengawasan): public concerns, monitoring visits, written warnings and field
findings of institutions operating without registration."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import RegistrationApplication
from lks_registry.models import Institution, Kecamatan


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
    return f"concerns/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


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
    action_note = models.TextField(_("visit or action"), blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("public concern")
        verbose_name_plural = _("public concerns")

    def __str__(self):
        return self.reference


# --- Supervision (pengawasan).


class MonitoringVisit(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="monitoring_visits"
    )
    visited_on = models.DateField(_("date of the visit"), default=timezone.localdate)
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


class WrittenWarning(models.Model):
    class Level(models.IntegerChoices):
        FIRST = 1, _("First written warning")
        SECOND = 2, _("Second written warning")
        THIRD = 3, _("Third written warning")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="warnings")
    level = models.PositiveSmallIntegerField(_("warning"), choices=Level.choices)
    issued_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("reason"))
    children_in_danger = models.BooleanField(_("children are in danger"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "level"]
        verbose_name = _("written warning")
        verbose_name_plural = _("written warnings")
        constraints = [
            models.UniqueConstraint(fields=["institution", "level"], name="warning_level_once")
        ]

    def __str__(self):
        return f"{self.institution} — {self.get_level_display()}"


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REGISTERED = "registered", _("Registered since")
    CLOSED = "closed", _("Closed down")


class FieldFinding(models.Model):
    """An institution found operating without registration, followed up until it registers or
    is closed."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, verbose_name=_("kecamatan"))
    owner = models.CharField(_("owner or person in charge"), max_length=200, blank=True)
    activity = models.CharField(_("kind of activity"), max_length=300)
    found_by = models.CharField(
        _("found by"), max_length=200, help_text=_("E.g. RT/RW, PSM, TKSK, Satpol PP.")
    )
    found_on = models.DateField(_("found on"), default=timezone.localdate)
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
    note = models.TextField(_("follow-up note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name = _("field finding")
        verbose_name_plural = _("field findings")

    def __str__(self):
        return self.name

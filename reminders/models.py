"""Reminders of what comes due: the thresholds (data an admin changes) and the record of every
reminder sent, one row per item, due date and threshold, so none is sent twice."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from lks_registry.models import Institution, SettingsRow


class ReminderKind(models.TextChoices):
    ACCREDITATION = "accreditation", _("Accreditation validity")
    REGISTRATION = "registration", _("Tanda daftar validity")
    PERMIT = "permit", _("LKSA operating permit validity")
    APPLICATION = "application", _("Application nearing the service standard")
    VISIT = "visit", _("LKSA yearly monitoring visit")
    DOCUMENT = "document", _("Document validity")


#: Kinds the institution itself is told about; the others (Dinsos's own deadlines) go to staff only.
INSTITUTION_KINDS = (
    ReminderKind.ACCREDITATION,
    ReminderKind.REGISTRATION,
    ReminderKind.PERMIT,
    ReminderKind.DOCUMENT,
)


class ReminderThreshold(models.Model):
    """A reminder goes out this many days before an item of this kind comes due (0: on the day)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "-days_before"]
        verbose_name = _("reminder threshold")
        verbose_name_plural = _("reminder thresholds")
        constraints = [
            models.UniqueConstraint(fields=["kind", "days_before"], name="one_threshold_per_day")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.days_before}"


class ReminderSettings(SettingsRow):
    digest_roles = models.ManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name=_("roles that receive the daily digest"),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(_("Reminder settings"))


class SentReminder(models.Model):
    """A reminder that went out. The unique constraint is what makes it go out once: a second
    run, or a second worker at the same moment, finds the row (or fails to insert it) and sends
    nothing."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    # The institution for every kind but a new registration's application, the document for
    # DOCUMENT, the application for APPLICATION.
    item_id = models.PositiveBigIntegerField()
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_reminders",
        verbose_name=_("institution"),
    )
    subject = models.CharField(_("about"), max_length=300)
    due_on = models.DateField(_("due on"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty when the institution has no account e-mail: the reminder went to the bell only.
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "due_on", "pk"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "item_id", "due_on", "days_before"], name="reminder_sent_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_digest_due",
                condition=models.Q(digest_sent_at=None),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject} ({self.due_on})"

"""Registration by institutions themselves (Permensos 184/2011, now 5/2024), reviewed by Dinsos:
the application, its rounds and documents (the registration number counter is the register's)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lks_registry.models import DocumentType, Institution, Kelurahan
from lks_registry.validators import stored_upload_name


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (documents not sent yet)")
    SUBMITTED = "submitted", _("Waiting for review")
    REVISION = "revision", _("Revision requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New registration")
    CHANGE = "change", _("Change of registration data")
    RENEWAL = "renewal", _("Renewal (daftar ulang)")


#: The applicant may change answers and documents only in these states.
EDITABLE_APPLICATION_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.REVISION)


class RegistrationApplication(models.Model):
    """An institution's own registration. Its answers are kept per round (ApplicationRound), so a
    revision never overwrites what was sent before."""

    number = models.CharField(_("application number"), max_length=20, unique=True)
    # The private tracking link: unguessable, never shown to anyone but the applicant.
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=ApplicationKind.choices, default=ApplicationKind.NEW
    )
    name = models.CharField(_("name"), max_length=200)
    npwp = models.CharField("NPWP", max_length=16, blank=True)
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, verbose_name=_("kelurahan"))
    email = models.EmailField(_("e-mail"))
    # The address the applicant proved to own through the signed link (applications.services):
    # until it equals `email`, nothing but that link is e-mailed there.
    confirmed_email = models.EmailField(_("confirmed e-mail"), blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation link sent at"), null=True, blank=True
    )
    data = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("registration application")
        verbose_name_plural = _("registration applications")
        permissions = [("decide_application", _("Can approve, reject or return applications"))]
        indexes = [
            models.Index(
                fields=["submitted_at"],
                condition=Q(status="submitted"),
                name="application_review_queue",
            )
        ]

    def __str__(self):
        return f"{self.number} — {self.name}"

    @property
    def email_confirmed(self) -> bool:
        return bool(self.email) and self.confirmed_email.lower() == self.email.lower()

    def current_documents(self):
        """The documents that count: each upload of a type replaces the one before it."""
        return self.documents.filter(replaced_at__isnull=True).select_related("document_type")

    def replaced_documents(self):
        return self.documents.filter(replaced_at__isnull=False).select_related("document_type")


class ApplicationRound(models.Model):
    """One sending of the application and what Dinsos answered to it."""

    application = models.ForeignKey(
        RegistrationApplication, on_delete=models.CASCADE, related_name="rounds"
    )
    data = models.JSONField()
    submitted_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=ApplicationStatus.choices, blank=True)
    message = models.TextField(_("message to the institution"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"{self.application} @ {self.submitted_at:%Y-%m-%d}"


def application_upload_path(document, filename):
    return stored_upload_name(f"applications/{document.application_id}", document.content_type)


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        RegistrationApplication, on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, verbose_name=_("document type")
    )
    file = models.FileField(upload_to=application_upload_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Set when a newer upload of the same type replaced this one; kept as the history.
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        ordering = ["document_type__sort_order", "uploaded_at"]

    def __str__(self):
        return self.original_name

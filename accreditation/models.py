"""Accreditation cases (Permensos 17/2012, 8/2025). This is the data the register needs now; the
state machine with its guards and events is the accreditation issue's work and lives in one
services module when it comes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lks_registry.models import Institution, LegalBasis
from lks_registry.services import add_years


class Grade(models.Model):
    """A BALKS grade and how long it stays valid: reference data, since regulations change it."""

    code = models.CharField(_("grade"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=60)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("accreditation grade")
        verbose_name_plural = _("accreditation grades")

    def __str__(self):
        return f"{self.code} ({self.name})"


class CaseState(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    RECOMMENDED = "recommended", _("Recommended by Dinsos")
    SUBMITTED = "submitted", _("Submitted to BALKS")
    ASSESSMENT = "assessment", _("Document assessment")
    VISIT = "visit", _("Site visit")
    DECIDED = "decided", _("Decided")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_STATES = (CaseState.DECIDED, CaseState.WITHDRAWN)
#: "In process": from the Dinsos recommendation up to the BALKS decision (DOMAIN.md).
IN_PROCESS_STATES = (
    CaseState.RECOMMENDED,
    CaseState.SUBMITTED,
    CaseState.ASSESSMENT,
    CaseState.VISIT,
)


class AccreditationCase(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="accreditation_cases"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=CaseState.choices, default=CaseState.PREPARING
    )
    opened_on = models.DateField(_("opened on"))
    grade = models.ForeignKey(
        Grade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("grade"),
        help_text=_("Empty on a decided case means: not accredited."),
    )
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("legal basis")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("accreditation case")
        verbose_name_plural = _("accreditation cases")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=~Q(state__in=CLOSED_STATES),
                name="accreditation_one_open_case_per_institution",
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.DECIDED) | Q(decided_on__isnull=False),
                name="accreditation_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.institution} — {self.get_state_display()}"

    def compute_valid_until(self):
        """Validity follows from the grade; it is never typed in."""
        if self.grade is None or self.decided_on is None:
            return None
        return add_years(self.decided_on, self.grade.validity_years)

"""Supervision by risk: which institution Dinsos should visit first.

The factors and their weights, and the scores at which the level becomes sedang or tinggi, are
data an admin edits (defaults from a data migration). What each factor means is decided in
``risk.factors``, on the same rules the rest of the app uses.

``RiskSnapshot`` / ``RiskRow``: the profile of every institution as of one day, written by one
INSERT ... SELECT (``risk.services``) so the worklist and the dashboard read an indexed table
instead of computing every factor of 50,000 institutions for each page."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from lks_registry.models import Institution, InstitutionKind, SettingsRow


class FactorCode(models.TextChoices):
    VISIT_OVERDUE = "visit_overdue", _("Yearly monitoring visit overdue (LKSA)")
    CHILDREN_IN_DANGER = "children_in_danger", _("Warning with children in danger in force")
    WARNINGS = "warnings", _("Written warnings in force")
    CHILD_SAFETY_CONCERNS = "child_safety_concerns", _("Open concerns about children's safety")
    CONCERNS = "concerns", _("Open public concerns")
    PERMIT_EXPIRED = "permit_expired", _("LKSA operating permit expired")
    REGISTRATION_LAPSED = "registration_lapsed", _("Tanda daftar lapsed")
    ACCREDITATION_EXPIRED = "accreditation_expired", _("Accreditation expired")
    DOCUMENTS_MISSING = "documents_missing", _("Required documents missing")
    DATA_INCOMPLETE = "data_incomplete", _("Data incomplete")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskFactor(models.Model):
    code = models.CharField(_("factor"), max_length=30, choices=FactorCode.choices, unique=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (points)"), help_text=_("Points added to the score when the factor applies.")
    )
    is_active = models.BooleanField(
        _("counts"), default=True, help_text=_("Switched off, the factor adds no points.")
    )

    class Meta:
        ordering = ["-weight", "code"]
        verbose_name = _("risk factor")
        verbose_name_plural = _("risk factors")

    def __str__(self):
        return self.get_code_display()


class RiskSettings(SettingsRow):
    medium_from = models.PositiveSmallIntegerField(_("level sedang from (points)"), default=20)
    high_from = models.PositiveSmallIntegerField(_("level tinggi from (points)"), default=50)

    class Meta:
        verbose_name = _("risk settings")
        verbose_name_plural = _("risk settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(high_from__gt=models.F("medium_from")),
                name="risk_high_above_medium",
                violation_error_message=_("The level tinggi must start above the level sedang."),
            ),
            models.CheckConstraint(
                condition=models.Q(medium_from__gt=0),
                name="risk_medium_above_zero",
                violation_error_message=_("The level sedang starts at one point or more."),
            ),
        ]

    def __str__(self):
        return str(_("Risk settings"))


class RiskSnapshot(models.Model):
    """The profiles of one day, valid while the register's epoch (reports.cache) is the one it
    was built at; a change to one institution rewrites that institution's rows."""

    day = models.DateField(unique=True)
    epoch = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.day} ({self.epoch[:8]})"


class RiskRow(models.Model):
    snapshot = models.ForeignKey(RiskSnapshot, on_delete=models.CASCADE, related_name="rows")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    # Copied from the institution so the worklist filters and orders on one index.
    name = models.CharField(max_length=200)
    kecamatan_id = models.IntegerField()
    kind = models.CharField(max_length=4, choices=InstitutionKind.choices)
    score = models.PositiveIntegerField()
    level = models.CharField(max_length=6, choices=RiskLevel.choices)
    factors = ArrayField(models.CharField(max_length=30), default=list)
    # What the reasons say (risk.factors).
    last_visit = models.DateField(null=True)
    warnings_in_force = models.PositiveIntegerField(default=0)
    warning_level = models.PositiveSmallIntegerField(null=True)
    open_concerns = models.PositiveIntegerField(default=0)
    child_safety_concerns = models.PositiveIntegerField(default=0)
    permit_valid_until = models.DateField(null=True)
    registration_valid_until = models.DateField(null=True)
    documents_missing = models.PositiveIntegerField(default=0)
    fields_missing = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "institution"], name="risk_row_once_per_snapshot"
            )
        ]
        indexes = [
            models.Index(
                "snapshot",
                models.F("score").desc(),
                "name",
                "institution",
                name="risk_row_worklist_order",
            ),
            models.Index(fields=["snapshot", "kecamatan_id", "level"], name="risk_row_by_area"),
            # The worklist's factor filter (factors @> [code]): a core GIN operator class, no
            # extension needed; ANDed with the snapshot index by the planner.
            GinIndex(fields=["factors"], name="risk_row_by_factor"),
        ]

    def __str__(self):
        return f"{self.name}: {self.score}"

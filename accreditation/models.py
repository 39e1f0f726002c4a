"""Accreditation of LKS (Permensos 17/2012, now 8/2025): BALKS grades, Dinsos recommends,
accompanies and records. State changes happen only in services.case_transition()."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lks_registry.models import (
    Institution,
    LegalBasis,
    LegalScope,
    SettingsRow,
    legal_scope_error,
)
from lks_registry.services import add_years
from lks_registry.validators import validate_not_in_future


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


class Standard(models.Model):
    """One of the six accreditation standards, with the weight and score range Dinsos uses for its
    readiness self-assessment (unconfirmed by regulation, so editable)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    min_score = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("accreditation standard")
        verbose_name_plural = _("accreditation standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=models.F("min_score")),
                name="standard_score_range_not_empty",
                violation_error_message=_("The highest score must be above the lowest."),
            )
        ]

    def __str__(self):
        return self.name


class AccreditationSettings(SettingsRow):
    """Values Dinsos chooses itself, kept as one editable row."""

    readiness_target_percent = models.PositiveSmallIntegerField(
        _("readiness target per standard (%)"), default=70
    )
    stuck_after_days = models.PositiveSmallIntegerField(
        _("a case is stuck after (days in one state)"), default=60
    )
    expiring_within_months = models.PositiveSmallIntegerField(
        _("expiring means within (months)"), default=6
    )

    class Meta:
        verbose_name = _("accreditation settings")
        verbose_name_plural = _("accreditation settings")

    def __str__(self):
        return str(_("Accreditation settings"))


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
OPEN_STATES = tuple(state for state in CaseState if state not in CLOSED_STATES)
#: "In process": from the Dinsos recommendation up to the BALKS decision (DOMAIN.md), including a
#: case returned for completion: it can only be returned after the recommendation, and it is still
#: open, so the funnel must not lose it.
IN_PROCESS_STATES = (
    CaseState.RECOMMENDED,
    CaseState.SUBMITTED,
    CaseState.ASSESSMENT,
    CaseState.VISIT,
    CaseState.RETURNED,
)
#: "In preparation": an open case before the recommendation.
PREPARATION_STATES = (CaseState.PREPARING,)


class AccreditationCaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=CLOSED_STATES)

    def valid_on(self, day: datetime.date):
        """Decisions with a grade whose validity includes the day (the last day counts)."""
        return self.filter(
            state=CaseState.DECIDED,
            grade__isnull=False,
            decided_on__lte=day,
            valid_until__gte=day,
        )


class AccreditationCase(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="accreditation_cases"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=CaseState.choices, default=CaseState.PREPARING
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now)

    recommendation_number = models.CharField(
        _("Dinsos recommendation letter number"), max_length=100, blank=True
    )
    recommendation_date = models.DateField(_("recommendation date"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted to BALKS on"), null=True, blank=True)
    visit_scheduled_on = models.DateField(_("site visit scheduled on"), null=True, blank=True)
    visit_held_on = models.DateField(_("site visit held on"), null=True, blank=True)
    assessors = models.CharField(_("assessors"), max_length=300, blank=True)

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
        LegalBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("legal basis of the decision"),
    )
    history = HistoricalRecords()

    objects = AccreditationCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("accreditation case")
        verbose_name_plural = _("accreditation cases")
        permissions = [
            ("recommend_case", _("Can issue the Dinsos recommendation")),
            ("decide_case", _("Can record the BALKS decision")),
            ("apply_for_accreditation", _("Can apply for accreditation of its own institution")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=~Q(state__in=CLOSED_STATES),
                name="accreditation_one_open_case_per_institution",
                violation_error_message=_(
                    "This institution already has an open accreditation case."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.DECIDED) | Q(decided_on__isnull=False),
                name="accreditation_decided_has_date",
                violation_error_message=_("A decided case needs its decision date."),
            ),
        ]
        indexes = [models.Index(fields=["state", "state_changed_at"])]

    def __str__(self):
        return f"{self.institution} — {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def days_in_state(self) -> int:
        return (timezone.now() - self.state_changed_at).days

    def compute_valid_until(self):
        """Validity follows from the grade; it is never typed in."""
        if self.grade is None or self.decided_on is None:
            return None
        return add_years(self.decided_on, self.grade.validity_years)

    def clean(self):
        """Dates must follow the order of the process."""
        order = [
            ("recommendation_date", self.recommendation_date),
            ("submitted_on", self.submitted_on),
            ("visit_scheduled_on", self.visit_scheduled_on),
            ("decided_on", self.decided_on),
        ]
        errors = {}
        known = [(name, day) for name, day in order if day]
        for (earlier_name, earlier), (name, day) in zip(known, known[1:], strict=False):
            if day < earlier:
                errors[name] = _("This date cannot be before %(field)s.") % {
                    "field": self._meta.get_field(earlier_name).verbose_name
                }
        if self.visit_held_on:
            if self.submitted_on and self.visit_held_on < self.submitted_on:
                errors["visit_held_on"] = _("The site visit cannot be before the submission.")
            if self.decided_on and self.decided_on < self.visit_held_on:
                errors["decided_on"] = _("The decision cannot be before the site visit.")
        today = timezone.localdate()
        for name in ("recommendation_date", "submitted_on", "visit_held_on", "decided_on"):
            if getattr(self, name) and getattr(self, name) > today:
                errors[name] = _("A date in the future is not possible here.")
        if self.legal_basis_id is not None:
            # A BALKS decision cites a regulation on accreditation, never one on registration.
            wrong_scope = legal_scope_error(self.legal_basis, LegalScope.ACCREDITATION)
            if wrong_scope:
                errors["legal_basis"] = wrong_scope
        if errors:
            raise ValidationError(errors)


class CaseEvent(models.Model):
    """Every state change of a case, append-only: who, when, from, to, note."""

    case = models.ForeignKey(AccreditationCase, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.case_id}: {self.from_state or '-'} -> {self.to_state}"


class ReadinessScore(models.Model):
    case = models.ForeignKey(
        AccreditationCase,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("accreditation case"),
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, verbose_name=_("standard"))
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["standard__sort_order"]
        verbose_name = _("readiness score")
        verbose_name_plural = _("readiness scores")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "standard"],
                name="readiness_one_score_per_standard",
                violation_error_message=_("This case already has a score for this standard."),
            )
        ]

    def __str__(self):
        return f"{self.standard}: {self.score}"

    def clean(self):
        if self.standard_id and not (
            self.standard.min_score <= self.score <= self.standard.max_score
        ):
            raise ValidationError(
                {
                    "score": _("The score must be between %(low)s and %(high)s.")
                    % {"low": self.standard.min_score, "high": self.standard.max_score}
                }
            )

    @property
    def percent(self) -> float:
        span = self.standard.max_score - self.standard.min_score
        return round(100 * (self.score - self.standard.min_score) / span, 1) if span else 0.0


class AssistanceKind(models.TextChoices):
    VISIT = "visit", _("Visit to the institution")
    COACHING = "coaching", _("Coaching (pembinaan)")
    DOCUMENTS = "documents", _("Help with documents")
    TRAINING = "training", _("Training or workshop")
    OTHER = "other", _("Other")


class AssistanceSession(models.Model):
    """A Dinsos assistance (pendampingan) activity for an institution, optionally for a case."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="assistance_sessions"
    )
    case = models.ForeignKey(
        AccreditationCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_sessions",
    )
    held_on = models.DateField(
        _("date"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    kind = models.CharField(_("activity"), max_length=12, choices=AssistanceKind.choices)
    attendees = models.CharField(
        _("who attended"),
        max_length=300,
        blank=True,
        help_text=_("Names and roles, e.g. Ibu Siti (ketua), Bapak Ahmad (bendahara)."),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    notes = models.TextField(_("notes"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("assistance session")
        verbose_name_plural = _("assistance sessions")

    def __str__(self):
        return f"{self.institution} — {self.held_on}"

    def clean(self):
        if self.follow_up_on and self.held_on and self.follow_up_on < self.held_on:
            raise ValidationError(
                {"follow_up_on": _("The follow-up cannot be before the session.")}
            )


class MentorshipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Mentorship(models.Model):
    """An accredited institution helping another build capacity, from a start to an end."""

    mentor = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="mentees_links",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="mentor_links",
        verbose_name=_("mentored institution"),
    )
    started_on = models.DateField(
        _("since"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(ended_on__isnull=True),
                name="mentorship_unique_current_pair",
                violation_error_message=_(
                    "This mentor already mentors this institution: the mentorship is still running."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
                violation_error_message=_("A mentorship cannot end before it started."),
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")),
                name="mentorship_not_self",
                violation_error_message=_("An institution cannot mentor itself."),
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"

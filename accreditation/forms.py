from django import forms
from django.utils.translation import gettext_lazy as _

from accreditation.models import AccreditationCase, AssistanceSession, Grade, Mentorship
from accreditation.selectors import possible_mentors
from lks_registry.forms import DateInput, FieldsOnlyHelper
from lks_registry.models import Institution, LegalBasis, LegalScope

NOT_ACCREDITED = "none"


class TransitionForm(FieldsOnlyHelper, forms.ModelForm):
    """The data a transition needs (its `fields`), a note and a confirmation. It only validates;
    accreditation.services.case_transition() applies it."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I confirm this step."),
        error_messages={"required": _("Tick the box to confirm the step.")},
    )

    class Meta:
        model = AccreditationCase
        fields = []

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["expected_state"].initial = self.instance.state
        for name in transition.required:
            self.fields[name].required = True
        if transition.note_required:
            self.fields["note"].required = True
        if "grade" in self.fields:
            # Starts empty: the decider picks a grade or "not accredited" on purpose, so a
            # forgotten field never records a case as not accredited.
            self.fields["grade"] = forms.ChoiceField(
                label=self.fields["grade"].label,
                help_text=_("Choose the grade BALKS gave, or “not accredited”."),
                choices=[
                    ("", "---------"),
                    *((str(grade.pk), str(grade)) for grade in Grade.objects.all()),
                    (NOT_ACCREDITED, _("Not accredited")),
                ],
                initial="",
            )
        if "legal_basis" in self.fields:
            self.fields["legal_basis"].queryset = LegalBasis.objects.governing(
                LegalScope.ACCREDITATION
            )
            if self.instance.legal_basis_id is None:
                self.initial["legal_basis"] = LegalBasis.current_for(LegalScope.ACCREDITATION)

    def clean_grade(self):
        value = self.cleaned_data["grade"]
        return None if value == NOT_ACCREDITED else Grade.objects.get(pk=value)

    def case_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.transition.fields}


def transition_form_class(transition):
    return forms.modelform_factory(
        AccreditationCase,
        form=TransitionForm,
        fields=list(transition.fields),
        widgets={
            name: DateInput()
            for name in (
                "recommendation_date",
                "submitted_on",
                "visit_scheduled_on",
                "visit_held_on",
                "decided_on",
            )
        },
    )


class ReadinessForm(FieldsOnlyHelper, forms.Form):
    """One score field and one note field per standard, built from the reference data."""

    def __init__(self, *args, standards, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        for standard in self.standards:
            current = scores.get(standard.pk)
            self.fields[f"score_{standard.code}"] = forms.IntegerField(
                label=standard.name,
                min_value=standard.min_score,
                max_value=standard.max_score,
                initial=current.score if current else None,
                help_text=_("From %(low)s to %(high)s; weight %(weight)s")
                % {
                    "low": standard.min_score,
                    "high": standard.max_score,
                    "weight": standard.weight,
                },
            )
            self.fields[f"note_{standard.code}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                initial=current.note if current else "",
            )

    def scores(self) -> dict:
        return {
            standard: (
                self.cleaned_data[f"score_{standard.code}"],
                self.cleaned_data[f"note_{standard.code}"],
            )
            for standard in self.standards
        }


class AssistanceForm(FieldsOnlyHelper, forms.ModelForm):
    class Meta:
        model = AssistanceSession
        fields = ["held_on", "kind", "attendees", "notes", "follow_up_on"]
        widgets = {
            "held_on": DateInput(),
            "follow_up_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class MentorshipForm(FieldsOnlyHelper, forms.ModelForm):
    """Offers only institutions that may mentor (accreditation.selectors.possible_mentors), never
    the mentee itself; the service checks the same rule again."""

    mentor = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("Mentor (an accredited institution)")
    )

    class Meta:
        model = Mentorship
        fields = ["mentor", "started_on", "note"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = possible_mentors(exclude=mentee)


class MentorshipEndForm(FieldsOnlyHelper, forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = ["ended_on", "end_reason"]
        widgets = {"ended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["end_reason"].required = True


class CaseOpenForm(FieldsOnlyHelper, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("Open an accreditation case for this institution."),
        error_messages={"required": _("Tick the box to confirm the step.")},
    )

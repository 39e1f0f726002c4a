from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accreditation import selectors, services
from accreditation.filters import CaseFilter
from accreditation.forms import (
    AssistanceForm,
    CaseOpenForm,
    MentorshipEndForm,
    MentorshipForm,
    ReadinessForm,
    transition_form_class,
)
from accreditation.models import (
    OPEN_STATES,
    AccreditationCase,
    AccreditationSettings,
    CaseState,
    Mentorship,
    ReadinessScore,
    Standard,
)
from lks_registry.permissions import (
    VIEW_REGISTRY,
    institution_account_required,
    is_institution_account,
    permission_required,
    visible_institutions,
)

VIEW_CASES = "accreditation.view_accreditationcase"
LOG_ASSISTANCE = "accreditation.add_assistancesession"
RATE_READINESS = "accreditation.change_readinessscore"
ADD_MENTORSHIP = "accreditation.add_mentorship"
CHANGE_MENTORSHIP = "accreditation.change_mentorship"
APPLY = "accreditation.apply_for_accreditation"


def institution_panel_context(request, institution):
    """The accreditation panel on the register's institution page: everything for staff; the
    grade and the application button for the institution's own account."""
    cases = list(institution.accreditation_cases.select_related("grade"))
    open_case = next((case for case in cases if case.is_open), None)
    current = selectors.current_accreditation(institution)
    if request.user.has_perm(APPLY) and is_institution_account(request.user):
        # The same cases as staff see, so "in progress" and "never applied" cannot both show.
        return {
            "own_account": True,
            "current": current,
            "days_left": selectors.days_left(current),
            "open_case": open_case,
            "cases": cases,
        }
    if not request.user.has_perm(VIEW_CASES):
        return None
    # One row more than shown tells whether to link to the full list, without a count query.
    assistance = list(institution.assistance_sessions.select_related("officer")[:6])
    return {
        "current": current,
        "days_left": selectors.days_left(current),
        "cases": cases,
        "open_case": open_case,
        "mentors": Mentorship.objects.current().filter(mentee=institution).select_related("mentor"),
        "mentees": Mentorship.objects.current().filter(mentor=institution).select_related("mentee"),
        "assistance": assistance[:5],
        "more_assistance": len(assistance) > 5,
        "can_log": request.user.has_perm(LOG_ASSISTANCE),
        "can_open": request.user.has_perm(services.OPEN_CASES) and open_case is None,
        "can_add_mentor": request.user.has_perm(ADD_MENTORSHIP),
    }


def public_accreditation_values(institution):
    """Grade and validity on the public profile (lks_registry.public_fields)."""
    current = selectors.current_accreditation(institution)
    if current is None:
        return {"accreditation_grade": _("Not accredited"), "accreditation_valid_until": None}
    return {
        "accreditation_grade": current.grade.code,
        "accreditation_valid_until": current.valid_until,
    }


@require_http_methods(["GET", "POST"])
@institution_account_required(APPLY)
def apply_for_accreditation(request, institution_pk):
    """An institution asks for accreditation. The case opens in preparation: Dinsos assists and
    must recommend before anything goes to BALKS (DOMAIN.md), so it cannot start as submitted."""
    institution = get_object_or_404(visible_institutions(request.user), pk=institution_pk)
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_open(
                institution=institution,
                user=request.user,
                note=form.cleaned_data["note"] or _("Application by the institution"),
            )
        except services.TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your application for accreditation has been sent to Dinas Sosial.")
            )
            return redirect(institution)
    return render(
        request, "accreditation/case_open.html", {"form": form, "institution": institution}
    )


CARDS_PER_COLUMN = 20


@require_safe
@permission_required(VIEW_CASES)
def pipeline_board(request):
    """Columns with the full count and the longest-waiting cards; the table pages through all.
    A fixed number of queries and a bounded page at any scale."""
    case_filter = CaseFilter(
        request.GET,
        queryset=AccreditationCase.objects.open().select_related("institution__kecamatan"),
    )
    cases = case_filter.qs
    as_table = request.GET.get("view") == "table"
    query = request.GET.copy()
    query.pop("view", None)
    query.pop("page", None)
    context = {"filter": case_filter, "as_table": as_table, "query": query.urlencode()}
    counts = dict(cases.order_by().values_list("state").annotate(n=Count("pk")))
    context["total"] = sum(counts.values())
    if as_table:
        context["page"] = Paginator(cases, 50).get_page(request.GET.get("page"))
    else:
        # Filtering on a window function: one query gives each column's longest-waiting cards.
        shown = list(
            cases.annotate(
                rank=Window(
                    RowNumber(), partition_by=F("state"), order_by=F("state_changed_at").asc()
                )
            ).filter(rank__lte=CARDS_PER_COLUMN)
        )
        context["columns"] = [
            (
                state,
                CaseState(state).label,
                counts.get(state, 0),
                [c for c in shown if c.state == state],
            )
            for state in OPEN_STATES
        ]
    return render(request, "accreditation/board.html", context)


@require_safe
@permission_required(VIEW_REGISTRY)
def case_detail(request, pk):
    """Staff see every case; an institution's own account follows its own cases (read only)."""
    staff = request.user.has_perm(VIEW_CASES)
    if not (staff or request.user.has_perm(APPLY)):
        raise PermissionDenied
    case = get_object_or_404(
        AccreditationCase.objects.select_related(
            "institution__kecamatan", "grade", "legal_basis"
        ).filter(institution__in=visible_institutions(request.user)),
        pk=pk,
    )
    return render(
        request,
        "accreditation/case_detail.html",
        {
            "case": case,
            "events": case.events.select_related("actor"),
            "profile": selectors.readiness_profile(case),
            "documents": case.institution.documents.current().select_related("document_type"),
            "assistance": case.assistance_sessions.select_related("officer"),
            "transitions": services.available_transitions(case, request.user),
            "can_rate": request.user.has_perm(RATE_READINESS) and case.is_open,
            "can_log": request.user.has_perm(LOG_ASSISTANCE),
            "history": selectors.case_history(case) if staff else None,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(services.OPEN_CASES)
def case_open(request, institution_pk):
    institution = get_object_or_404(visible_institutions(request.user), pk=institution_pk)
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                institution=institution, user=request.user, note=form.cleaned_data["note"]
            )
        except services.TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("An accreditation case has been opened."))
            return redirect("accreditation:case_detail", case.pk)
    return render(
        request, "accreditation/case_open.html", {"form": form, "institution": institution}
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_CASES)
def case_transition(request, pk, name):
    case = get_object_or_404(AccreditationCase.objects.select_related("institution"), pk=pk)
    transition = services.TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    if not request.user.has_perm(transition.permission):
        raise PermissionDenied
    if case.state not in transition.sources:
        messages.error(request, services.WRONG_STATE % {"state": case.get_state_display()})
        return redirect("accreditation:case_detail", case.pk)
    form = transition_form_class(transition)(
        request.POST or None, instance=case, transition=transition
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_transition(
                case_id=case.pk,
                name=name,
                user=request.user,
                expected_state=form.cleaned_data["expected_state"],
                note=form.cleaned_data["note"],
                data=form.case_data(),
            )
        except services.TransitionError as error:
            form.add_error(None, error.message)
            for field, field_errors in error.field_errors.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Done: the case is now “%(state)s”.") % {"state": case.get_state_display()},
            )
            return redirect("accreditation:case_detail", case.pk)
    return render(
        request,
        "accreditation/transition_form.html",
        {"form": form, "case": case, "transition": transition},
    )


@require_http_methods(["GET", "POST"])
@permission_required(RATE_READINESS)
def readiness_edit(request, pk):
    case = get_object_or_404(AccreditationCase.objects.select_related("institution"), pk=pk)
    if not case.is_open:
        messages.error(request, services.READINESS_FROZEN % {"state": case.get_state_display()})
        return redirect("accreditation:case_detail", case.pk)
    scores = {s.standard_id: s for s in ReadinessScore.objects.filter(case=case)}
    form = ReadinessForm(request.POST or None, standards=Standard.objects.all(), scores=scores)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_save(case=case, scores=form.scores())
        except services.TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The readiness scores have been saved."))
            return redirect("accreditation:case_detail", case.pk)
    return render(request, "accreditation/readiness_form.html", {"form": form, "case": case})


def _log_assistance(request, institution, case, back_to):
    form = AssistanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assistance_log(
            institution=institution, case=case, officer=request.user, **form.cleaned_data
        )
        messages.success(request, _("The assistance session has been recorded."))
        return redirect(back_to)
    return render(
        request,
        "accreditation/assistance_form.html",
        {"form": form, "case": case, "institution": institution, "back_to": back_to},
    )


@require_http_methods(["GET", "POST"])
@permission_required(LOG_ASSISTANCE)
def assistance_add(request, pk):
    case = get_object_or_404(AccreditationCase.objects.select_related("institution"), pk=pk)
    return _log_assistance(
        request, case.institution, case, reverse("accreditation:case_detail", args=[case.pk])
    )


@require_http_methods(["GET", "POST"])
@permission_required(LOG_ASSISTANCE)
def institution_assistance_add(request, institution_pk):
    """Assistance that belongs to no case, e.g. coaching before an institution applies."""
    institution = get_object_or_404(visible_institutions(request.user), pk=institution_pk)
    return _log_assistance(request, institution, None, institution.get_absolute_url())


@require_http_methods(["GET", "POST"])
@permission_required(ADD_MENTORSHIP)
def mentorship_add(request, institution_pk):
    mentee = get_object_or_404(visible_institutions(request.user), pk=institution_pk)
    form = MentorshipForm(request.POST or None, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_add(
                mentor=form.cleaned_data["mentor"],
                mentee=mentee,
                note=form.cleaned_data["note"],
                started_on=form.cleaned_data["started_on"],
            )
        except services.TransitionError as error:
            form.add_error("mentor", error.message)
        else:
            messages.success(request, _("The mentor has been recorded."))
            return redirect(mentee)
    return render(
        request, "accreditation/mentorship_form.html", {"form": form, "institution": mentee}
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE_MENTORSHIP)
def mentorship_end(request, pk):
    mentorship = get_object_or_404(Mentorship.objects.select_related("mentor", "mentee"), pk=pk)
    form = MentorshipEndForm(request.POST or None, instance=mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_end(
                mentorship=mentorship,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            )
        except services.TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The mentorship has been ended."))
            return redirect("accreditation:mentorship_list")
    return render(
        request,
        "accreditation/mentorship_end.html",
        {"form": form, "mentorship": mentorship, "institution": mentorship.mentee},
    )


@require_safe
@permission_required(VIEW_CASES)
def mentorship_list(request):
    page = Paginator(selectors.all_mentorships(), 50).get_page(request.GET.get("page"))
    return render(request, "accreditation/mentorship_list.html", {"page": page, "query": ""})


@require_safe
@permission_required(VIEW_CASES)
def institution_assistance_list(request, institution_pk):
    """Every assistance session of one institution (its page shows the latest five)."""
    institution = get_object_or_404(visible_institutions(request.user), pk=institution_pk)
    sessions = institution.assistance_sessions.select_related("officer", "case")
    page = Paginator(sessions, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accreditation/assistance_list.html",
        {"institution": institution, "page": page, "query": ""},
    )


@require_safe
@permission_required(VIEW_CASES)
def worklists(request):
    today = timezone.localdate()
    return render(
        request,
        "accreditation/worklists.html",
        {
            "follow_ups": selectors.assistance_follow_ups_due(today),
            "expiring": selectors.expiring_accreditations(today),
            "expired": selectors.expired_accreditations(today),
            "never_applied": selectors.never_applied(),
            "stuck": selectors.stuck_cases(),
            "settings": AccreditationSettings.current(),
        },
    )

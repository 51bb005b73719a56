"""The mentors' and mentees' pages: My mentoring, an agreement, and the mentor's session forms.

An agreement the person neither mentors nor is a mentee in answers 404, as if it did not exist;
so does a session form for anyone but the agreement's mentor. Every change goes through
`mentoring.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors
from .forms import SessionForm
from .permissions import can_log_sessions, can_view_agreement, is_mentor_of
from .services import MentoringRefused, cancel_session, log_session, plan_session, reschedule_session


def _when(session) -> str:
    return date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")


@never_cache
@login_required
def my_mentoring_view(request):
    """The agreements this person mentors and those they are mentored in. Open to anyone logged in:
    someone in neither sees a page that says so."""
    mentored = list(selectors.mentored_agreements(request.user))
    mentee_of = list(selectors.mentee_agreements(request.user))
    return render(request, "mentoring/my_mentoring.html", {"mentored": mentored, "mentee_of": mentee_of})


@never_cache
@login_required
def agreement_view(request, agreement_id: int):
    """The mentor's workspace for one agreement; for a mentee, the agreement and their own sessions."""
    agreement = selectors.agreement_with_hours(agreement_id)
    if agreement is None or not can_view_agreement(request.user, agreement):
        raise Http404
    if is_mentor_of(request.user, agreement):
        return render(
            request,
            "mentoring/agreement.html",
            {
                "agreement": agreement,
                "sessions": selectors.split_sessions(selectors.agreement_sessions(agreement)),
                "mentees": list(selectors.agreement_mentees(agreement)),
            },
        )
    sessions = selectors.split_sessions(selectors.sessions_of_mentee(agreement, request.user))
    return render(
        request,
        "mentoring/agreement_mentee.html",
        {
            "agreement": agreement,
            "upcoming": sessions["upcoming"],
            "cancelled": sessions["cancelled_to_come"],
            "delivered": sessions["delivered"],
            "my_minutes": sum(session.duration_minutes for session in sessions["delivered"]),
        },
    )


def _agreement_to_log(request, agreement_id: int):
    agreement = selectors.agreement_with_hours(agreement_id)
    if agreement is None or not can_log_sessions(request.user, agreement):
        raise Http404
    return agreement


def _session_to_log(request, session_id: int):
    session = selectors.session_for_mentor(session_id)
    if session is None or not can_log_sessions(request.user, session.agreement):
        raise Http404
    return session


def _cancelled(request, session):
    """A cancelled session is neither changed nor logged: back to the agreement, saying so."""
    messages.info(request, _("This session has been cancelled."))
    return redirect("mentoring:agreement", agreement_id=session.agreement_id)


def _session_form_page(request, *, agreement, session, delivered: bool, save, initial, success: str, heading: str):
    """Show the session form, and on a valid POST call `save(form)` (a service); a refusal comes
    back by the field it concerns, with everything as typed."""
    mentees = agreement.mentees.select_related("user").order_by("user__last_name", "user__first_name", "pk")
    submitted = request.method == "POST"
    form = SessionForm(
        request.POST if submitted else None,
        initial=None if submitted else initial,
        agreement=agreement,
        delivered=delivered,
        mentees=mentees,
    )
    if submitted and form.is_valid():
        try:
            saved = save(form)
        except MentoringRefused as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success % {"when": _when(saved)})
            return redirect("mentoring:agreement", agreement_id=agreement.pk)
    return render(
        request,
        "mentoring/session_form.html",
        {"agreement": agreement, "session": session, "form": form, "delivered": delivered, "heading": heading},
        status=400 if submitted else 200,
    )


@never_cache
@login_required
def plan_session_view(request, agreement_id: int):
    agreement = _agreement_to_log(request, agreement_id)
    return _session_form_page(
        request,
        agreement=agreement,
        session=None,
        delivered=False,
        save=lambda form: plan_session(agreement, by=request.user, **form.session_fields()),
        initial={"participants": list(agreement.mentees.values_list("pk", flat=True)), "planned_minutes": 90},
        success=_("Session planned for %(when)s. Those expected get a reminder before it."),
        heading=_("Plan a session"),
    )


@never_cache
@login_required
def log_session_view(request, agreement_id: int):
    """Log a session that was not planned here beforehand."""
    agreement = _agreement_to_log(request, agreement_id)
    return _session_form_page(
        request,
        agreement=agreement,
        session=None,
        delivered=True,
        save=lambda form: log_session(agreement, by=request.user, **form.session_fields()),
        initial={"date": timezone.localdate(), "participants": list(agreement.mentees.values_list("pk", flat=True))},
        success=_("Session of %(when)s logged."),
        heading=_("Log a session"),
    )


@never_cache
@login_required
def edit_session_view(request, session_id: int):
    """Change a planned session (time, length, topic, who is expected), or correct a logged one."""
    session = _session_to_log(request, session_id)
    if session.is_cancelled:
        return _cancelled(request, session)
    agreement = session.agreement
    if session.delivered:
        return _session_form_page(
            request,
            agreement=agreement,
            session=session,
            delivered=True,
            save=lambda form: log_session(agreement, session=session, by=request.user, **form.session_fields()),
            initial=SessionForm.initial_from(session, delivered=True),
            success=_("The log of the session of %(when)s is saved."),
            heading=_("Edit the session's log"),
        )
    return _session_form_page(
        request,
        agreement=agreement,
        session=session,
        delivered=False,
        save=lambda form: reschedule_session(session, by=request.user, **form.session_fields()),
        initial=SessionForm.initial_from(session, delivered=False),
        success=_("Session of %(when)s saved."),
        heading=_("Change the planned session"),
    )


@never_cache
@login_required
def log_planned_session_view(request, session_id: int):
    """A planned session has taken place: its duration, who took part, the summary and notes."""
    session = _session_to_log(request, session_id)
    if session.is_cancelled:
        return _cancelled(request, session)
    if session.delivered:
        return redirect("mentoring:edit_session", session_id=session.pk)
    agreement = session.agreement
    return _session_form_page(
        request,
        agreement=agreement,
        session=session,
        delivered=True,
        save=lambda form: log_session(agreement, session=session, by=request.user, **form.session_fields()),
        initial=SessionForm.initial_from(session, delivered=True),
        success=_("Session of %(when)s logged."),
        heading=_("Log the session"),
    )


@require_POST
@login_required
def cancel_session_view(request, session_id: int):
    session = _session_to_log(request, session_id)
    try:
        cancelled = cancel_session(session, by=request.user)
    except MentoringRefused as error:
        messages.error(request, error.message)
    else:
        if cancelled.starts_at > cancelled.cancelled_at:
            message = _("The session of %(when)s is cancelled. Those expected at it are told by email.")
        else:
            message = _("The session of %(when)s is cancelled.")
        messages.success(request, message % {"when": _when(session)})
    return redirect("mentoring:agreement", agreement_id=session.agreement_id)

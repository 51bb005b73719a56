"""The trainer's pages (dashboard, roster, check-in code, walk-in) and the participant's check-in.

A session the person may not mark answers 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

import segno

from accounts.selectors import display_name
from courses.models import Session

from . import selectors, services
from .forms import RosterForm, WalkInForm
from .permissions import can_mark_attendance
from .services import AttendanceRefused, add_walk_in, check_can_check_in, check_in, check_in_token, save_roster


def _session_to_mark(request, session_id: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("offering"), pk=session_id)
    if not can_mark_attendance(request.user, session):
        raise Http404
    return session


def _session_label(session: Session) -> str:
    """ "Introduction, 12.3.2026": how a message names a session."""
    return f"{session.offering.localized_title}, {date_format(session.date, 'SHORT_DATE_FORMAT')}"


@never_cache
@login_required
def dashboard_view(request):
    """The sessions of the courses this person trains. Anyone else sees a page that says so."""
    sessions = selectors.trainer_sessions(request.user)
    return render(
        request,
        "attendance/dashboard.html",
        {"sessions": sessions, "has_sessions": any(sessions.values())},
    )


@never_cache
@login_required
def roster_view(request, session_id: int):
    """Everyone with a confirmed place, marked in one form and saved with one press.

    "Mark all present" fills the rows left without a status and saves, so no script is needed.
    Before the session's day the list is shown read-only: marking opens on the day.
    """
    session = _session_to_mark(request, session_id)
    roster = selectors.roster(session)
    submitted = request.method == "POST"
    form = RosterForm(
        request.POST if submitted else None,
        roster=roster,
        fill_present=submitted and request.POST.get("action") == "all-present",
    )
    if submitted and form.is_valid():
        try:
            saved = save_roster(session, marks=form.marks(), by=request.user)
        except AttendanceRefused as error:
            form.add_error(None, error.message)
        else:
            if saved.created or saved.changed:
                messages.success(
                    request,
                    _("Attendance saved. New marks: %(created)s, corrections: %(changed)s.")
                    % {"created": saved.created, "changed": saved.changed},
                )
            else:
                messages.info(request, _("Attendance saved. Nothing had changed."))
            return redirect("attendance:roster", session_id=session.pk)
    marked = sum(1 for enrolment in roster if enrolment.mark)
    return render(
        request,
        "attendance/roster.html",
        {"session": session, "form": form, "marked_count": marked, "marking_open": services.marking_is_open(session)},
        status=400 if submitted else 200,
    )


@never_cache
@login_required
def check_in_code_view(request, session_id: int):
    """A QR code for the participants' phones, naming this session only. The code changes every
    CHECK_IN_CODE_SECONDS; the page's script (static/attendance/check_in_code.js) fetches the page
    again when the next code is due and swaps the code in."""
    session = _session_to_mark(request, session_id)
    now = timezone.now()
    url = request.build_absolute_uri(reverse("attendance:check_in", args=[check_in_token(session, at=now)]))
    qr = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, light="#fff", svgclass="qr-code", title=_("Check-in code")
    )
    return render(
        request,
        "attendance/check_in_code.html",
        {
            "session": session,
            "url": url,
            "qr": qr,
            "made_at": now,
            # A moment after the next code starts, so that the server surely makes the new one.
            "next_code_in_ms": int((services.next_code_in(at=now) + 0.5) * 1000),
            "is_today": session.date == timezone.localdate(),
        },
    )


# The session scanned, kept in the phone's session while the participant logs in and confirms.
PENDING_CHECK_IN = "attendance.check_in"


@never_cache
def check_in_view(request, token: str):
    """The address in the QR code. The code is checked now, as it is scanned, since it soon
    changes; the session it names is kept for this browser, which goes on to confirm (logging in
    first if need be). A forwarded link opened later finds the code changed."""
    try:
        session = services.scanned_session(token)
    except AttendanceRefused as error:
        return render(request, "attendance/check_in.html", {"refusal": error}, status=400)
    request.session[PENDING_CHECK_IN] = session.pk
    return redirect("attendance:confirm_check_in")


@never_cache
@login_required
def confirm_check_in_view(request):
    """The page a participant's phone lands on after scanning: confirm, then marked present.

    Every rule is checked before the button is shown, so a refusal (wrong day, no place) is told
    at once, with status 400; pressing the button checks them all again. Someone already marked (by
    the trainer, or by checking in before) is told their mark and gets no button.
    """
    session = Session.objects.select_related("offering").filter(pk=request.session.get(PENDING_CHECK_IN)).first()
    try:
        if session is None:
            raise AttendanceRefused(_("Scan the check-in code on the trainer's screen."), code="not_scanned")
        enrolment = check_can_check_in(session, user=request.user)
        if request.method == "POST":
            mark = check_in(session, user=request.user)
    except AttendanceRefused as error:
        return render(request, "attendance/check_in.html", {"refusal": error}, status=400)
    if request.method == "POST":
        del request.session[PENDING_CHECK_IN]
        if mark.is_own_check_in:
            messages.success(request, _("You are checked in: %(session)s.") % {"session": _session_label(session)})
        else:
            messages.info(
                request,
                _("The trainer has already marked you: %(status)s (%(session)s). Checking in does not change it.")
                % {"session": _session_label(session), "status": mark.get_status_display()},
            )
        return redirect("enrolment:my_trainings")
    return render(
        request,
        "attendance/check_in.html",
        {"session": session, "mark": enrolment.attendances.filter(session=session).first()},
    )


@never_cache
@login_required
def walk_in_view(request, session_id: int):
    """Someone in the room without a place: they get one and are marked present. Before the
    session's day the page says when it opens instead of showing the form."""
    session = _session_to_mark(request, session_id)
    form = WalkInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = add_walk_in(session, by=request.user, **form.cleaned_data)
        except AttendanceRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s has a place on the course and is marked present.") % {"name": display_name(enrolment.user)},
            )
            return redirect("attendance:roster", session_id=session.pk)
    return render(
        request,
        "attendance/walk_in.html",
        {"session": session, "form": form, "marking_open": services.marking_is_open(session)},
        status=400 if request.method == "POST" else 200,
    )

"""An audit entry in words, in the reader's language: the log stores plain values (statuses,
numbers, formats) and they are worded when read, so a Swedish-speaking coordinator reads Swedish."""

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from attendance.models import Attendance
from enrolment.models import Enrolment

from .models import Entry

Action = Entry.Action

EXPORTS = {
    "participants": lambda: _("participant list"),
    "report": lambda: _("report"),
    "personal_data": lambda: _("personal data"),
}
ERASURES = {
    "own_request": lambda: _("at the person's own request"),
    "coordinator": lambda: _("by a coordinator"),
    "inactive": lambda: _("account not used for the retention period"),
}


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "–"))


def _date(value: str) -> str:
    try:
        return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return value or ""


def describe(entry: Entry) -> str:
    """What changed, in a line: "Absent → Present (12.3.2026)", "Certificate 2026-000123"."""
    details, action = entry.details, entry.action
    if action in (Action.ATTENDANCE_CORRECTED, Action.MEETING_ATTENDANCE_CORRECTED):
        change = f"{_label(Attendance.Status.choices, details.get('from'))} → {_label(Attendance.Status.choices, details.get('to'))}"
        if details.get("from") == details.get("to"):
            change = _("remark changed")
        return f"{change} ({_date(details.get('date'))})" if details.get("date") else change
    if action in (Action.ENROLMENT_APPROVED, Action.PERSON_ADDED):
        text = _label(Enrolment.Status.choices, details.get("status"))
        return f"{text}, {_('walk-in at a session')}" if details.get("walk_in") else text
    if action == Action.ENROLMENT_CANCELLED:
        return _("late cancellation") if details.get("late") else ""
    if action == Action.WAITING_LIST_MOVED:
        return _("place %(old)s → %(new)s") % {"old": details.get("from"), "new": details.get("to")}
    if action == Action.COMPLETION_DECIDED:
        return {True: _("completed"), False: _("not completed")}.get(details.get("completed"), _("back to the rule"))
    if action in (Action.CERTIFICATE_ISSUED, Action.CERTIFICATE_REVOKED, Action.CERTIFICATE_REISSUED):
        text = details.get("number", "")
        if details.get("replaces"):
            text = _("%(new)s replaces %(old)s") % {"new": text, "old": details["replaces"]}
        return text
    if action == Action.EXPORTED:
        what = EXPORTS.get(details.get("what"), lambda: details.get("what", ""))()
        text = f"{what}, {str(details.get('format', '')).upper()}"
        if "rows" in details:
            text += ", " + _("%(count)s rows") % {"count": details["rows"]}
        if details.get("filters"):
            text += f" ({details['filters']})"
        return text
    if action == Action.ACCOUNT_ERASED:
        return ERASURES.get(details.get("why"), lambda: "")()
    if action == Action.ANSWERS_PURGED:
        return _("%(count)s enrolments") % {"count": details.get("count", 0)}
    return ""

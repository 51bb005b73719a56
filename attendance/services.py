"""Marking attendance, self check-in, walk-ins and completion.

A roster is saved in one go: existing marks are read in one query and written back with bulk
operations, so saving 200 participants costs what saving 20 does. A changed mark leaves an
AttendanceChange (who, when, from what to what, and the replaced mark's author and time); saving
the same marks again changes nothing.

Everything that writes one session's marks (a roster save, a check-in, a walk-in) first locks the
session's row, so they take turns: otherwise two of them both read "no mark yet" and the second
insert fails on the one-mark-per-session constraint, a server error on PostgreSQL.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.services import get_or_create_person
from audit import services as audit
from courses.models import Session
from enrolment.models import Enrolment, EnrolmentEvent
from enrolment.services import EnrolmentRefused

from .completion import evaluate
from .models import Attendance, AttendanceChange

CHECK_IN_SALT = "attendance.check-in"
# The trainer's screen shows a new check-in code every CHECK_IN_CODE_SECONDS, and a code is taken
# while it or the next one is shown: a phone scanning the screen always gets in, a photo of the code
# or a forwarded link stops working within a minute.
CHECK_IN_CODE_SECONDS = 30
# A roster save of 200 takes well under a second; a lock held longer than this is something stuck.
LOCK_TIMEOUT_MS = 5000


class AttendanceRefused(EnrolmentRefused):
    pass


@dataclass(frozen=True)
class RosterSaved:
    created: int
    changed: int


def marking_is_open(session: Session) -> bool:
    """Marks (and walk-ins) are taken from the session's day on, never before: nobody attends, and
    so completes, a session that has not happened. Sessions that are over stay open for
    corrections."""
    return session.date <= timezone.localdate()


def _refuse_before_the_day(session: Session):
    if not marking_is_open(session):
        raise AttendanceRefused(
            _("Attendance can be marked from the day of the session on (%(date)s).")
            % {"date": date_format(session.date, "SHORT_DATE_FORMAT")},
            code="not_yet",
        )


def save_roster(session: Session, *, marks: dict[int, tuple[str, str]], by) -> RosterSaved:
    """Record `marks` ({enrolment_pk: (status, remark)}) for this session's confirmed participants.

    Enrolments not confirmed on the session's course are refused as a whole, so nothing is half
    written; so is a session whose day has not come. Completion of everyone marked is refreshed.
    """
    valid = set(Attendance.Status.values)
    if any(status not in valid for status, _remark in marks.values()):
        raise AttendanceRefused(_("Choose an attendance status for each person."), code="status")
    with transaction.atomic():
        _refuse_before_the_day(lock_session(session.pk))
        return _record_marks(session, marks=marks, by=by)


def lock_session(session_pk: int) -> Session:
    """Lock the session's row until the transaction ends; wait at most LOCK_TIMEOUT_MS for it.

    Taken first by everything that writes the session's marks. SQLite ignores row locks: its
    IMMEDIATE transactions already let one writer in at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
    try:
        return Session.objects.select_for_update().get(pk=session_pk)
    except DatabaseError as error:
        raise AttendanceRefused(
            _("Someone else is saving this session's attendance right now. Please try again in a moment."),
            code="busy",
        ) from error


def _marks_at(session: Session, *, enrolment_pks) -> dict[int, Attendance]:
    marks = Attendance.objects.filter(session=session, enrolment_id__in=enrolment_pks).select_related("enrolment")
    return {a.enrolment_id: a for a in marks}


def _record_marks(session: Session, *, marks: dict[int, tuple[str, str]], by) -> RosterSaved:
    """save_roster's writes, under the session's lock, which the caller holds."""
    confirmed = set(
        Enrolment.objects.filter(
            pk__in=marks, offering_id=session.offering_id, status=Enrolment.Status.CONFIRMED
        ).values_list("pk", flat=True)
    )
    if confirmed != set(marks):
        raise AttendanceRefused(_("The roster has changed. Please reload the page."), code="roster")
    existing = _marks_at(session, enrolment_pks=marks)
    now = timezone.now()
    new, changed, changes, entries = [], [], [], []
    for enrolment_pk, (status, remark) in marks.items():
        remark = remark.strip()[:255]
        mark = existing.get(enrolment_pk)
        if mark is None:
            new.append(
                Attendance(
                    session=session,
                    enrolment_id=enrolment_pk,
                    status=status,
                    remark=remark,
                    marked_by=by,
                    marked_at=now,
                )
            )
        elif (mark.status, mark.remark) != (status, remark):
            changes.append(
                AttendanceChange(
                    attendance=mark,
                    changed_by=by,
                    from_status=mark.status,
                    to_status=status,
                    from_remark=mark.remark,
                    to_remark=remark,
                    from_marked_by_id=mark.marked_by_id,
                    from_marked_at=mark.marked_at,
                )
            )
            entries.append(
                audit.entry(
                    audit.Action.ATTENDANCE_CORRECTED,
                    actor=by,
                    subject=mark.enrolment.user_id,
                    offering=session.offering_id,
                    details={"date": session.date.isoformat(), "from": mark.status, "to": status},
                )
            )
            mark.status, mark.remark, mark.marked_by, mark.marked_at = status, remark, by, now
            changed.append(mark)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "remark", "marked_by", "marked_at"])
    AttendanceChange.objects.bulk_create(changes)
    audit.record_many(entries)
    if new or changed:
        refresh_completion(session.offering, enrolment_pks=[a.enrolment_id for a in new + changed])
    return RosterSaved(created=len(new), changed=len(changed))


def refresh_completion(offering, *, enrolment_pks=None) -> int:
    """Recompute `Enrolment.completed` of the course's confirmed participants (or of these).
    A fixed number of queries however many there are. Returns how many changed."""
    sessions = list(Session.objects.filter(offering_id=offering.pk))
    rule = type(offering).objects.filter(pk=offering.pk).only("completion_share", "excused_counts").get()
    enrolments = Enrolment.objects.filter(offering_id=offering.pk, status=Enrolment.Status.CONFIRMED)
    if enrolment_pks is not None:
        enrolments = enrolments.filter(pk__in=enrolment_pks)
    enrolments = list(enrolments.only("pk", "completed", "completion_override"))
    marks = {}
    for enrolment_id, session_id, status in Attendance.objects.filter(
        enrolment__in=enrolments, session__offering_id=offering.pk
    ).values_list("enrolment_id", "session_id", "status"):
        marks.setdefault(enrolment_id, {})[session_id] = status
    changed = []
    for enrolment in enrolments:
        completed = evaluate(
            rule, sessions, marks.get(enrolment.pk, {}), override=enrolment.completion_override
        ).completed
        if completed != enrolment.completed:
            enrolment.completed = completed
            changed.append(enrolment)
    Enrolment.objects.bulk_update(changed, ["completed"])
    return len(changed)


def override_completion(enrolment: Enrolment, *, completed: bool | None, by, reason: str) -> Enrolment:
    """A coordinator decides completion against the rule (or, with None, gives it back to the rule).
    A decision needs a reason, which is kept with who made it and when."""
    reason = reason.strip()
    if completed is not None and not reason:
        raise AttendanceRefused(_("Give a reason for deciding completion by hand."), code="reason")
    with transaction.atomic():
        enrolment.completion_override = completed
        enrolment.completion_override_reason = reason
        enrolment.completion_override_by = by
        enrolment.completion_override_at = timezone.now()
        enrolment.save(
            update_fields=[
                "completion_override",
                "completion_override_reason",
                "completion_override_by",
                "completion_override_at",
            ]
        )
        refresh_completion(enrolment.offering, enrolment_pks=[enrolment.pk])
        # Every decision stays in the enrolment's history, not only the latest one.
        Action = EnrolmentEvent.Action
        action = {True: Action.DECIDED_COMPLETED, False: Action.DECIDED_NOT_COMPLETED, None: Action.RULE_RESTORED}
        EnrolmentEvent.objects.create(
            enrolment=enrolment, action=action[completed], by=by, status=enrolment.status, reason=reason
        )
        audit.record(
            audit.Action.COMPLETION_DECIDED,
            actor=by,
            subject=enrolment.user_id,
            offering=enrolment.offering_id,
            details={"completed": completed},
            reason=reason,
        )
    enrolment.refresh_from_db(fields=["completed"])
    return enrolment


def _code_step(at: dt.datetime) -> int:
    """Which code is shown at `at`: the number of CHECK_IN_CODE_SECONDS since the epoch."""
    return int(at.timestamp() // CHECK_IN_CODE_SECONDS)


def check_in_token(session: Session, *, at: dt.datetime | None = None) -> str:
    """The signed check-in code of this session shown at `at` (now)."""
    step = _code_step(at or timezone.now())
    # Plain numbers rather than signed JSON: a short address makes a coarser QR code, which a phone
    # reads from further away.
    return signing.Signer(salt=CHECK_IN_SALT).sign(f"{session.pk}-{step}")


def next_code_in(*, at: dt.datetime | None = None) -> float:
    """Seconds until the trainer's screen should show the next code."""
    seconds = (at or timezone.now()).timestamp()
    return CHECK_IN_CODE_SECONDS - seconds % CHECK_IN_CODE_SECONDS


def scanned_session(token: str, *, at: dt.datetime | None = None) -> Session:
    """The session whose code was scanned, checked at the moment of scanning: the code must be the
    one on the trainer's screen at `at` (now) or the one before it, and the session today's. What happens
    next (logging in, confirming) may take longer than a code lives, so the caller keeps the
    session, not the code. Raises AttendanceRefused saying why not."""
    try:
        session_pk, step = map(int, signing.Signer(salt=CHECK_IN_SALT).unsign(token).split("-"))
    except (signing.BadSignature, ValueError) as error:
        raise AttendanceRefused(_("This check-in code is not valid."), code="invalid") from error
    if not 0 <= _code_step(at or timezone.now()) - step <= 1:
        raise AttendanceRefused(
            _("This check-in code is no longer valid. Scan the code on the trainer's screen."),
            code="expired",
        )
    session = Session.objects.select_related("offering").filter(pk=session_pk).first()
    if session is None or session.date != timezone.localdate():
        raise AttendanceRefused(_("Check-in is open only on the day of the session."), code="day")
    return session


def check_can_check_in(session: Session, *, user) -> Enrolment:
    """This person's confirmed place on the course of the session, which must be today's, or
    AttendanceRefused saying why not. Writes nothing, so the confirmation page can tell a
    participant before they press the button."""
    if session.date != timezone.localdate():
        raise AttendanceRefused(_("Check-in is open only on the day of the session."), code="day")
    enrolment = Enrolment.objects.filter(
        offering_id=session.offering_id, user=user, status=Enrolment.Status.CONFIRMED
    ).first()
    if enrolment is None:
        raise AttendanceRefused(_("You do not have a confirmed place on this training."), code="not_enrolled")
    return enrolment


def check_in(session: Session, *, user) -> Attendance:
    """Mark the logged-in participant present at this session (one whose code they scanned), and
    only there.

    Check-in only fills a row nobody has marked: a trainer's mark (late, excused, absent, or
    present) stands and is returned as it is, so the participant can be told what it says
    (`Attendance.is_own_check_in` tells it from their own check-in).
    """
    enrolment = check_can_check_in(session, user=user)
    with transaction.atomic():
        # Under the session's lock a double tap's second request, or a roster being saved, waits and
        # then finds the mark already there.
        lock_session(session.pk)
        mark, created = Attendance.objects.get_or_create(
            session=session,
            enrolment=enrolment,
            defaults={
                "status": Attendance.Status.PRESENT,
                "marked_by": user,
                "marked_at": timezone.now(),
                "checked_in": True,
            },
        )
        if created:
            refresh_completion(session.offering, enrolment_pks=[enrolment.pk])
    return mark


def add_walk_in(session: Session, *, email: str, first_name: str, last_name: str, by) -> Enrolment:
    """Someone in the room who had not enrolled: they get a confirmed place (they are here, so
    capacity does not turn them away) and are marked present at this session. Refused, with no
    account made, before the session's day."""
    with transaction.atomic():
        # The lock comes before the account: of two taps on "add", the second waits, then finds the
        # account, the place and the mark the first one made. One transaction: a refusal below
        # leaves no account behind either.
        _refuse_before_the_day(lock_session(session.pk))
        person = get_or_create_person(email=email, first_name=first_name, last_name=last_name)
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(offering_id=session.offering_id, user=person)
            .exclude(status=Enrolment.Status.CANCELLED)
            .first()
        )
        if enrolment is None:
            enrolment = Enrolment.objects.create(
                offering_id=session.offering_id,
                user=person,
                status=Enrolment.Status.CONFIRMED,
                confirmed_at=timezone.now(),
                created_by=by,
            )
            _walked_in(enrolment, by=by)
        elif enrolment.status != Enrolment.Status.CONFIRMED:
            enrolment.status, enrolment.position, enrolment.confirmed_at = (
                Enrolment.Status.CONFIRMED,
                None,
                timezone.now(),
            )
            enrolment.save(update_fields=["status", "position", "confirmed_at"])
            _walked_in(enrolment, by=by)
        _record_marks(session, marks={enrolment.pk: (Attendance.Status.PRESENT, "")}, by=by)
    return enrolment


def _walked_in(enrolment: Enrolment, *, by) -> None:
    EnrolmentEvent.objects.create(
        enrolment=enrolment, action=EnrolmentEvent.Action.WALK_IN, by=by, status=enrolment.status
    )
    audit.record(
        audit.Action.PERSON_ADDED,
        actor=by,
        subject=enrolment.user_id,
        offering=enrolment.offering_id,
        details={"status": enrolment.status, "walk_in": True},
    )

"""Taking, giving up and moving places on an offering.

Seats are taken under lock-then-check: inside one transaction the offering's row is locked, the
confirmed places are counted and only then is the enrolment written, so two requests can never
both take the last seat. The lock is taken late and only where a seat is taken; freeing one takes
none. The unique constraint on active enrolments backs the rule that nobody is enrolled twice.
"""

from contextlib import contextmanager

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.account.models import EmailAddress

from accounts.selectors import profile_for
from audit import services as audit
from courses import availability
from courses.models import BasicCoursePage, Offering

from .models import Enrolment, EnrolmentEvent
from .tasks import queue_email

Status = Enrolment.Status
Action = EnrolmentEvent.Action

LOCK_TIMEOUT_MS = 5000


class EnrolmentRefused(Exception):
    """A rule says no; `message` tells the person why, in their language."""

    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


@contextmanager
def _waiting_for_locks():
    """Row locks taken inside wait at most LOCK_TIMEOUT_MS; a longer wait becomes a friendly "try
    again". SQLite ignores row locks: its IMMEDIATE transactions already let one writer in at a time.

    Locks are taken in one order: an enrolment's own row, then its offering's, then the waiting
    enrolments in line order. Each lock names its own table (`of=("self",)`): a plain
    `select_related(...).select_for_update()` also locks the joined offering's and Wagtail page's
    rows, against that order, which PostgreSQL answered with deadlocks when people cancelled at once.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
    try:
        yield
    except DatabaseError as error:
        raise EnrolmentRefused(
            _("Many people are enrolling right now. Please try again in a moment."), code="busy"
        ) from error


def lock_offering(offering_pk: int) -> Offering:
    """Lock the offering's row until the transaction ends. Its own row, not Wagtail's page row, so
    an editor saving the page never queues behind enrolments."""
    with _waiting_for_locks():
        return Offering.objects.select_for_update(of=("self",)).only("pk", "capacity").get(pk=offering_pk)


def _confirmed(offering_pk: int) -> int:
    return Enrolment.objects.filter(offering_id=offering_pk, status=Status.CONFIRMED).count()


def _next_position(offering_pk: int) -> int:
    last = Enrolment.objects.filter(offering_id=offering_pk, status=Status.WAITING).aggregate(m=Max("position"))["m"]
    return (last or 0) + 1


# What a coordinator does to someone's enrolment also goes into the audit log.
AUDITED = {
    Action.APPROVED: audit.Action.ENROLMENT_APPROVED,
    Action.CANCELLED: audit.Action.ENROLMENT_CANCELLED,
    Action.MOVED: audit.Action.WAITING_LIST_MOVED,
    Action.ADDED: audit.Action.PERSON_ADDED,
}


def _record(enrolment: Enrolment, action: str, *, by, reason: str = "", details=None) -> EnrolmentEvent:
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment, action=action, by=by, status=enrolment.status, reason=reason
    )
    if action in AUDITED and audit.is_someone_elses(by, enrolment.user_id):
        audit.record(
            AUDITED[action],
            actor=by,
            subject=enrolment.user_id,
            offering=enrolment.offering_id,
            details={"status": enrolment.status, **(details or {})},
            reason=reason,
        )
    return event


def _active(offering_pk: int, user) -> Enrolment | None:
    return Enrolment.objects.filter(offering_id=offering_pk, user=user).exclude(status=Status.CANCELLED).first()


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def meets_prerequisite(offering: Offering, *, user) -> bool:
    """The advanced course asks for a completed basic course (any cohort of it counts)."""
    specific = offering.specific
    if not getattr(specific, "prerequisite_id", None):
        return True
    return Enrolment.objects.filter(
        user=user, status=Status.CONFIRMED, completed=True, offering__in=BasicCoursePage.objects.all()
    ).exists()


# Why the offering's availability (courses.availability, which its page and cards show) stops anyone
# enrolling now.
WINDOW_REFUSALS = {
    availability.NOT_YET: (_("Enrolment has not opened yet."), "not_open"),
    availability.CLOSED: (_("Enrolment has closed."), "closed"),
    availability.STARTED: (_("This training has already started."), "started"),
    availability.ENDED: (_("This training has already ended."), "started"),
}


def check_can_enrol(offering: Offering, *, user) -> None:
    """Raise EnrolmentRefused with the first rule that stops this person enrolling now."""
    if not offering.live:
        raise EnrolmentRefused(_("This training is not open for enrolment."), code="not_live")
    if refusal := WINDOW_REFUSALS.get(offering.availability.state):
        message, code = refusal
        raise EnrolmentRefused(message, code=code)
    if not has_verified_email(user):
        raise EnrolmentRefused(_("Please verify your email address before enrolling."), code="unverified")
    if not profile_for(user).is_complete:
        raise EnrolmentRefused(_("Please complete your profile before enrolling."), code="profile")
    if not meets_prerequisite(offering, user=user):
        raise EnrolmentRefused(
            _("The advanced course is for those who have taken the basic course in systemic practice."),
            code="prerequisite",
        )


def enrol(offering: Offering, *, user, answers: dict | None = None) -> Enrolment:
    """Enrol the person: a seat if one is free, else the waiting list, or pending approval.

    Enrolling again while enrolled returns the existing enrolment (a double click). The
    confirmation, waiting-list or pending email is queued after commit.
    """
    check_can_enrol(offering, user=user)
    return _place(offering, user=user, answers=answers or {}, by=user, action=Action.ENROLLED)


def add_participant(offering: Offering, *, user, by, answers: dict | None = None, reason: str = "") -> Enrolment:
    """A coordinator enrols someone by hand: window and prerequisite do not apply, capacity does."""
    return _place(offering, user=user, answers=answers or {}, by=by, action=Action.ADDED, reason=reason, approved=True)


def _place(offering, *, user, answers, by, action, reason="", approved=False) -> Enrolment:
    try:
        with transaction.atomic():
            if existing := _active(offering.pk, user):
                return existing
            if offering.approval_required and not approved:
                enrolment = Enrolment.objects.create(
                    offering=offering, user=user, status=Status.PENDING, answers=answers, created_by=by
                )
            else:
                lock_offering(offering.pk)
                # Checked again under the lock: a double click's first request has committed by now.
                if existing := _active(offering.pk, user):
                    return existing
                enrolment = Enrolment(offering=offering, user=user, answers=answers, created_by=by)
                _seat_or_queue(enrolment, capacity=offering.capacity)
                enrolment.save()
            _record(enrolment, action, by=by, reason=reason)
            queue_email(enrolment, enrolment.status)
            return enrolment
    except IntegrityError:
        # Two requests of the same person raced past the check (no lock on the pending path);
        # the constraint let one through.
        existing = _active(offering.pk, user)
        if existing is None:
            raise
        return existing


def _seat_or_queue(enrolment: Enrolment, *, capacity: int) -> None:
    """Under the offering's lock: confirm if a seat is free, else put at the end of the line."""
    if _confirmed(enrolment.offering_id) < capacity:
        enrolment.status, enrolment.position, enrolment.confirmed_at = Status.CONFIRMED, None, timezone.now()
    else:
        enrolment.status, enrolment.position = Status.WAITING, _next_position(enrolment.offering_id)


def approve_enrolment(enrolment: Enrolment, *, by) -> Enrolment:
    """A coordinator approves a pending enrolment: it takes a seat, or the waiting list if full."""
    with transaction.atomic():
        lock_offering(enrolment.offering_id)
        enrolment = Enrolment.objects.select_related("offering").get(pk=enrolment.pk)
        if enrolment.status != Status.PENDING:
            return enrolment
        _seat_or_queue(enrolment, capacity=enrolment.offering.capacity)
        enrolment.save(update_fields=["status", "position", "confirmed_at"])
        _record(enrolment, Action.APPROVED, by=by)
        queue_email(enrolment, enrolment.status)
    return enrolment


def can_cancel_self(enrolment: Enrolment) -> bool:
    """A participant cancels online until the training starts; after that a coordinator does."""
    starts_on = enrolment.offering.starts_on
    return enrolment.is_active and (starts_on is None or timezone.localdate() < starts_on)


def cancel_enrolment(enrolment: Enrolment, *, by, reason: str = "") -> Enrolment:
    """Cancel; after the course's cancellation deadline it is marked late. A freed seat goes to
    the first in the waiting list. Cancelling twice changes nothing."""
    with transaction.atomic():
        with _waiting_for_locks():
            enrolment = (
                Enrolment.objects.select_for_update(of=("self",)).select_related("offering").get(pk=enrolment.pk)
            )
        if enrolment.status == Status.CANCELLED:
            return enrolment
        held_seat = enrolment.status == Status.CONFIRMED
        deadline = enrolment.offering.cancellation_deadline
        enrolment.status, enrolment.position = Status.CANCELLED, None
        enrolment.cancelled_at = timezone.now()
        enrolment.late_cancellation = held_seat and deadline is not None and enrolment.cancelled_at >= deadline
        enrolment.completed = False
        enrolment.save(update_fields=["status", "position", "cancelled_at", "late_cancellation", "completed"])
        event = _record(
            enrolment, Action.CANCELLED, by=by, reason=reason, details={"late": enrolment.late_cancellation}
        )
        queue_email(enrolment, "cancelled", key=str(event.pk))
        if held_seat:
            fill_free_places(enrolment.offering)
    return enrolment


def fill_free_places(offering: Offering, *, by=None) -> list[Enrolment]:
    """Promote from the waiting list, first in line first, while seats are free; each promoted
    person is emailed after commit. Called when a seat frees and when capacity grows."""
    promoted = []
    with transaction.atomic():
        locked = lock_offering(offering.pk)
        free = locked.capacity - _confirmed(offering.pk)
        if free <= 0:
            return promoted
        # Locked in line order: someone leaving the line meanwhile holds their row until they have
        # left, and is then passed over for the next (PostgreSQL checks the status again).
        line = Enrolment.objects.filter(offering_id=offering.pk, status=Status.WAITING).order_by("position", "pk")
        with _waiting_for_locks():
            first_in_line = list(line.select_for_update(of=("self",))[:free])
        for enrolment in first_in_line:
            enrolment.status, enrolment.position, enrolment.confirmed_at = Status.CONFIRMED, None, timezone.now()
            enrolment.save(update_fields=["status", "position", "confirmed_at"])
            event = _record(enrolment, Action.PROMOTED, by=by)
            queue_email(enrolment, "promoted", key=str(event.pk))
            promoted.append(enrolment)
    return promoted


def move_in_waiting_list(enrolment: Enrolment, *, to_position: int, by, reason: str) -> Enrolment:
    """A coordinator moves a waiting person to another place in line (1 = first), with a reason."""
    if not reason.strip():
        raise EnrolmentRefused(_("Give a reason for changing the order of the waiting list."), code="reason")
    with transaction.atomic():
        lock_offering(enrolment.offering_id)
        line = list(
            Enrolment.objects.filter(offering_id=enrolment.offering_id, status=Status.WAITING).order_by(
                "position", "pk"
            )
        )
        current = next((e for e in line if e.pk == enrolment.pk), None)
        if current is None:
            raise EnrolmentRefused(_("This person is no longer on the waiting list."), code="not_waiting")
        old_position = line.index(current) + 1
        line.remove(current)
        new_position = min(max(to_position, 1), len(line) + 1)
        line.insert(new_position - 1, current)
        for number, waiting in enumerate(line, start=1):
            waiting.position = number
        Enrolment.objects.bulk_update(line, ["position"])
        _record(
            current,
            Action.MOVED,
            by=by,
            reason=f"{old_position} → {new_position}: {reason.strip()}",
            details={"from": old_position, "to": new_position},
        )
    return current

"""Reads for a person's own trainings and for the coordinators' lists, each in a fixed number of
queries however many enrolments there are."""

from django.db.models import Case, Count, DateField, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from attendance.completion import evaluate
from attendance.models import Attendance, AttendanceChange
from certificates.selectors import valid_attestations, valid_certificate_by_enrolment
from courses.models import Offering, Session
from home.translation import current_language

from .models import Enrolment, EnrolmentEvent
from .services import can_cancel_self

Status = Enrolment.Status


def with_place_in_line(queryset):
    """Annotate `waiting_ahead`: how many wait before each enrolment (read by `place_in_line`)."""
    ahead = (
        Enrolment.objects.filter(
            offering_id=OuterRef("offering_id"), status=Enrolment.Status.WAITING, position__lt=OuterRef("position")
        )
        .order_by()
        .values("offering_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(waiting_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)))


def my_enrolments(user):
    return (
        with_place_in_line(Enrolment.objects.filter(user=user))
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("offering", "offering__region", "offering__municipality")
        .prefetch_related(Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "starts_at")))
        .order_by("offering__starts_on", "pk")
    )


def my_attestations(user) -> list:
    """The person's valid developer-group and mentoring attestations, for My trainings, each with
    `title`: the group's or team's name as issued, in the active language. One query."""
    attestations = list(valid_attestations(user))
    language = current_language()
    for attestation in attestations:
        attestation.title = attestation.data.get(f"title_{language}") or attestation.data["title_fi"]
    return attestations


# Only what the completion rule and the participant's own page read.
MARK_FIELDS = ("pk", "enrolment_id", "session_id", "status")


def _as_shown(enrolments):
    return enrolments.prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.only(*MARK_FIELDS), to_attr="marks")
    )


def _show(enrolment, *, today, certificates) -> Enrolment:
    """What My trainings and the enrolment's own page show of one: attendance and completion (see
    `with_attendance`), `certificate` (the valid certificate of a completed one, else None) and
    `can_cancel` (the rule of `services.can_cancel_self`, which the cancel view applies)."""
    with_attendance(enrolment, today=today)
    enrolment.certificate = certificates.get(enrolment.pk) if enrolment.completed else None
    enrolment.can_cancel = can_cancel_self(enrolment)
    return enrolment


def my_trainings(user) -> dict:
    """Upcoming (confirmed or pending), waiting and past enrolments of the person, each as `_show`
    makes it."""
    today = timezone.localdate()
    groups = {"upcoming": [], "waiting": [], "past": []}
    certificates = valid_certificate_by_enrolment(user)
    for enrolment in _as_shown(my_enrolments(user)):
        _show(enrolment, today=today, certificates=certificates)
        ends_on = enrolment.offering.ends_on
        if ends_on and ends_on < today:
            if enrolment.status == Enrolment.Status.CONFIRMED:
                groups["past"].append(enrolment)
        elif enrolment.status == Enrolment.Status.WAITING:
            groups["waiting"].append(enrolment)
        else:
            groups["upcoming"].append(enrolment)
    groups["past"].reverse()
    return groups


def my_enrolment(user, pk: int) -> Enrolment | None:
    """One of the person's own enrolments, cancelled ones too, for its own page (None for anyone
    else's): as `_show` makes it, and for a cancelled one `cancellation` (its event: when and by
    whom) and `active` (the person's enrolment in the same training since, if any)."""
    enrolment = (
        _as_shown(with_place_in_line(Enrolment.objects.filter(user=user, pk=pk)))
        .select_related("offering", "offering__region", "offering__municipality")
        .prefetch_related(Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "starts_at")))
        .first()
    )
    if enrolment is None:
        return None
    certificates = valid_certificate_by_enrolment(user) if enrolment.completed else {}
    _show(enrolment, today=timezone.localdate(), certificates=certificates)
    enrolment.cancellation = enrolment.active = None
    if enrolment.status == Status.CANCELLED:
        cancellations = enrolment.events.filter(action=EnrolmentEvent.Action.CANCELLED).select_related("by")
        enrolment.cancellation = cancellations.order_by("-at", "-pk").first()
        enrolment.active = enrolment_of(user, enrolment.offering)
    return enrolment


def with_attendance(enrolment, *, today):
    """Attach `session_marks`, [(session, Attendance or None)] in session order, and `completion`
    (attendance.completion.Completion) for a confirmed enrolment whose course has begun or has a
    mark, else None. Reads only what was prefetched: the offering's sessions and `marks`."""
    sessions = list(enrolment.offering.sessions.all())
    marks = {mark.session_id: mark for mark in enrolment.marks}
    enrolment.session_marks = [(session, marks.get(session.pk)) for session in sessions]
    begun = bool(marks) or bool(sessions and sessions[0].date <= today)
    enrolment.completion = None
    if enrolment.status == Status.CONFIRMED and begun:
        enrolment.completion = evaluate(
            enrolment.offering,
            sessions,
            {pk: mark.status for pk, mark in marks.items()},
            override=enrolment.completion_override,
        )
    return enrolment


def enrolment_of(user, offering) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return (
        with_place_in_line(Enrolment.objects.filter(user=user, offering=offering))
        .exclude(status=Enrolment.Status.CANCELLED)
        .first()
    )


def enrolment_context(offering, user) -> dict:
    """What the course page's enrolment box needs: the person's enrolment, and whether one
    button is enough (nothing to ask first)."""
    if not user.is_authenticated:
        return {"my_enrolment": None, "one_step": False}
    from accounts.selectors import profile_for

    return {
        "my_enrolment": enrolment_of(user, offering),
        "one_step": profile_for(user).is_complete and not offering.questions.exists(),
    }


# Coordinators


def offerings_with_counts(*, today=None):
    """Every offering, live or draft, with its confirmed, waiting and pending enrolments counted in
    the same query: upcoming and running ones first, soonest first; then past ones, newest first;
    offerings without sessions yet end the upcoming part."""
    today = today or timezone.localdate()
    past = Q(ends_on__lt=today)
    return (
        Offering.objects.defer_streamfields()
        .select_related("municipality", "region")
        .annotate(
            confirmed=Count("enrolments", filter=Q(enrolments__status=Status.CONFIRMED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=Status.WAITING)),
            pending=Count("enrolments", filter=Q(enrolments__status=Status.PENDING)),
            is_past=Case(When(past, then=Value(1)), default=Value(0), output_field=IntegerField()),
            upcoming_start=Case(When(past, then=Value(None)), default=F("starts_on"), output_field=DateField()),
        )
        .order_by("is_past", F("upcoming_start").asc(nulls_last=True), F("starts_on").desc(nulls_last=True), "pk")
    )


def enrolment_counts(offering) -> dict:
    """Enrolments of the offering by status, and all of them, in one query."""
    counts = dict.fromkeys(Status.values, 0)
    rows = Enrolment.objects.filter(offering=offering).order_by().values_list("status").annotate(n=Count("pk"))
    counts.update(dict(rows))
    counts["all"] = sum(counts.values())
    return counts


STATUS_ORDER = Case(
    *(When(status=status, then=Value(rank)) for rank, status in enumerate(Status.values)),
    output_field=IntegerField(),
)
# At most this many words of a search are used: each one adds a condition.
SEARCH_WORDS = 5


def course_enrolments(offering, *, status=None, query: str = "", history: bool = False):
    """The offering's enrolments with each person's profile: pending, confirmed, waiting in line,
    then cancelled. Every word of `query` must match the name, email or organisation. With
    `history`, each enrolment's events come along (`enrolment.events.all()`)."""
    enrolments = Enrolment.objects.filter(offering=offering)
    if status:
        enrolments = enrolments.filter(status=status)
    for word in query.split()[:SEARCH_WORDS]:
        enrolments = enrolments.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(user__profile__organisation__icontains=word)
        )
    enrolments = enrolments.select_related(
        "user", "user__profile", "user__profile__municipality", "user__profile__sector", "created_by"
    ).order_by(STATUS_ORDER, "position", "user__last_name", "user__first_name", "pk")
    if history:
        enrolments = enrolments.prefetch_related(
            Prefetch("events", queryset=EnrolmentEvent.objects.select_related("by").order_by("at", "pk"))
        )
    return enrolments


def waiting_list(offering):
    """The offering's waiting list in order, first in line first. A person's place in line is their
    rank here: `position` orders the line but keeps its gaps when someone leaves it."""
    return (
        Enrolment.objects.filter(offering=offering, status=Status.WAITING)
        .select_related("user", "user__profile")
        .order_by("position", "pk")
    )


def waiting_places(offering) -> dict[int, int]:
    """Place in line (1 = first) by enrolment id."""
    line = Enrolment.objects.filter(offering=offering, status=Status.WAITING).order_by("position", "pk")
    return {pk: place for place, pk in enumerate(line.values_list("pk", flat=True), start=1)}


def attendance_grid(offering) -> tuple[list[Session], list[Enrolment]]:
    """The offering's sessions in order, and its confirmed participants by surname, each with
    `cells` ([(session, Attendance or None)] in session order) and `completion`. Four queries
    however many participants and sessions there are."""
    sessions = list(Session.objects.filter(offering_id=offering.pk).order_by("date", "starts_at", "pk"))
    enrolments = list(
        Enrolment.objects.filter(offering_id=offering.pk, status=Status.CONFIRMED)
        .select_related("user", "completion_override_by")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.only(*MARK_FIELDS, "remark")))
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for enrolment in enrolments:
        marks = {mark.session_id: mark for mark in enrolment.attendances.all()}
        enrolment.cells = [(session, marks.get(session.pk)) for session in sessions]
        enrolment.completion = evaluate(
            offering,
            sessions,
            {pk: mark.status for pk, mark in marks.items()},
            override=enrolment.completion_override,
        )
    return sessions, enrolments


def attendance_changes(offering):
    """Corrections of the offering's attendance marks, newest first, with who made them, who had
    made the mark each replaced, whose mark and which session."""
    return (
        AttendanceChange.objects.filter(attendance__session__offering_id=offering.pk)
        .select_related("changed_by", "from_marked_by", "attendance__session", "attendance__enrolment__user")
        .order_by("-changed_at", "-pk")
    )

"""Mentoring agreements, their mentees and sessions.

Views (the mentor's pages, the coordinators' admin) only read forms and call these; who may call
what is for the views to check (`mentoring.permissions`). A refused write raises
MentoringRefused with a translated message, and the field it concerns so a form can show it there.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.selectors import display_name
from accounts.services import get_or_create_person

from . import selectors, tasks
from .models import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, Agreement, Mentee, MentoringSession

# Sessions may fall a little outside the agreement's period: a kick-off before it starts, a
# closing talk after it ends. Further out, the date is more likely a typo than a session.
PERIOD_GRACE_DAYS = 14


class MentoringRefused(Exception):
    """A rule says no; `message` tells the person why, in their language, and `field` names the
    form field it concerns (None: the form as a whole)."""

    def __init__(self, message, *, code: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


# Agreements


def _check_agreement(*, mentor, team: str, goals: str, starts_on: dt.date, ends_on: dt.date, planned_hours):
    if not team.strip():
        raise MentoringRefused(_("Name the team or the persons mentored."), code="team", field="team")
    if not goals.strip():
        raise MentoringRefused(_("Write down the goals of the mentoring."), code="goals", field="goals")
    if ends_on < starts_on:
        raise MentoringRefused(_("The period cannot end before it starts."), code="period", field="ends_on")
    if planned_hours is None or planned_hours <= 0:
        raise MentoringRefused(_("Plan at least half an hour."), code="hours", field="planned_hours")
    if mentor is None or not mentor.is_active:
        raise MentoringRefused(_("The mentor's account is not in use."), code="mentor", field="mentor_email")


@transaction.atomic
def create_agreement(
    *,
    mentor,
    team: str,
    goals: str,
    starts_on: dt.date,
    ends_on: dt.date,
    planned_hours,
    organisation=None,
    municipality=None,
    created_by,
) -> Agreement:
    _check_agreement(
        mentor=mentor, team=team, goals=goals, starts_on=starts_on, ends_on=ends_on, planned_hours=planned_hours
    )
    return Agreement.objects.create(
        mentor=mentor,
        team=team.strip(),
        goals=goals.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
        organisation=organisation,
        municipality=municipality,
        created_by=created_by,
    )


@transaction.atomic
def update_agreement(
    agreement: Agreement,
    *,
    mentor,
    team: str,
    goals: str,
    starts_on: dt.date,
    ends_on: dt.date,
    planned_hours,
    organisation=None,
    municipality=None,
    by,
) -> Agreement:
    """Change the agreement. A period that would leave sessions far outside it is refused, and so
    is a mentor who is one of the agreement's mentees."""
    _check_agreement(
        mentor=mentor, team=team, goals=goals, starts_on=starts_on, ends_on=ends_on, planned_hours=planned_hours
    )
    if agreement.mentees.filter(user_id=mentor.pk).exists():
        raise MentoringRefused(
            _("%(person)s is a mentee in this agreement and cannot be its mentor.") % {"person": _name(mentor)},
            code="mentor_is_mentee",
            field="mentor_email",
        )
    earliest, latest = _allowed_dates(starts_on, ends_on)
    outside = (
        MentoringSession.objects.filter(agreement=agreement, cancelled_at__isnull=True)
        .filter(Q(starts_at__lt=_day_start(earliest)) | Q(starts_at__gte=_day_start(latest + dt.timedelta(days=1))))
        .count()
    )
    if outside:
        raise MentoringRefused(
            _(
                "%(count)s of the agreement's sessions would fall outside the new period (%(days)s days' "
                "margin either side). Change or cancel those sessions first."
            )
            % {"count": outside, "days": PERIOD_GRACE_DAYS},
            code="sessions_outside",
            field="starts_on",
        )
    agreement.mentor = mentor
    agreement.team = team.strip()
    agreement.goals = goals.strip()
    agreement.starts_on, agreement.ends_on = starts_on, ends_on
    agreement.planned_hours = planned_hours
    agreement.organisation, agreement.municipality = organisation, municipality
    agreement.save()
    return agreement


# Mentees


@transaction.atomic
def add_mentee(agreement: Agreement, *, email: str, first_name: str, last_name: str, by) -> Mentee:
    """Add a person to the agreement by email: their account if they have one, else a new one
    (see accounts.services.get_or_create_person). Refused for the mentor and for someone already
    in; a refusal rolls back an account made for it."""
    person = get_or_create_person(email=email, first_name=first_name, last_name=last_name)
    if person.pk == agreement.mentor_id:
        raise MentoringRefused(
            _("%(person)s is the mentor of this agreement and cannot be its mentee.") % {"person": _name(person)},
            code="mentor",
            field="email",
        )
    mentee, created = Mentee.objects.get_or_create(agreement=agreement, user=person)
    if not created:
        raise MentoringRefused(
            _("%(person)s is already a mentee in this agreement.") % {"person": _name(person)},
            code="already_mentee",
            field="email",
        )
    return mentee


@transaction.atomic
def remove_mentee(mentee: Mentee, *, by) -> None:
    """Take a person off the agreement, and off the planned sessions they were expected at.

    Someone who has been given an attestation of it, or took part in a delivered session, stays:
    the attestation and the hours they received rest on it (each refusal says which).
    """
    mentee = Mentee.objects.select_for_update().select_related("user").get(pk=mentee.pk)
    if mentee.certificates.exists():
        raise MentoringRefused(
            _("%(person)s has been given an attestation of this mentoring, so they stay on the agreement.")
            % {"person": _name(mentee.user)},
            code="has_attestation",
        )
    if mentee.sessions.filter(duration_minutes__isnull=False).exists():
        raise MentoringRefused(
            _("%(person)s has taken part in delivered sessions, so they stay on the agreement.")
            % {"person": _name(mentee.user)},
            code="has_sessions",
        )
    mentee.delete()


# Sessions


def _allowed_dates(starts_on: dt.date, ends_on: dt.date) -> tuple[dt.date, dt.date]:
    grace = dt.timedelta(days=PERIOD_GRACE_DAYS)
    return starts_on - grace, ends_on + grace


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _check_session(
    agreement: Agreement, *, starts_at: dt.datetime, minutes, minutes_field: str, topic: str, participants, delivered
) -> list[Mentee]:
    """The rules every session follows; returns the participants as the agreement's mentees."""
    if not topic.strip():
        raise MentoringRefused(_("Give the session a topic."), code="topic", field="topic")
    if minutes is None or not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        raise MentoringRefused(
            _("A session lasts from %(min)s minutes to %(max)s minutes (8 hours).")
            % {"min": MIN_SESSION_MINUTES, "max": MAX_SESSION_MINUTES},
            code="minutes",
            field=minutes_field,
        )
    earliest, latest = _allowed_dates(agreement.starts_on, agreement.ends_on)
    if not earliest <= timezone.localdate(starts_at) <= latest:
        raise MentoringRefused(
            _(
                "The date must be between %(earliest)s and %(latest)s: within the agreement's period, "
                "or at most %(days)s days before or after it."
            )
            % {
                "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                "latest": date_format(latest, "SHORT_DATE_FORMAT"),
                "days": PERIOD_GRACE_DAYS,
            },
            code="period",
            field="date",
        )
    if delivered and starts_at > timezone.now():
        raise MentoringRefused(
            _("A session can be logged once it has started. Plan a session that is still to come."),
            code="future",
            field="date",
        )
    pks = {getattr(participant, "pk", participant) for participant in participants}
    if not pks:
        raise MentoringRefused(
            _("Choose who took part.") if delivered else _("Choose who is expected."),
            code="participants",
            field="participants",
        )
    mentees = list(Mentee.objects.filter(agreement=agreement, pk__in=pks))
    if len(mentees) != len(pks):
        raise MentoringRefused(
            _("Choose the participants from the agreement's mentees."), code="not_mentee", field="participants"
        )
    return mentees


def _check_future(starts_at: dt.datetime) -> None:
    if starts_at <= timezone.now():
        raise MentoringRefused(
            _("A planned session must be in the future. Log a session that has taken place with its duration."),
            code="past",
            field="date",
        )


@transaction.atomic
def plan_session(
    agreement: Agreement, *, starts_at: dt.datetime, planned_minutes: int, topic: str, place: str = "", participants, by
) -> MentoringSession:
    """A session to come, with those expected at it; they and the mentor get a reminder
    MENTORING_REMINDER_DAYS days before (mentoring.tasks.send_reminders)."""
    mentees = _check_session(
        agreement,
        starts_at=starts_at,
        minutes=planned_minutes,
        minutes_field="planned_minutes",
        topic=topic,
        participants=participants,
        delivered=False,
    )
    _check_future(starts_at)
    session = MentoringSession.objects.create(
        agreement=agreement, starts_at=starts_at, planned_minutes=planned_minutes, topic=topic.strip(), place=place
    )
    session.participants.set(mentees)
    return session


@transaction.atomic
def reschedule_session(
    session: MentoringSession, *, starts_at: dt.datetime, planned_minutes: int, topic: str, place: str, participants, by
) -> MentoringSession:
    """Change a session not yet delivered. Moved to another time, it is reminded of again."""
    session = MentoringSession.objects.select_for_update().select_related("agreement").get(pk=session.pk)
    _check_not_cancelled(session)
    if session.delivered:
        raise MentoringRefused(_("This session has been logged as delivered; edit the log instead."), code="delivered")
    mentees = _check_session(
        session.agreement,
        starts_at=starts_at,
        minutes=planned_minutes,
        minutes_field="planned_minutes",
        topic=topic,
        participants=participants,
        delivered=False,
    )
    if starts_at != session.starts_at:
        _check_future(starts_at)
        session.reminder_sent_at = None
    event = _event_fields(session)
    session.starts_at, session.planned_minutes = starts_at, planned_minutes
    session.topic, session.place = topic.strip(), place
    if _event_fields(session) != event:
        session.bump_calendar_version()
    session.save()
    session.participants.set(mentees)
    return session


@transaction.atomic
def log_session(
    agreement: Agreement,
    *,
    session: MentoringSession | None = None,
    starts_at: dt.datetime,
    duration_minutes: int,
    topic: str,
    participants,
    place: str = "",
    summary: str = "",
    notes: str = "",
    by,
) -> MentoringSession:
    """Record a session that has taken place: its duration and who took part. A new one, or
    `session` (a planned session now delivered, or a log being corrected).

    While a valid attestation counts a delivered session for a mentee, its duration stays and so
    does that mentee among those who took part: the attestation states those hours. Its date,
    topic and texts can still be corrected."""
    mentees = _check_session(
        agreement,
        starts_at=starts_at,
        minutes=duration_minutes,
        minutes_field="duration_minutes",
        topic=topic,
        participants=participants,
        delivered=True,
    )
    if session is None:
        session = MentoringSession(agreement=agreement)
    else:
        session = MentoringSession.objects.select_for_update().get(pk=session.pk, agreement=agreement)
        _check_not_cancelled(session)
        _check_attested(session, mentees=mentees, duration_minutes=duration_minutes)
    event = _event_fields(session) if session.pk else None
    session.starts_at, session.duration_minutes = starts_at, duration_minutes
    session.topic, session.place = topic.strip(), place
    if event is not None and _event_fields(session) != event:
        session.bump_calendar_version()
    session.summary, session.notes = summary.strip(), notes.strip()
    session.logged_by = by
    session.save()
    session.participants.set(mentees)
    return session


@transaction.atomic
def cancel_session(session: MentoringSession, *, by) -> MentoringSession:
    """Cancel a planned session. It is kept, shown as cancelled and sent to calendars as
    cancelled (a deleted event would vanish silently); nobody is reminded of it, and those expected
    are told by email if it was still to come. A delivered session cannot be cancelled: hours were
    received at it. Cancelling twice changes nothing."""
    session = MentoringSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        return session
    if session.delivered:
        raise MentoringRefused(_("A delivered session cannot be cancelled. Correct its log instead."), code="delivered")
    session.cancelled_at = timezone.now()
    session.bump_calendar_version()
    session.save(update_fields=["cancelled_at", "sequence", "changed_at", "updated_at"])
    if session.starts_at > session.cancelled_at:
        tasks.queue_cancellation_emails(session)
    return session


def _check_attested(session: MentoringSession, *, mentees: list[Mentee], duration_minutes: int) -> None:
    """Refuse a correction that would make a valid attestation's hours wrong (see log_session)."""
    counting = selectors.attestations_counting(session)
    if not counting:
        return
    kept = {mentee.pk for mentee in mentees}
    for mentee_pk, certificate in counting.items():
        if mentee_pk not in kept:
            raise MentoringRefused(
                _(
                    "%(person)s's valid attestation counts this session, so they stay among those who took "
                    "part. If it is wrong, ask a coordinator to revoke the attestation first; a new one can "
                    "then be issued with the corrected hours."
                )
                % {"person": _name(certificate.mentee.user)},
                code="attested",
                field="participants",
            )
    if duration_minutes != session.duration_minutes:
        raise MentoringRefused(
            _(
                "A valid attestation (%(people)s) counts this session's %(minutes)s minutes, so the duration "
                "stays. If it is wrong, ask a coordinator to revoke the attestation first; a new one can then "
                "be issued with the corrected hours."
            )
            % {
                "people": ", ".join(sorted(_name(c.mentee.user) for c in counting.values())),
                "minutes": session.duration_minutes,
            },
            code="attested",
            field="duration_minutes",
        )


def _event_fields(session: MentoringSession) -> tuple:
    """What the session's calendar event shows (mentoring.calendar): a change is a new version."""
    return (session.starts_at, session.minutes, session.topic, session.place)


def _check_not_cancelled(session: MentoringSession) -> None:
    if session.is_cancelled:
        raise MentoringRefused(_("This session has been cancelled."), code="cancelled")


def _name(user) -> str:
    return display_name(user)

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from icalendar import Calendar

from mentoring import services
from mentoring.models import Agreement, Mentee, MentoringSession
from mentoring.selectors import mentee_agreements, with_hours
from mentoring.services import (
    MentoringRefused,
    add_mentee,
    cancel_session,
    create_agreement,
    log_session,
    plan_session,
    remove_mentee,
    reschedule_session,
    update_agreement,
)
from mentoring.tasks import send_cancellation_email
from tests.factories import MentoringSessionFactory, ParticipantFactory, UserFactory, at

pytestmark = pytest.mark.django_db


def agreement_fields(**fields) -> dict:
    today = timezone.localdate()
    return {
        "team": "  Eura, koulun ja lastensuojelun tiimi  ",
        "goals": " Tavoitteet. ",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=90),
        "planned_hours": Decimal("12.5"),
        **fields,
    }


# Agreements


def test_create_agreement_saves_the_agreement_with_its_texts_trimmed(mentor):
    coordinator = UserFactory()

    agreement = create_agreement(mentor=mentor, created_by=coordinator, **agreement_fields())

    agreement.refresh_from_db()
    assert (agreement.team, agreement.goals) == ("Eura, koulun ja lastensuojelun tiimi", "Tavoitteet.")
    assert (agreement.mentor, agreement.created_by, agreement.planned_hours) == (mentor, coordinator, Decimal("12.5"))


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ends_on": timezone.localdate() - dt.timedelta(days=1)}, "period"),
        ({"planned_hours": Decimal("0")}, "hours"),
        ({"team": "  "}, "team"),
        ({"goals": ""}, "goals"),
    ],
)
def test_create_agreement_refuses_what_does_not_make_sense(mentor, fields, code):
    with pytest.raises(MentoringRefused) as refused:
        create_agreement(mentor=mentor, created_by=None, **agreement_fields(**fields))

    assert refused.value.code == code
    assert Agreement.objects.count() == 0


def test_update_agreement_refuses_a_period_that_leaves_sessions_far_outside_it(agreement, asa):
    MentoringSessionFactory(agreement=agreement, days=-90, duration_minutes=60, participants=[asa])
    today = timezone.localdate()

    with pytest.raises(MentoringRefused) as refused:
        update_agreement(
            agreement, mentor=agreement.mentor, by=None, **agreement_fields(starts_on=today - dt.timedelta(days=60))
        )

    assert refused.value.code == "sessions_outside"
    agreement.refresh_from_db()
    assert agreement.starts_on == today - dt.timedelta(days=100)


def test_update_agreement_keeps_sessions_within_the_margin(agreement, asa):
    MentoringSessionFactory(agreement=agreement, days=-90, duration_minutes=60, participants=[asa])
    today = timezone.localdate()
    starts_on = today - dt.timedelta(days=90 - services.PERIOD_GRACE_DAYS)

    update_agreement(agreement, mentor=agreement.mentor, by=None, **agreement_fields(starts_on=starts_on))

    agreement.refresh_from_db()
    assert agreement.starts_on == starts_on
    assert agreement.team == "Eura, koulun ja lastensuojelun tiimi"


def test_update_agreement_refuses_one_of_its_mentees_as_mentor(agreement, asa):
    with pytest.raises(MentoringRefused) as refused:
        update_agreement(agreement, mentor=asa.user, by=None, **agreement_fields())

    assert refused.value.code == "mentor_is_mentee"


# Mentees


def test_add_mentee_links_the_existing_account_whatever_the_case_of_the_email(agreement):
    person = ParticipantFactory(email="laura.makinen@example.fi", username="laura.makinen@example.fi")

    mentee = add_mentee(agreement, email="Laura.Makinen@EXAMPLE.fi", first_name="L", last_name="M", by=None)

    assert mentee.user == person
    assert get_user_model().objects.filter(email__iexact="laura.makinen@example.fi").count() == 1


def test_add_mentee_makes_an_account_for_someone_new(agreement):
    mentee = add_mentee(agreement, email="uusi@example.fi", first_name="Uusi", last_name="Henkilö", by=None)

    user = mentee.user
    assert (user.email, user.get_full_name(), user.has_usable_password()) == ("uusi@example.fi", "Uusi Henkilö", False)
    assert EmailAddress.objects.get(user=user).verified is False


def test_add_mentee_refuses_someone_already_in_and_the_mentor(agreement, asa):
    with pytest.raises(MentoringRefused) as already:
        add_mentee(agreement, email=asa.user.email, first_name="", last_name="", by=None)
    with pytest.raises(MentoringRefused) as mentor:
        add_mentee(agreement, email=agreement.mentor.email, first_name="", last_name="", by=None)

    assert (already.value.code, mentor.value.code) == ("already_mentee", "mentor")
    assert list(agreement.mentees.all()) == [asa]


def test_remove_mentee_takes_them_off_planned_sessions(agreement, asa, bjorn):
    planned = MentoringSessionFactory(agreement=agreement, days=5, participants=[asa, bjorn])

    remove_mentee(asa, by=None)

    assert list(agreement.mentees.all()) == [bjorn]
    assert list(planned.participants.all()) == [bjorn]


def test_remove_mentee_refuses_someone_who_took_part_in_a_delivered_session(agreement, asa):
    MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa])

    with pytest.raises(MentoringRefused) as refused:
        remove_mentee(asa, by=None)

    assert refused.value.code == "has_sessions"
    assert Mentee.objects.filter(pk=asa.pk).exists()


# Planning


def test_plan_session_makes_a_session_without_a_duration(agreement, asa, bjorn, mentor):
    session = plan_session(
        agreement, starts_at=at(7), planned_minutes=60, topic=" Hypoteesit ", participants=[asa, bjorn], by=mentor
    )

    assert (session.delivered, session.planned_minutes, session.topic) == (False, 60, "Hypoteesit")
    assert set(session.participants.all()) == {asa, bjorn}


def plan(agreement, mentees, **fields):
    return plan_session(
        agreement,
        **{"starts_at": at(7), "planned_minutes": 90, "topic": "Aihe", "participants": mentees, "by": None, **fields},
    )


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"starts_at": at(-1)}, "past", "date"),
        ({"starts_at": at(31 + services.PERIOD_GRACE_DAYS)}, "period", "date"),
        ({"planned_minutes": 4}, "minutes", "planned_minutes"),
        ({"planned_minutes": 481}, "minutes", "planned_minutes"),
        ({"topic": " "}, "topic", "topic"),
        ({"participants": []}, "participants", "participants"),
    ],
)
def test_plan_session_refuses_with_the_field_to_correct(agreement, asa, fields, code, field):
    with pytest.raises(MentoringRefused) as refused:
        plan(agreement, [asa], **fields)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert MentoringSession.objects.count() == 0


def test_a_session_may_fall_a_little_after_the_period(agreement, asa):
    session = plan(agreement, [asa], starts_at=at(30 + services.PERIOD_GRACE_DAYS))

    assert session.pk


def test_plan_session_refuses_participants_of_another_agreement(agreement, asa, other_agreement):
    stranger = other_agreement.mentees.get()

    with pytest.raises(MentoringRefused) as refused:
        plan(agreement, [asa, stranger])

    assert refused.value.code == "not_mentee"


def test_reschedule_session_to_another_time_is_reminded_of_again(agreement, asa):
    session = MentoringSessionFactory(agreement=agreement, days=3, participants=[asa], reminder_sent_at=timezone.now())

    reschedule_session(
        session, starts_at=at(10), planned_minutes=60, topic="Uusi aika", place="", participants=[asa], by=None
    )

    session.refresh_from_db()
    assert (session.starts_at, session.topic, session.reminder_sent_at) == (at(10), "Uusi aika", None)


def test_reschedule_session_keeps_the_reminder_when_the_time_stays(agreement, asa, bjorn):
    sent = timezone.now()
    session = MentoringSessionFactory(agreement=agreement, days=3, participants=[asa], reminder_sent_at=sent)

    reschedule_session(
        session, starts_at=at(3), planned_minutes=60, topic="Aihe", place="Zoom", participants=[asa, bjorn], by=None
    )

    session.refresh_from_db()
    assert (session.reminder_sent_at, session.place) == (sent, "Zoom")
    assert set(session.participants.all()) == {asa, bjorn}


def test_reschedule_session_refuses_a_delivered_session(agreement, asa):
    session = MentoringSessionFactory(agreement=agreement, days=-3, duration_minutes=60, participants=[asa])

    with pytest.raises(MentoringRefused):
        reschedule_session(
            session, starts_at=at(3), planned_minutes=60, topic="A", place="", participants=[asa], by=None
        )


# Logging


def test_log_session_records_a_delivered_session(agreement, asa, bjorn, mentor):
    session = log_session(
        agreement,
        starts_at=at(-2),
        duration_minutes=75,
        topic="Verkostokartta",
        participants=[asa],
        summary=" Kartoitettiin verkosto. ",
        notes="Oma muistiinpano",
        by=mentor,
    )

    session.refresh_from_db()
    assert (session.duration_minutes, session.summary, session.notes, session.logged_by) == (
        75,
        "Kartoitettiin verkosto.",
        "Oma muistiinpano",
        mentor,
    )
    assert list(session.participants.all()) == [asa]


def test_logging_a_planned_session_delivers_that_session(agreement, asa, bjorn, mentor):
    planned = MentoringSessionFactory(agreement=agreement, days=-1, participants=[asa, bjorn])

    logged = log_session(
        agreement,
        session=planned,
        starts_at=planned.starts_at,
        duration_minutes=90,
        topic="Aihe",
        participants=[bjorn],
        by=mentor,
    )

    assert logged.pk == planned.pk
    assert MentoringSession.objects.get().delivered
    assert list(logged.participants.all()) == [bjorn]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"starts_at": at(1)}, "future"),
        ({"duration_minutes": 0}, "minutes"),
        ({"duration_minutes": 600}, "minutes"),
        ({"starts_at": at(-100 - services.PERIOD_GRACE_DAYS - 1)}, "period"),
    ],
)
def test_log_session_refuses_impossible_logs(agreement, asa, fields, code):
    with pytest.raises(MentoringRefused) as refused:
        log_session(
            agreement,
            **{"starts_at": at(-1), "duration_minutes": 60, "topic": "A", "participants": [asa], "by": None, **fields},
        )

    assert refused.value.code == code
    assert MentoringSession.objects.count() == 0


def test_cancel_session_keeps_a_planned_session_as_cancelled_and_refuses_a_delivered_one(agreement, asa):
    planned = MentoringSessionFactory(agreement=agreement, days=5, participants=[asa])
    delivered = MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa])

    cancelled = cancel_session(planned, by=None)
    assert cancel_session(planned, by=None).cancelled_at == cancelled.cancelled_at  # twice changes nothing
    with pytest.raises(MentoringRefused) as refusal:
        cancel_session(delivered, by=None)

    assert refusal.value.code == "delivered"
    assert set(MentoringSession.objects.all()) == {planned, delivered}
    planned.refresh_from_db()
    assert planned.is_cancelled
    assert list(planned.participants.all()) == [asa]  # who was expected stays on the record
    delivered.refresh_from_db()
    assert not delivered.is_cancelled


def test_cancelling_a_session_to_come_tells_those_expected_in_their_language_once(
    agreement, asa, bjorn, mailoutbox, django_capture_on_commit_callbacks
):
    session = MentoringSessionFactory(agreement=agreement, days=5, participants=[asa, bjorn], place="Porin perhekeskus")

    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session, by=agreement.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session, by=agreement.mentor)
    assert send_cancellation_email(session.pk, asa.user_id) is False  # a task delivered twice

    by_person = {message.to[0]: message for message in mailoutbox}
    assert set(by_person) == {asa.user.email, bjorn.user.email}  # the mentor cancelled it: not told
    assert "Peruttu" in by_person[asa.user.email].subject
    assert "Inställd" in by_person[bjorn.user.email].subject  # Björn reads Swedish
    assert "Porin perhekeskus" in by_person[bjorn.user.email].body
    name, content, mimetype = by_person[bjorn.user.email].attachments[0]
    assert (name, mimetype) == ("träff.ics", "text/calendar")
    assert by_person[asa.user.email].attachments[0][0] == "tapaaminen.ics"
    calendar = Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["method"]), str(event["status"])) == ("CANCEL", "CANCELLED")
    assert str(event["uid"]) == f"mentoring-session-{session.pk}@koulutus.example.fi"
    assert event["sequence"] == 1
    assert str(event["summary"]).startswith("Inställd: ")


def test_cancelling_a_session_whose_time_has_passed_tells_nobody(
    agreement, asa, mailoutbox, django_capture_on_commit_callbacks
):
    session = MentoringSessionFactory(agreement=agreement, days=-1, participants=[asa])

    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session, by=agreement.mentor)

    assert mailoutbox == []


def test_a_cancelled_session_is_neither_changed_nor_logged_and_counts_nowhere(agreement, asa):
    session = MentoringSessionFactory(agreement=agreement, days=5, participants=[asa])
    cancel_session(session, by=None)

    with pytest.raises(MentoringRefused) as moved:
        reschedule_session(
            session, starts_at=at(6), planned_minutes=60, topic="Uusi", place="", participants=[asa], by=None
        )
    with pytest.raises(MentoringRefused) as logged:
        log_session(
            agreement, session=session, starts_at=at(-1), duration_minutes=60, topic="A", participants=[asa], by=None
        )

    assert (moved.value.code, logged.value.code) == ("cancelled", "cancelled")
    counted = with_hours(Agreement.objects.filter(pk=agreement.pk)).get()
    assert (counted.upcoming_count, counted.to_log_count, counted.next_session_at) == (0, 0, None)
    assert (counted.delivered_minutes, counted.delivered_count) == (0, 0)
    assert mentee_agreements(asa.user).get().my_next_at is None


def test_the_database_refuses_a_cancelled_session_with_hours(agreement, asa):
    session = MentoringSessionFactory(agreement=agreement, days=-1, participants=[asa])
    cancel_session(session, by=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringSession.objects.filter(pk=session.pk).update(duration_minutes=60)


def test_cancelled_sessions_do_not_hold_a_period_change_back(agreement, asa):
    far = MentoringSessionFactory(agreement=agreement, days=25, participants=[asa])
    cancel_session(far, by=None)

    update_agreement(
        agreement,
        mentor=agreement.mentor,
        team=agreement.team,
        goals=agreement.goals,
        starts_on=agreement.starts_on,
        ends_on=timezone.localdate() - dt.timedelta(days=1),
        planned_hours=agreement.planned_hours,
        by=None,
    )

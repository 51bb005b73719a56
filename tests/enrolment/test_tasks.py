import datetime as dt

from django.utils import timezone

import pytest
from icalendar import Calendar

from enrolment.models import SentEmail
from enrolment.services import enrol
from enrolment.tasks import send_enrolment_email, send_reminders
from tests import written
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_confirmation_is_sent_after_commit_with_the_sessions_as_ics(
    catalogue, mailoutbox, django_capture_on_commit_callbacks
):
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus", sessions=[10, 17])
    person = ParticipantFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrolment = enrol(offering, user=person)
    assert mailoutbox == []  # nothing goes out before the commit
    for callback in callbacks:
        callback()

    assert [message.to for message in mailoutbox] == [[person.email]]
    message = mailoutbox[0]
    assert "Johdatus" in message.subject
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("koulutus.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = list(calendar.walk("VEVENT"))
    assert [event.decoded("dtstart").date() for event in events] == [
        timezone.localdate() + dt.timedelta(days=10),
        timezone.localdate() + dt.timedelta(days=17),
    ]
    assert SentEmail.objects.get(enrolment=enrolment, kind="confirmed").sent_at is not None


@pytest.mark.parametrize(
    ("language", "file_name"), [("fi", "koulutus.ics"), ("sv", "utbildning.ics"), ("en", "training.ics")]
)
@pytest.mark.parametrize("kind", ["confirmed", "promoted", "reminder"])
def test_the_calendar_file_is_named_in_the_persons_language(catalogue, mailoutbox, kind, language, file_name):
    person = ParticipantFactory(profile={"preferred_language": language})
    enrolment = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue), user=person)

    send_enrolment_email(enrolment.pk, kind)

    [(name, _content, mimetype)] = mailoutbox[0].attachments
    assert (name, mimetype) == (file_name, "text/calendar")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_confirmation_writes_the_sessions_and_the_last_moment_to_cancel_in_the_persons_style(
    catalogue, mailoutbox, language
):
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[30, 31], cancellation_days=7)
    first, second = offering.sessions.order_by("date")
    person = ParticipantFactory(profile={"preferred_language": language})
    enrolment = EnrolmentFactory(offering=offering, user=person)
    last_day = first.date - dt.timedelta(days=7)

    send_enrolment_email(enrolment.pk, "confirmed")

    body = mailoutbox[0].body
    for session in (first, second):
        assert (
            f"- {written.session(session.date, session.starts_at, session.ends_at, language)}, {session.place}" in body
        )
    # The end of the last day, not the midnight after it ("… klo 0.00" on the day after).
    assert written.moment(last_day, dt.time(23, 59), language) in body
    assert written.day(last_day + dt.timedelta(days=1), language) not in body


def test_running_the_email_task_twice_sends_once(catalogue, mailoutbox):
    enrolment = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue), user=ParticipantFactory())

    assert send_enrolment_email(enrolment.pk, "confirmed") is True
    assert send_enrolment_email(enrolment.pk, "confirmed") is False

    assert len(mailoutbox) == 1


def test_a_failed_send_can_be_retried(catalogue, mailoutbox, monkeypatch):
    enrolment = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue), user=ParticipantFactory())

    def refuse(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(ConnectionError):
            send_enrolment_email(enrolment.pk, "confirmed")

    assert not SentEmail.objects.filter(sent_at__isnull=False).exists()
    assert send_enrolment_email(enrolment.pk, "confirmed") is True
    assert len(mailoutbox) == 1


def test_email_is_written_in_the_persons_language(catalogue, mailoutbox):
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus", title_sv="Introduktion")
    enrolment = EnrolmentFactory(offering=offering, user=ParticipantFactory(profile={"preferred_language": "sv"}))

    send_enrolment_email(enrolment.pk, "confirmed")

    assert "Introduktion" in mailoutbox[0].subject
    assert "/sv/" in mailoutbox[0].body


def test_reminders_go_once_to_confirmed_people_of_trainings_starting_soon(catalogue, mailoutbox, settings):
    settings.ENROLMENT_REMINDER_DAYS = 3
    soon = IntroductionSessionPageFactory(parent=catalogue, sessions=[2])
    later = IntroductionSessionPageFactory(parent=catalogue, sessions=[10])
    confirmed = EnrolmentFactory(offering=soon, user=ParticipantFactory())
    EnrolmentFactory(offering=soon, user=ParticipantFactory(), status="waiting")
    EnrolmentFactory(offering=later, user=ParticipantFactory())

    assert send_reminders() == 1
    assert send_reminders() == 0

    assert [message.to for message in mailoutbox] == [[confirmed.user.email]]
    assert mailoutbox[0].attachments


def test_reminder_schedule_is_installed_by_migrations():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="enrolment.tasks.send_reminders")
    assert schedule.schedule_type == Schedule.HOURLY

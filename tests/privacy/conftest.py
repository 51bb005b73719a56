import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from certificates.services import issue_certificate
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import (
    AgreementFactory,
    BasicCoursePageFactory,
    DeveloperGroupFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    InvitationFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MenteeFactory,
    MentoringSessionFactory,
    ParticipantFactory,
)


@pytest.fixture
def anna(db):
    return ParticipantFactory(
        first_name="Anna",
        last_name="Virta",
        username="anna.virta@example.fi",
        profile={"organisation": "Porin perhekeskus", "job_title": "Perhetyöntekijä"},
    )


@pytest.fixture
def history(catalogue, anna, coordinator, mentor):
    """Anna's past in the programme: a completed basic course with an answer, a remark and a
    certificate; a place on a course still to come, with someone waiting behind her; a developer
    group with a meeting; mentoring received."""
    past = BasicCoursePageFactory(parent=catalogue, sessions=[-40, -30], scope_days=Decimal("2"))
    done = EnrolmentFactory(
        offering=past,
        user=anna,
        completed=True,
        answers={"1": {"question": "Ruokavalio", "answer": "Gluteeniton"}},
        completion_override_reason="",
    )
    EnrolmentEvent.objects.create(
        enrolment=done, action="added", by=coordinator, status="confirmed", reason="Annan pyynnöstä"
    )
    attendance = done.attendances.create(
        session=past.sessions.first(), status="late", remark="Juna myöhässä", marked_at=timezone.now()
    )
    certificate = issue_certificate(done, issued_by=coordinator)

    upcoming = IntroductionSessionPageFactory(parent=catalogue, capacity=1, sessions=[20])
    seat = EnrolmentFactory(offering=upcoming, user=anna)
    next_in_line = EnrolmentFactory(offering=upcoming, status=Enrolment.Status.WAITING, position=1)

    group = DeveloperGroupFactory()
    membership = MembershipFactory(group=group, user=anna)
    held = timezone.now() - dt.timedelta(days=3)
    meeting = MeetingFactory(group=group, starts_at=held, notes="Sovittiin.")
    MeetingAttendanceFactory(meeting=meeting, membership=membership, remark="Alusti")
    InvitationFactory(
        group=group, email="ANNA.VIRTA@example.fi", expires_at=held, membership=membership, accepted_at=held
    )

    today = timezone.localdate()
    agreement = AgreementFactory(
        mentor=mentor,
        team="Porin perhesosiaalityö",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=1),
        goals="Reflektiiviset keskustelut.",
        planned_hours=Decimal("10"),
    )
    mentee = MenteeFactory(agreement=agreement, user=anna)
    session = MentoringSessionFactory(
        agreement=agreement,
        starts_at=held,
        duration_minutes=90,
        topic="Tiimin rakenne",
        summary="Yhteenveto Annalle.",
        participants=[mentee],
    )
    return {
        "past": past,
        "done": done,
        "attendance": attendance,
        "certificate": certificate,
        "upcoming": upcoming,
        "seat": seat,
        "next_in_line": next_in_line,
        "group": group,
        "membership": membership,
        "mentor": mentor,
        "agreement": agreement,
        "session": session,
    }

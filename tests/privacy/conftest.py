import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from accounts.roles import set_up_roles
from certificates.services import issue_certificate
from developer_groups.models import Invitation, Meeting, MeetingAttendance, Membership
from enrolment.models import Enrolment, EnrolmentEvent
from mentoring.models import Agreement, Mentee, MentoringSession
from tests.developer_groups.conftest import make_group
from tests.factories import (
    BasicCoursePageFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
    UserFactory,
)


@pytest.fixture
def coordinator(db):
    coordinators, _trainers = set_up_roles()
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    user.groups.add(coordinators)
    return user


@pytest.fixture
def anna(db):
    return ParticipantFactory(
        first_name="Anna",
        last_name="Virta",
        username="anna.virta@example.fi",
        profile={"organisation": "Porin perhekeskus", "job_title": "Perhetyöntekijä"},
    )


@pytest.fixture
def history(catalogue, anna, coordinator):
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

    group = make_group()
    membership = Membership.objects.create(group=group, user=anna, joined_on=group.starts_on)
    held = timezone.now() - dt.timedelta(days=3)
    meeting = Meeting.objects.create(
        group=group, starts_at=held, ends_at=held + dt.timedelta(hours=2), notes="Sovittiin."
    )
    MeetingAttendance.objects.create(
        meeting=meeting, membership=membership, status="present", remark="Alusti", marked_at=held
    )
    Invitation.objects.create(
        group=group, email="ANNA.VIRTA@example.fi", expires_at=held, membership=membership, accepted_at=held
    )

    mentor = ParticipantFactory(first_name="Marja", last_name="Mentori")
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        mentor=mentor,
        team="Porin perhesosiaalityö",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=1),
        goals="Reflektiiviset keskustelut.",
        planned_hours=Decimal("10"),
    )
    mentee = Mentee.objects.create(agreement=agreement, user=anna)
    session = MentoringSession.objects.create(
        agreement=agreement, starts_at=held, duration_minutes=90, topic="Tiimin rakenne", summary="Yhteenveto Annalle."
    )
    session.participants.add(mentee)
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

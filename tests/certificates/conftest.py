import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from attendance.models import Attendance
from certificates.models import AttestationSettings
from developer_groups.models import DeveloperGroup, Meeting, MeetingAttendance, Membership
from mentoring.models import Agreement, Mentee, MentoringSession
from tests.factories import (
    BasicCoursePageFactory,
    EnrolmentFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)


@pytest.fixture
def course(catalogue):
    organiser = OrganisationFactory(
        name_fi="Sosiaalialan osaamiskeskus Vasso",
        name_sv="Kompetenscentret inom det sociala området Vasso",
        name_en="Social welfare competence centre Vasso",
        short_name="Vasso",
    )
    partner = OrganisationFactory(name_fi="Pesäpuu ry", name_sv="Pesäpuu rf", name_en="Pesäpuu", short_name="Pesäpuu")
    return BasicCoursePageFactory(
        parent=catalogue,
        title="Systeemisen työn peruskoulutus",
        title_sv="Grundutbildning i systemiskt arbete",
        title_en="Basic course in systemic practice",
        organiser=organiser,
        partner=partner,
        scope_days=Decimal("6"),
        scope_hours=Decimal("36"),
        certificate_content_fi=(
            "Systeemisen ajattelun perusteet, perheen ja verkoston kohtaaminen, reflektiivinen tiimityö "
            "sekä systeemisen lastensuojelun toimintamallin käytännöt."
        ),
        certificate_content_sv=(
            "Grunderna i systemiskt tänkande, möten med familjen och nätverket, reflekterande teamarbete "
            "samt praxis i den systemiska modellen för barnskydd."
        ),
        certificate_signatory="Leena Mäkelä",
        certificate_signatory_title_fi="Kehittämispäällikkö",
        certificate_signatory_title_sv="Utvecklingschef",
        certificate_place_fi="Turku",
        certificate_place_sv="Åbo",
        sessions=[-120, -90, -60, -30, -14, -2],
    )


@pytest.fixture
def person():
    return ParticipantFactory(first_name="Åsa", last_name="Törnqvist-Väänänen")


@pytest.fixture
def enrolment(course, person):
    return EnrolmentFactory(offering=course, user=person, completed=True)


@pytest.fixture
def coordinator():
    """Manages enrolments and issues certificates, as the demo's Coordinators group does."""
    group, _ = Group.objects.get_or_create(name="Coordinators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_enrolment", "view_enrolment"):
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="enrolment"))
    for codename in ("add_certificate", "change_certificate", "view_certificate"):
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="certificates"))
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# Developer-group and mentoring attestations, built with their own apps' models.

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def attestation_settings():
    """Vasso issues the attestations; Pesäpuu co-runs MindMe, so it is named on group ones."""
    settings = AttestationSettings.load()
    settings.issuer = OrganisationFactory(
        name_fi="Sosiaalialan osaamiskeskus Vasso",
        name_sv="Kompetenscentret inom det sociala området Vasso",
        name_en="Social welfare competence centre Vasso",
        short_name="Vasso",
    )
    settings.group_partner = OrganisationFactory(
        name_fi="Pesäpuu ry", name_sv="Pesäpuu rf", name_en="Pesäpuu", short_name="Pesäpuu"
    )
    settings.signatory = "Leena Mäkelä"
    settings.signatory_title_fi = "Kehittämispäällikkö"
    settings.signatory_title_sv = "Utvecklingschef"
    settings.save()
    return settings


def make_group(**fields) -> DeveloperGroup:
    today = timezone.localdate()
    return DeveloperGroup.objects.create(
        **{
            "name_fi": "MindMe-kehittäjäryhmä Pori",
            "name_sv": "MindMe-utvecklingsgruppen Björneborg",
            "name_en": "MindMe developer group Pori",
            "municipality": MunicipalityFactory(),
            "unit": "Porin perusopetus",
            "starts_on": today - dt.timedelta(days=120),
            "ends_on": today + dt.timedelta(days=60),
            "theme_fi": "Sisukas-malli: sijoitettujen lasten koulunkäynnin tuki",
            "theme_sv": "Sisukas-modellen: skolstöd för barn i vård utom hemmet",
            **fields,
        }
    )


def make_meeting(group, days_from_now: int) -> Meeting:
    starts_at = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) + dt.timedelta(days=days_from_now)
    return Meeting.objects.create(group=group, starts_at=starts_at, ends_at=starts_at + 2 * HOUR)


def make_member(group, user=None, *, role=Membership.Role.MEMBER, joined_on=None, marks=()) -> Membership:
    """A membership with attendance marks for (meeting, status) pairs."""
    membership = Membership.objects.create(
        group=group, user=user or ParticipantFactory(), role=role, joined_on=joined_on or group.starts_on
    )
    for meeting, status in marks:
        MeetingAttendance.objects.create(
            meeting=meeting, membership=membership, status=status, marked_at=meeting.starts_at
        )
    return membership


@pytest.fixture
def group(attestation_settings):
    return make_group()


@pytest.fixture
def meetings(group):
    """Four meetings held (90, 60, 30 and 7 days ago) and one to come."""
    return [make_meeting(group, days) for days in (-90, -60, -30, -7, 14)]


@pytest.fixture
def membership(group, meetings, person):
    """Åsa attended three of the four meetings held: present, late, present; absent from one."""
    present, late, absent = Attendance.Status.PRESENT, Attendance.Status.LATE, Attendance.Status.ABSENT
    return make_member(group, person, marks=zip(meetings, (present, late, absent, present), strict=False))


@pytest.fixture
def mentor():
    return ParticipantFactory(first_name="Marja", last_name="Mentori")


def make_agreement(mentor, **fields) -> Agreement:
    today = timezone.localdate()
    return Agreement.objects.create(
        **{
            "mentor": mentor,
            "team": "Porin perhesosiaalityö, tiimi 2",
            "municipality": MunicipalityFactory(),
            "starts_on": today - dt.timedelta(days=100),
            "ends_on": today + dt.timedelta(days=30),
            "goals": "Systeemisen tiimin reflektiivisten keskustelujen vakiinnuttaminen ja perheen verkoston mukaan ottaminen.",
            "planned_hours": Decimal("20"),
            **fields,
        }
    )


def make_session(agreement, days_from_now: int, minutes: int | None, participants=()) -> MentoringSession:
    session = MentoringSession.objects.create(
        agreement=agreement,
        starts_at=timezone.now() + dt.timedelta(days=days_from_now),
        duration_minutes=minutes,
        topic="Reflektiivinen tiimi",
    )
    session.participants.set(participants)
    return session


@pytest.fixture
def agreement(attestation_settings, mentor):
    return make_agreement(mentor)


@pytest.fixture
def mentee(agreement, person):
    """Åsa took part in three delivered sessions (90 + 60 + 45 minutes = 3,25 → 3,3 hours), and is
    planned into one not yet delivered; a fourth delivered session was someone else's."""
    mentee = Mentee.objects.create(agreement=agreement, user=person)
    other = Mentee.objects.create(agreement=agreement, user=ParticipantFactory())
    for days, minutes in ((-80, 90), (-50, 60), (-20, 45)):
        make_session(agreement, days, minutes, [mentee, other])
    make_session(agreement, -10, 120, [other])
    make_session(agreement, 10, None, [mentee, other])
    return mentee

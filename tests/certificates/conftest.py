import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from attendance.models import Attendance
from certificates.models import AttestationSettings
from tests.factories import (
    AgreementFactory,
    BasicCoursePageFactory,
    DeveloperGroupFactory,
    EnrolmentFactory,
    MeetingFactory,
    MembershipFactory,
    MenteeFactory,
    MentoringSessionFactory,
    OrganisationFactory,
    ParticipantFactory,
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


# Developer-group and mentoring attestations.


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


@pytest.fixture
def group(attestation_settings):
    """Four months into a period that ends in two."""
    today = timezone.localdate()
    return DeveloperGroupFactory(
        starts_on=today - dt.timedelta(days=120),
        ends_on=today + dt.timedelta(days=60),
        theme_fi="Sisukas-malli: sijoitettujen lasten koulunkäynnin tuki",
        theme_sv="Sisukas-modellen: skolstöd för barn i vård utom hemmet",
        description_fi="",
    )


@pytest.fixture
def meetings(group):
    """Four meetings held (90, 60, 30 and 7 days ago) and one to come."""
    return [MeetingFactory(group=group, days=days) for days in (-90, -60, -30, -7, 14)]


@pytest.fixture
def membership(group, meetings, person):
    """Åsa attended three of the four meetings held: present, late, present; absent from one."""
    present, late, absent = Attendance.Status.PRESENT, Attendance.Status.LATE, Attendance.Status.ABSENT
    return MembershipFactory(
        group=group, user=person, marks=zip(meetings, (present, late, absent, present), strict=False)
    )


@pytest.fixture
def agreement(attestation_settings, mentor):
    return AgreementFactory(
        mentor=mentor,
        goals=(
            "Systeemisen tiimin reflektiivisten keskustelujen vakiinnuttaminen ja perheen verkoston mukaan ottaminen."
        ),
    )


@pytest.fixture
def mentee(agreement, person):
    """Åsa took part in three delivered sessions (90 + 60 + 45 minutes = 3,25 → 3,3 hours), and is
    planned into one not yet delivered; a fourth delivered session was someone else's."""
    mentee = MenteeFactory(agreement=agreement, user=person)
    other = MenteeFactory(agreement=agreement)
    for days, minutes in ((-80, 90), (-50, 60), (-20, 45)):
        MentoringSessionFactory(agreement=agreement, days=days, duration_minutes=minutes, participants=[mentee, other])
    MentoringSessionFactory(agreement=agreement, days=-10, duration_minutes=120, participants=[other])
    MentoringSessionFactory(agreement=agreement, days=10, participants=[mentee, other])
    return mentee

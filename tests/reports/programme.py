"""A small programme in 2024 whose figures are worked out by hand in test_selectors.py; the
browser journey reads the same one.

Satakunta (Pori, Rauma) and Varsinais-Suomi (Turku); sectors school and child protection.
People: Aino (Pori, school), Bertil (Pori, child protection), Cecilia (Turku, school), Dan (no
profile), Eeva (a profile that names no municipality or sector), Fanni (a group's facilitator,
Pori) and Ville (Rauma, only ever on a waiting list).
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from attendance.models import Attendance
from enrolment.models import Enrolment
from tests.factories import (
    AgreementFactory,
    BasicCoursePageFactory,
    CertificateFactory,
    DeveloperGroupFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MenteeFactory,
    MentoringSessionFactory,
    MunicipalityFactory,
    ParticipantFactory,
    ProfileFactory,
    RegionFactory,
    SectorFactory,
    UserFactory,
)

Status = Enrolment.Status
UTC = dt.UTC


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def days(day: dt.date) -> int:
    return (day - timezone.localdate()).days


def make_places():
    satakunta = RegionFactory(slug="satakunta", name_fi="Satakunta", name_sv="Satakunta", name_en="Satakunta")
    varsinais = RegionFactory(
        slug="varsinais-suomi", name_fi="Varsinais-Suomi", name_sv="Egentliga Finland", name_en="Southwest Finland"
    )
    return SimpleNamespace(
        satakunta=satakunta,
        varsinais=varsinais,
        pori=MunicipalityFactory(region=satakunta, name_fi="Pori", name_sv="Björneborg", name_en="Pori"),
        rauma=MunicipalityFactory(region=satakunta, name_fi="Rauma", name_sv="Raumo", name_en="Rauma"),
        turku=MunicipalityFactory(region=varsinais, name_fi="Turku", name_sv="Åbo", name_en="Turku"),
        school=SectorFactory(slug="koulu", name_fi="Koulu", name_sv="Skola", name_en="School", sort_order=1),
        child_protection=SectorFactory(
            slug="lastensuojelu", name_fi="Lastensuojelu", name_sv="Barnskydd", name_en="Child protection", sort_order=2
        ),
    )


def _mark(session, enrolment, status):
    Attendance.objects.create(session=session, enrolment=enrolment, status=status, marked_at=timezone.now())


def make_programme(catalogue, places=None):
    p = places or make_places()
    aino = ParticipantFactory(first_name="Aino", profile={"municipality": p.pori, "sector": p.school})
    bertil = ParticipantFactory(first_name="Bertil", profile={"municipality": p.pori, "sector": p.child_protection})
    cecilia = ParticipantFactory(first_name="Cecilia", profile={"municipality": p.turku, "sector": p.school})
    dan = UserFactory(first_name="Dan")
    eeva = UserFactory(first_name="Eeva")
    ProfileFactory(user=eeva, municipality=None, sector=None)
    fanni = ParticipantFactory(first_name="Fanni", profile={"municipality": p.pori, "sector": p.school})
    ville = ParticipantFactory(first_name="Ville", profile={"municipality": p.rauma, "sector": p.school})

    basic = BasicCoursePageFactory(
        parent=catalogue,
        region=p.satakunta,
        language="fi",
        sessions=[days(dt.date(2024, 2, 10)), days(dt.date(2024, 3, 10))],
    )
    intro = IntroductionSessionPageFactory(
        parent=catalogue, region=p.varsinais, language="sv", sessions=[days(dt.date(2024, 4, 5))]
    )
    # Began in the autumn before: its enrolment falls in the period's first month.
    autumn = BasicCoursePageFactory(
        parent=catalogue,
        region=p.satakunta,
        language="fi",
        sessions=[days(dt.date(2023, 11, 1)), days(dt.date(2024, 1, 20))],
    )
    old = IntroductionSessionPageFactory(parent=catalogue, region=p.satakunta, sessions=[days(dt.date(2023, 5, 1))])

    basic_aino = EnrolmentFactory(offering=basic, user=aino, completed=True)
    basic_bertil = EnrolmentFactory(offering=basic, user=bertil)
    EnrolmentFactory(offering=basic, user=ville, status=Status.WAITING)
    basic_eeva = EnrolmentFactory(offering=basic, user=eeva, status=Status.CANCELLED)
    intro_aino = EnrolmentFactory(offering=intro, user=aino)
    intro_cecilia = EnrolmentFactory(offering=intro, user=cecilia, completed=True)
    intro_dan = EnrolmentFactory(offering=intro, user=dan)
    autumn_bertil = EnrolmentFactory(offering=autumn, user=bertil, completed=True)
    old_cecilia = EnrolmentFactory(offering=old, user=cecilia, completed=True)

    first, second = basic.sessions.order_by("date")
    _mark(first, basic_aino, "present")
    _mark(first, basic_bertil, "late")
    _mark(first, basic_eeva, "absent")  # cancelled since: not counted
    _mark(second, basic_aino, "absent")
    _mark(second, basic_bertil, "excused")
    intro_session = intro.sessions.get()
    _mark(intro_session, intro_aino, "present")
    _mark(intro_session, intro_cecilia, "present")
    _mark(intro_session, intro_dan, "absent")
    autumn_first, autumn_second = autumn.sessions.order_by("date")
    _mark(autumn_first, autumn_bertil, "present")  # before the period
    _mark(autumn_second, autumn_bertil, "present")
    _mark(old.sessions.get(), old_cecilia, "present")

    group = DeveloperGroupFactory(
        name_fi="Porin kehittäjäryhmä",
        municipality=p.pori,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        theme_fi="Sisukas",
    )
    member_aino = MembershipFactory(group=group, user=aino, joined_on=dt.date(2024, 1, 10))
    member_eeva = MembershipFactory(group=group, user=eeva, joined_on=dt.date(2023, 12, 1))
    contact_cecilia = MembershipFactory(
        group=group, user=cecilia, role="contact", joined_on=dt.date(2024, 3, 5), left_on=dt.date(2024, 5, 31)
    )
    facilitator = MembershipFactory(group=group, user=fanni, role="facilitator")
    last_year = DeveloperGroupFactory(
        name_fi="Turun ryhmä",
        municipality=p.turku,
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 6, 30),
        theme_fi="Teema",
    )
    MembershipFactory(group=last_year, user=bertil)

    def meeting(starts_at, marks):
        held = MeetingFactory(group=group, starts_at=starts_at)
        for membership, status in marks:
            MeetingAttendanceFactory(meeting=held, membership=membership, status=status)
        return held

    meeting(local(2024, 2, 1, 10), [(member_aino, "present"), (member_eeva, "present"), (facilitator, "present")])
    # 30 April 21.30 UTC is 1 May 0.30 in Finland: a May meeting.
    meeting(dt.datetime(2024, 4, 30, 21, 30, tzinfo=UTC), [(contact_cecilia, "late"), (member_aino, "absent")])
    meeting(local(2024, 6, 1, 10), [])  # nobody marked
    meeting(local(2024, 6, 10, 10), [(facilitator, "present")])  # only the facilitator

    agreement = AgreementFactory(
        mentor=UserFactory(),
        team="Turun perhesosiaalityö",
        municipality=p.turku,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
        planned_hours=Decimal("10"),
    )
    mentee_aino, mentee_bertil, mentee_cecilia = (
        MenteeFactory(agreement=agreement, user=person) for person in (aino, bertil, cecilia)
    )

    def session(starts_at, minutes, mentees):
        MentoringSessionFactory(
            agreement=agreement, starts_at=starts_at, duration_minutes=minutes, participants=mentees
        )

    session(local(2024, 3, 5, 10), 90, [mentee_aino, mentee_cecilia])
    session(local(2024, 4, 5, 10), 60, [mentee_cecilia])
    session(local(2024, 5, 5, 10), None, [mentee_aino])  # planned, never logged
    session(local(2023, 12, 5, 10), 30, [mentee_bertil])
    # 31 August 22.00 UTC is 1 September in Finland; two people of Pori, one session.
    session(dt.datetime(2024, 8, 31, 22, 0, tzinfo=UTC), 45, [mentee_aino, mentee_bertil])

    CertificateFactory(enrolment=basic_aino, issued_at=local(2024, 3, 15, 12))
    CertificateFactory(enrolment=intro_cecilia, issued_at=local(2024, 4, 10, 12))
    CertificateFactory(enrolment=autumn_bertil, issued_at=local(2024, 1, 25, 12), status="revoked")
    CertificateFactory(enrolment=old_cecilia, issued_at=local(2023, 6, 1, 12))
    CertificateFactory(membership=member_aino, issued_at=local(2024, 6, 30, 23, 30))
    CertificateFactory(mentee=mentee_cecilia, issued_at=local(2024, 12, 31, 23, 30))
    # Half an hour into 2025 in Finland, still 2024 in UTC: not in the period.
    CertificateFactory(membership=member_eeva, issued_at=local(2025, 1, 1, 0, 30))

    return SimpleNamespace(
        **vars(p),
        aino=aino,
        bertil=bertil,
        cecilia=cecilia,
        dan=dan,
        eeva=eeva,
        basic=basic,
        intro=intro,
        autumn=autumn,
        group=group,
        agreement=agreement,
    )

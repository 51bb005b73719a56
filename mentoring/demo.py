"""Demo mentoring for `manage.py load_demo` (called from courses.demo.DemoLoader): a mentor from
Vasso mentors a systemic child-protection team in Pori, with three sessions delivered, one
waiting for its log and two planned (the first inside the reminder window).

Run again, it refreshes what it made: the agreement is found by its mentor and team, its mentees
are kept, and its sessions are made again around the new day.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from courses.models import Municipality

from .models import Agreement, Mentee, MentoringSession

TEAM = "Porin lastensuojelun systeeminen tiimi 2"
GOALS = (
    "Tiimi vakiinnuttaa systeemisen työotteen arkeensa: reflektiiviset tiimikeskustelut joka viikko, "
    "perheen verkoston kutsuminen mukaan suunnitelmiin ja kokemusasiantuntijan näkökulma tiimin kokouksiin."
)
# (days from today, minutes (planned or delivered), delivered?, topic, summary, who: indexes of the mentees); all
# at 13.00
SESSIONS = [
    (-63, 90, True, "Aloitus: tavoitteet ja tiimin nykytilanne", "Sovittiin tavoitteet ja tapaamisrytmi.", (0, 1, 2)),
    (-42, 120, True, "Reflektiivinen tiimikeskustelu käytännössä", "Harjoiteltiin reflektointia.", (0, 1)),
    (-21, 75, True, "Perheen verkosto mukaan suunnitelmaan", "Verkostokartta kahdesta perheestä.", (0, 2)),
    (-2, 90, False, "Kokemusasiantuntija tiimin kokouksessa", "", (0, 1, 2)),
    (1, 90, False, "Hypoteesien muodostaminen yhdessä", "", (0, 1, 2)),
    (22, 90, False, "Väliarvio ja jatkon suunnittelu", "", (0, 1, 2)),
]


def load(*, mentor, mentees, coordinator, today: dt.date | None = None) -> Agreement:
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    agreement, _ = Agreement.objects.update_or_create(
        mentor=mentor,
        team=TEAM,
        defaults={
            "municipality": Municipality.objects.filter(name_fi="Pori").first(),
            "starts_on": today - dt.timedelta(days=70),
            "ends_on": today + dt.timedelta(days=110),
            "goals": GOALS,
            "planned_hours": Decimal("16"),
            "created_by": coordinator,
        },
    )
    people = [Mentee.objects.get_or_create(agreement=agreement, user=user)[0] for user in mentees]
    agreement.sessions.all().delete()
    for days, minutes, delivered, topic, summary, who in SESSIONS:
        session = MentoringSession.objects.create(
            agreement=agreement,
            starts_at=dt.datetime.combine(today + dt.timedelta(days=days), dt.time(13), tzinfo=tz),
            planned_minutes=90,
            duration_minutes=minutes if delivered else None,
            topic=topic,
            summary=summary,
            place="Porin perhekeskus, neuvotteluhuone Kallio",
            logged_by=mentor if delivered else None,
        )
        session.participants.set([people[index] for index in who])
    return agreement

"""Demo developer groups for `manage.py load_demo` (called from courses.demo): the MindMe groups of
the programme (Pori, Kankaanpää, Eura, Ulvila, and Lauste with Lagmansgården) for the current
school year, a demo facilitator and a demo member, meetings held with attendance, notes and
actions, meetings to come, and the public page that lists the groups.

Running it again refreshes what it made: the groups and people are updated in place, and the demo
groups' meetings and actions are made again around today.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from allauth.account.models import EmailAddress

from accounts.models import PRIVACY_NOTICE_VERSION, Profile
from courses.models import Municipality

from .models import Action, DeveloperGroup, DeveloperGroupIndexPage, Invitation, Meeting, Membership
from .services import record_meeting, save_meeting_attendance

Role = Membership.Role

# email: (first name, last name, organisation, sector, job title, the role load_demo prints)
PEOPLE = {
    "fasilitaattori@example.fi": ("Helena", "Virtanen", "Pesäpuu ry", "jarjesto", "Kehittäjä", "facilitator"),
    "ryhmajasen@example.fi": ("Mikko", "Laine", "Porin perusopetus", "koulu", "Erityisopettaja", "group member"),
}

GROUPS = [
    {
        "key": "Pori",
        "municipality": "Pori",
        "unit": "Porin perusopetus ja lastensuojelu",
        "names": ("MindMe-kehittäjäryhmä Pori", "MindMe-utvecklingsgruppen Björneborg", "MindMe developer group Pori"),
        "themes": (
            "Sisukas-mallin pilotointi: sijoitettujen lasten koulunkäynnin tuki",
            "Pilotering av Sisukas-modellen: skolstöd för placerade barn",
            "Piloting the Sisukas model of school support for children in care",
        ),
        "descriptions": (
            "Koulun, lastensuojelun ja sijaishuoltopaikan työntekijät kehittävät yhdessä tapaa tukea "
            "sijoitetun lapsen koulunkäyntiä ja puuttua poissaoloihin ajoissa.",
            "Personal från skolan, barnskyddet och placeringsplatsen utvecklar tillsammans ett sätt att stödja "
            "det placerade barnets skolgång och att ingripa i frånvaro i tid.",
            "Staff from the school, child protection and the placement develop together a way to support the "
            "schooling of a child in care and to act on absence early.",
        ),
    },
    {
        "key": "Kankaanpää",
        "municipality": "Kankaanpää",
        "unit": "",
        "names": (
            "MindMe-kehittäjäryhmä Kankaanpää",
            "MindMe-utvecklingsgruppen Kankaanpää",
            "MindMe developer group Kankaanpää",
        ),
        "themes": (
            "Koulupoissaolojen varhainen tunnistaminen",
            "Tidig identifiering av skolfrånvaro",
            "Recognising school absence early",
        ),
        "descriptions": (
            "Ryhmä kokoaa koulun ja lastensuojelun yhteisen toimintamallin koulupoissaolojen varhaiseen tunnistamiseen.",
            "Gruppen sammanställer en gemensam modell för skolan och barnskyddet för att tidigt identifiera skolfrånvaro.",
            "The group builds a shared model for the school and child protection to recognise school absence early.",
        ),
    },
    {
        "key": "Eura",
        "municipality": "Eura",
        "unit": "",
        "names": ("MindMe-kehittäjäryhmä Eura", "MindMe-utvecklingsgruppen Eura", "MindMe developer group Eura"),
        "themes": (
            "Siirtymät sijaishuoltopaikasta kouluun",
            "Övergångar från placeringsplatsen till skolan",
            "Transitions from the placement to school",
        ),
        "descriptions": (
            "Miten lapsen koulunkäynti jatkuu katkeamatta, kun hän muuttaa sijaishuoltopaikkaan toiselle paikkakunnalle.",
            "Hur barnets skolgång fortsätter utan avbrott när barnet flyttar till en placeringsplats på en annan ort.",
            "How a child's schooling goes on without a break when they move to a placement in another town.",
        ),
    },
    {
        "key": "Ulvila",
        "municipality": "Ulvila",
        "unit": "Koulu lastensuojelulaitoksen yhteydessä",
        "names": ("MindMe-kehittäjäryhmä Ulvila", "MindMe-utvecklingsgruppen Ulvsby", "MindMe developer group Ulvila"),
        "themes": (
            "Laitoksen koulun ja kunnan koulun yhteistyö",
            "Samarbete mellan institutionens skola och kommunens skola",
            "Working together: the institution's school and the municipal school",
        ),
        "descriptions": (
            "Lastensuojelulaitoksen vieressä toimiva kunnan kouluyksikkö ja laitos sopivat yhteisistä käytännöistä.",
            "Kommunens skolenhet intill barnskyddsinstitutionen och institutionen kommer överens om gemensam praxis.",
            "The municipal school unit next to a child-protection institution and the institution agree on shared practice.",
        ),
    },
    {
        "key": "Lauste",
        "municipality": "Turku",
        "unit": "Perhekuntoutuskeskus Lauste ja Lagmansgårdens skolhem",
        "names": (
            "MindMe-kehittäjäryhmä Lauste ja Lagmansgården",
            "MindMe-utvecklingsgruppen Lauste och Lagmansgården",
            "MindMe developer group Lauste and Lagmansgården",
        ),
        "themes": (
            "Kaksikielinen kouluhoidon malli perhekuntoutukseen",
            "En tvåspråkig modell för skolvård i familjerehabiliteringen",
            "A bilingual model of school care in family rehabilitation",
        ),
        "descriptions": (
            "Perhekuntoutuskeskus ja koulukoti kehittävät suomeksi ja ruotsiksi tapaa pitää lapsi kiinni koulussa kuntoutuksen aikana.",
            "Familjerehabiliteringscentret och skolhemmet utvecklar på finska och svenska ett sätt att hålla barnet kvar i skolan under rehabiliteringen.",
            "The family rehabilitation centre and the school home develop, in Finnish and Swedish, a way to keep the child in school during rehabilitation.",
        ),
    },
]

# Pori, the demo's own group: (days from today, agenda, notes, actions as (title, owner key, days to due)).
PORI_MEETINGS = [
    (
        -58,
        "Tutustuminen. Sisukas-mallin tavoitteet ja ryhmän työskentelytavat.",
        "Sovimme tapaamisrytmin: kerran kuukaudessa. Jokainen kuvaa oman organisaationsa nykyisen tavan "
        "toimia, kun sijoitetun lapsen poissaolot lisääntyvät.",
        [("Kuvaus koulun nykyisestä poissaolokäytännöstä", "ryhmajasen", -30)],
    ),
    (
        -30,
        "Nykytilan kuvaukset. Mitkä ovat tiedonkulun katkokohdat?",
        "Tiedonkulku koulun ja sijaishuoltopaikan välillä katkeaa lomien jälkeen. Pilotoidaan yhteistä "
        "aloituspalaveria jokaisen uuden sijoituksen alussa.",
        [
            ("Aloituspalaverin runko luonnokseksi", "fasilitaattori", 10),
            ("Kokeillaan aloituspalaveria yhden oppilaan kanssa", "ryhmajasen", 25),
        ],
    ),
    (
        -9,
        "Aloituspalaverin runko. Kokemukset ensimmäisestä kokeilusta.",
        "Ensimmäinen aloituspalaveri pidettiin. Oppilas ja sijaisvanhempi kokivat sen hyödylliseksi. "
        "Runkoon lisätään kohta koulumatkoista.",
        [("Päivitetty runko jaetaan ryhmälle", "fasilitaattori", 5)],
    ),
    (3, "Pilotin välikatsaus. Seuraavan lukukauden suunnitelma.", "", []),
    (31, "Pilotin arviointi ja Sisukas-mallin kuvauksen viimeistely.", "", []),
]
# The other groups: a first meeting held and the next one planned.
OTHER_MEETINGS = [(-20, "Ryhmän aloitus ja tavoitteet.", "Sovimme tavoitteet ja tapaamisrytmin.", []), (12, "", "", [])]


def school_year(today: dt.date) -> tuple[dt.date, dt.date]:
    start_year = today.year if today.month >= 8 else today.year - 1
    return dt.date(start_year, 8, 1), dt.date(start_year + 1, 7, 31)


def group_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The school year, stretched to hold the demo's meetings whatever the day: in August its first
    meetings predate the school year, in July the next ones outlive it, and a meeting outside the
    period would have nobody on its roster (members join on the group's first day)."""
    starts_on, ends_on = school_year(today)
    planned = [days for days, *_ in (*PORI_MEETINGS, *OTHER_MEETINGS)]
    return (
        min(starts_on, today + dt.timedelta(days=min(planned))),
        max(ends_on, today + dt.timedelta(days=max(planned))),
    )


def load(loader, home) -> list[DeveloperGroup]:
    """Called by courses.demo.DemoLoader.run with its people, sectors and day."""
    from courses.demo import DEMO_PASSWORD

    people = _people(loader, DEMO_PASSWORD)
    year = school_year(loader.today)
    starts_on, ends_on = group_period(loader.today)
    groups = {spec["key"]: _group(spec, year, starts_on, ends_on) for spec in GROUPS}
    sectors = loader.sectors
    users = loader.users
    members = {
        "Pori": [
            (people["fasilitaattori"], Role.FACILITATOR, "jarjesto"),
            (people["ryhmajasen"], Role.MEMBER, "koulu"),
            (users["osallistuja1"], Role.MEMBER, "lastensuojelu"),
            (users["demo01"], Role.CONTACT, "koulu"),
            (users["demo02"], Role.MEMBER, "lastensuojelu"),
        ],
        "Kankaanpää": [
            (people["fasilitaattori"], Role.FACILITATOR, "jarjesto"),
            (users["demo03"], Role.MEMBER, "koulu"),
            (users["demo04"], Role.MEMBER, "lastensuojelu"),
        ],
        "Eura": [(users["demo05"], Role.FACILITATOR, "koulu"), (users["demo06"], Role.MEMBER, "lastensuojelu")],
        "Ulvila": [(users["demo07"], Role.FACILITATOR, "lastensuojelu"), (users["demo08"], Role.MEMBER, "koulu")],
        "Lauste": [(users["osallistuja4"], Role.FACILITATOR, "perhekeskus"), (users["demo09"], Role.MEMBER, "koulu")],
    }
    memberships = {}
    for key, rows in members.items():
        for user, role, sector in rows:
            memberships[(key, user.pk)], _ = Membership.objects.update_or_create(
                group=groups[key], user=user, defaults={"role": role, "sector": sectors[sector], "joined_on": starts_on}
            )
    _meetings(loader, groups["Pori"], PORI_MEETINGS, memberships, people)
    for key in ("Kankaanpää", "Eura", "Ulvila", "Lauste"):
        _meetings(loader, groups[key], OTHER_MEETINGS, memberships, people)
    Invitation.objects.update_or_create(
        group=groups["Pori"],
        email="uusi.jasen@example.fi",
        accepted_at=None,
        defaults={
            "first_name": "Uusi",
            "last_name": "Jäsen",
            "role": Role.MEMBER,
            "expires_at": timezone.now() + dt.timedelta(days=10),
            "invited_by": users["koordinaattori"],
        },
    )
    _index_page(home)
    return list(groups.values())


def _people(loader, password) -> dict:
    User = get_user_model()
    people = {}
    for email, (first, last, organisation, sector, job_title, _role) in PEOPLE.items():
        user, _ = User.objects.update_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisation,
                "municipality": Municipality.objects.filter(name_fi="Pori").first(),
                "sector": loader.sectors[sector],
                "job_title": job_title,
                "preferred_language": "fi",
                "privacy_consent_at": timezone.now(),
                "privacy_notice_version": PRIVACY_NOTICE_VERSION,
            },
        )
        people[email.split("@")[0]] = user
    return people


def _group(spec: dict, year_span: tuple[dt.date, dt.date], starts_on: dt.date, ends_on: dt.date) -> DeveloperGroup:
    """The group of this school year (found by its name, which names the year), with its period."""
    year = f"{year_span[0].year}–{year_span[1].year}"
    fields = {
        "municipality": Municipality.objects.get(name_fi=spec["municipality"]),
        "unit": spec["unit"],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "listed": True,
        **{f"name_{code}": f"{name} {year}" for code, name in zip(("fi", "sv", "en"), spec["names"], strict=True)},
        **{f"theme_{code}": text for code, text in zip(("fi", "sv", "en"), spec["themes"], strict=True)},
        **{f"description_{code}": text for code, text in zip(("fi", "sv", "en"), spec["descriptions"], strict=True)},
    }
    group = DeveloperGroup.objects.filter(name_fi=fields["name_fi"]).first()
    if group is None:
        return DeveloperGroup.objects.create(**fields)
    for name, value in fields.items():
        setattr(group, name, value)
    group.save()
    return group


def _meetings(loader, group, plan, memberships, people) -> None:
    """The group's meetings and actions made again around today: those held have everyone marked
    (the last member excused from the first), notes and actions."""
    Action.objects.filter(group=group).delete()
    Meeting.objects.filter(group=group).delete()
    current = [m for (key, _pk), m in memberships.items() if m.group_id == group.pk]
    facilitator = next(m for m in current if m.role == Role.FACILITATOR)
    by_key = {"fasilitaattori": people["fasilitaattori"].pk, "ryhmajasen": people["ryhmajasen"].pk}
    for number, (days, agenda, notes, actions) in enumerate(plan):
        day = loader.today + dt.timedelta(days=days)
        starts_at = dt.datetime.combine(day, dt.time(13), loader.tz)
        meeting = Meeting.objects.create(
            group=group,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=2),
            place="Porin kaupungintalo, Hallituskatu 12" if group.municipality.name_fi == "Pori" else "",
            online_url="" if group.municipality.name_fi == "Pori" else "https://meet.example.fi/mindme",
            agenda=agenda,
            created_by=facilitator.user,
        )
        if days >= 0:
            continue
        marks = {m.pk: ("present", "") for m in current}
        if number == 0:
            marks[current[-1].pk] = ("excused", "Sairaana")
        save_meeting_attendance(meeting, marks=marks, by=facilitator.user)
        owners = {m.user_id: m for m in current}
        record_meeting(
            meeting,
            notes=notes,
            actions=[
                {
                    "title": title,
                    "owner": owners.get(by_key.get(owner)),
                    "due_on": loader.today + dt.timedelta(days=due),
                }
                for title, owner, due in actions
            ],
            by=facilitator.user,
        )
    done = Action.objects.filter(group=group, due_on__lt=loader.today)
    done.update(status=Action.Status.DONE)


def _index_page(home) -> DeveloperGroupIndexPage:
    texts = {
        "title": "MindMe-kehittäjäryhmät",
        "title_sv": "MindMe-utvecklingsgrupper",
        "title_en": "MindMe developer groups",
        "intro_fi": "Kehittäjäryhmissä koulun, lastensuojelun ja sijaishuollon ammattilaiset kehittävät ja "
        "pilotoivat yhdessä käytäntöjä, jotka tukevat sijoitettujen lasten koulunkäyntiä.",
        "intro_sv": "I utvecklingsgrupperna utvecklar och pilotar yrkesverksamma inom skola, barnskydd och "
        "vård utom hemmet tillsammans praxis som stöder placerade barns skolgång.",
        "intro_en": "In the developer groups, professionals from schools, child protection and substitute care "
        "develop and pilot together practices that support the schooling of children in care.",
    }
    page = DeveloperGroupIndexPage.objects.child_of(home).first()
    if page is None:
        page = DeveloperGroupIndexPage(slug="kehittajaryhmat", **texts)
        home.add_child(instance=page)
    else:
        for name, value in texts.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page

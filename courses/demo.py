"""The demo programme `manage.py load_demo` loads: places, sectors, organisers, people, offerings.

Dates are relative to the day it runs, so the demo always shows an upcoming programme. Running it
again updates what it made and adds nothing twice.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Page, Site

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from accounts.models import PRIVACY_NOTICE_VERSION, Profile
from accounts.roles import set_up_roles
from attendance.services import save_roster
from audit.models import Entry
from certificates.models import AttestationSettings
from developer_groups.demo import load as load_developer_groups
from enrolment.models import Enrolment
from home.models import ContentPage, HomePage
from lms.portal import site_record_name
from mentoring import demo as mentoring_demo

from .models import (
    AdvancedCoursePage,
    BasicCoursePage,
    CataloguePage,
    IntroductionSessionPage,
    Municipality,
    Organisation,
    Region,
    Sector,
    Session,
    WorkshopSeriesPage,
)

# Who signs the demo's certificates and attestations (a made-up person).
SIGNATORY = {
    "certificate_signatory": "Helena Lindqvist",
    "certificate_signatory_title_fi": "Kehittämispäällikkö",
    "certificate_signatory_title_sv": "Utvecklingschef",
}
SIGNATURE_TITLE = "Demo: allekirjoitus – underskrift"

DEMO_TOTP_SECRET = "KOULUTUSDEMOSYSTEEMINENTYOMINDME"  # noqa: S105 - published, local use only
DEMO_PASSWORD = "demo-koulutus-2026"  # noqa: S105 - published demo log-in, local use only

REGIONS = {
    "varsinais-suomi": ("Varsinais-Suomi", "Egentliga Finland", "Southwest Finland"),
    "satakunta": ("Satakunta", "Satakunta", "Satakunta"),
    "pohjanmaa": ("Pohjanmaa", "Österbotten", "Ostrobothnia"),
}
MUNICIPALITIES = {
    "varsinais-suomi": [("Turku", "Åbo", "Turku"), ("Salo", "Salo", "Salo")],
    "satakunta": [
        ("Pori", "Björneborg", "Pori"),
        ("Rauma", "Raumo", "Rauma"),
        ("Kankaanpää", "Kankaanpää", "Kankaanpää"),
        ("Eura", "Eura", "Eura"),
        ("Ulvila", "Ulvsby", "Ulvila"),
    ],
    "pohjanmaa": [
        ("Vaasa", "Vasa", "Vaasa"),
        ("Pietarsaari", "Jakobstad", "Pietarsaari"),
        ("Pännäinen", "Bennäs", "Pännäinen"),
    ],
}
SECTORS = [
    ("lastensuojelu", "Lastensuojelu", "Barnskydd", "Child protection"),
    ("koulu", "Koulu ja perusopetus", "Skola och grundläggande utbildning", "School and basic education"),
    ("varhaiskasvatus", "Varhaiskasvatus", "Småbarnspedagogik", "Early childhood education"),
    ("paihdepalvelut", "Päihdepalvelut", "Missbruksvård", "Substance-abuse services"),
    (
        "mielenterveys",
        "Mielenterveyspalvelut ja psykiatria",
        "Mentalvård och psykiatri",
        "Mental health and psychiatry",
    ),
    ("perhekeskus", "Perhekeskus", "Familjecenter", "Family centre"),
    ("jarjesto", "Järjestö", "Organisation", "NGO"),
    ("kokemusasiantuntija", "Kokemusasiantuntija", "Erfarenhetsexpert", "Expert by experience"),
]


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


@dataclass
class DemoOffering:
    model: type
    slug: str
    titles: tuple[str, str, str]
    leads: tuple[str, str, str]
    audience: tuple[str, str, str]
    bodies: tuple[list, list, list]
    region: str
    municipality: str | None
    language: str
    capacity: int
    sessions: list[tuple[int, str, str, str, str]]  # days from today, start, end, place, online link
    scope: tuple[float | None, float | None] = (None, None)
    sectors: list[str] = field(default_factory=list)
    partner: bool = False
    enrolled: int = 0
    # Who is enrolled: `enrolled` people from this place in the list of demo participants on.
    first_participant: int = 0
    trainers: list[str] = field(default_factory=list)
    # A basic course's slug, for an advanced course.
    prerequisite: str | None = None


ONLINE = "https://meet.example.fi/systeeminen"
INTRO_BODY = (
    _p(
        "Tietoisku esittelee systeemisen toimintamallin perusajatukset: miten perheen, verkoston ja "
        "työntekijöiden näkökulmat tuodaan yhteen ja miten tiimi tukee työntekijää.",
        "Puolen päivän tilaisuus sopii koko työyhteisölle. Aiempaa kokemusta ei tarvita.",
    ),
    _p(
        "Infotillfället presenterar grundtankarna i den systemiska arbetsmodellen: hur familjens, "
        "nätverkets och de professionellas perspektiv förs samman och hur teamet stöder arbetstagaren.",
        "Tillfället passar hela arbetsgemenskapen. Ingen tidigare erfarenhet behövs.",
    ),
    _p(
        "The session introduces the core ideas of the systemic practice model: bringing together the "
        "views of the family, its network and the professionals, and how the team supports the worker.",
        "The half-day session suits a whole unit. No earlier experience is needed.",
    ),
)
INTRO_TITLES = ("Johdatus systeemisyyteen", "Introduktion till systemiskt arbete", "Introduction to systemic practice")
INTRO_LEADS = (
    "Puolen päivän tietoisku systeemisestä toimintamallista lasten ja perheiden kanssa työskenteleville.",
    "Ett halvdagsinfotillfälle om den systemiska arbetsmodellen för dem som arbetar med barn och familjer.",
    "A half-day introduction to the systemic practice model for those who work with children and families.",
)


def basic_course(
    slug: str,
    town: tuple[str, str, str],
    *,
    region: str,
    place: str,
    first_day: int,
    enrolled: int,
    first_participant: int,
    trainers: list[str],
) -> DemoOffering:
    """A cohort of the basic course: six days three weeks apart from `first_day` (days from today)."""
    return DemoOffering(
        BasicCoursePage,
        slug,
        (
            f"Systeemisen toimintamallin peruskoulutus, {town[0]}",
            f"Grundutbildning i den systemiska arbetsmodellen, {town[1]}",
            f"Basic course in the systemic practice model, {town[2]}",
        ),
        (
            "Kuuden koulutuspäivän sarja lastensuojelun systeemisten tiimien työntekijöille.",
            "En serie om sex utbildningsdagar för medarbetare i barnskyddets systemiska team.",
            "A series of six training days for members of child-protection systemic teams.",
        ),
        (
            "Lastensuojelun sosiaalityöntekijät, perhetyöntekijät ja kliinikot",
            "Socialarbetare, familjearbetare och kliniker inom barnskyddet",
            "Child-protection social workers, family workers and clinicians",
        ),
        (
            _p(
                "Peruskoulutus antaa valmiudet työskennellä systeemisessä tiimissä: hypoteesien "
                "muodostaminen, reflektiivinen keskustelu ja perheen osallisuus.",
                "Koulutus on suoritettu, kun osallistuja on ollut läsnä vähintään viidessä "
                "koulutuspäivässä kuudesta. Suorittaneet saavat todistuksen.",
            ),
            _p(
                "Grundutbildningen ger färdigheter att arbeta i ett systemiskt team: att bilda "
                "hypoteser, reflekterande samtal och familjens delaktighet.",
                "Utbildningen är genomförd när deltagaren har varit närvarande minst fem av sex "
                "utbildningsdagar. De som genomför den får ett intyg.",
            ),
            _p(
                "The basic course prepares you to work in a systemic team: forming hypotheses, "
                "reflective conversation and involving the family.",
                "You complete the course by attending at least five of the six days, and receive a certificate.",
            ),
        ),
        region,
        town[0],
        "fi",
        24,
        [(first_day + 21 * i, "09:00", "15:30", place, "") for i in range(6)],
        scope=(6, 36),
        sectors=["lastensuojelu", "mielenterveys"],
        enrolled=enrolled,
        first_participant=first_participant,
        trainers=trainers,
    )


def demo_offerings() -> list[DemoOffering]:
    anyone = ("Kaikille aiheesta kiinnostuneille", "Alla intresserade", "Anyone interested")
    return [
        DemoOffering(
            IntroductionSessionPage,
            "johdatus-systeemisyyteen-turku",
            INTRO_TITLES,
            INTRO_LEADS,
            anyone,
            INTRO_BODY,
            "varsinais-suomi",
            "Turku",
            "fi",
            30,
            [(9, "09:00", "12:00", "Vasso, Linnankatu 3, Turku", "")],
            scope=(0.5, 3),
            sectors=["lastensuojelu", "perhekeskus"],
            enrolled=12,
            trainers=["kouluttaja1"],
        ),
        DemoOffering(
            IntroductionSessionPage,
            "johdatus-systeemisyyteen-lastenpsykiatria",
            (
                "Johdatus systeemisyyteen lasten- ja nuorisopsykiatrialle",
                "Introduktion till systemiskt arbete för barn- och ungdomspsykiatrin",
                "Introduction to systemic practice for child and adolescent psychiatry",
            ),
            INTRO_LEADS,
            (
                "Lasten- ja nuorisopsykiatrian työryhmät",
                "Team inom barn- och ungdomspsykiatrin",
                "Child and adolescent psychiatry teams",
            ),
            INTRO_BODY,
            "satakunta",
            "Pori",
            "fi",
            40,
            [(16, "12:30", "15:30", "", ONLINE)],
            scope=(0.5, 3),
            sectors=["mielenterveys"],
            enrolled=8,
            trainers=["kouluttaja2"],
        ),
        DemoOffering(
            IntroductionSessionPage,
            "introduktion-systemiskt-arbete-vasa",
            (
                "Johdatus systeemisyyteen, Vaasa",
                "Introduktion till systemiskt arbete, Vasa",
                "Introduction to systemic practice, Vaasa",
            ),
            INTRO_LEADS,
            anyone,
            INTRO_BODY,
            "pohjanmaa",
            "Vaasa",
            "sv",
            4,
            [(23, "09:00", "12:00", "Vasa stadshus, Kyrkoesplanaden 26", "")],
            scope=(0.5, 3),
            sectors=["lastensuojelu", "koulu"],
            enrolled=4,
            trainers=["kouluttaja3"],
        ),
        DemoOffering(
            IntroductionSessionPage,
            "johdatus-systeemisyyteen-kokemusasiantuntijat",
            (
                "Johdatus systeemisyyteen kokemusasiantuntijoille",
                "Introduktion till systemiskt arbete för erfarenhetsexperter",
                "Introduction to systemic practice for experts by experience",
            ),
            INTRO_LEADS,
            (
                "Kokemusasiantuntijat ja heidän kanssaan työskentelevät",
                "Erfarenhetsexperter och de som arbetar med dem",
                "Experts by experience and those who work with them",
            ),
            INTRO_BODY,
            "satakunta",
            "Rauma",
            "fi",
            20,
            [(37, "12:30", "15:30", "Rauman kaupungintalo, Kanalinranta 3", "")],
            scope=(0.5, 3),
            sectors=["kokemusasiantuntija", "jarjesto"],
            enrolled=3,
            trainers=["kouluttaja2"],
        ),
        DemoOffering(
            IntroductionSessionPage,
            "introduktion-systemiskt-arbete-jakobstad",
            (
                "Johdatus systeemisyyteen, Pietarsaari",
                "Introduktion till systemiskt arbete, Jakobstad",
                "Introduction to systemic practice, Pietarsaari",
            ),
            INTRO_LEADS,
            anyone,
            INTRO_BODY,
            "pohjanmaa",
            "Pietarsaari",
            "fi-sv",
            30,
            [(58, "09:00", "12:00", "Jakobstads familjecenter, Storgatan 6", "")],
            scope=(0.5, 3),
            sectors=["perhekeskus", "varhaiskasvatus"],
            enrolled=0,
            trainers=["kouluttaja3"],
        ),
        DemoOffering(
            IntroductionSessionPage,
            "johdatus-systeemisyyteen-salo-syksy",
            (
                "Johdatus systeemisyyteen, Salo",
                "Introduktion till systemiskt arbete, Salo",
                "Introduction to systemic practice, Salo",
            ),
            INTRO_LEADS,
            anyone,
            INTRO_BODY,
            "varsinais-suomi",
            "Salo",
            "fi",
            25,
            [(-30, "09:00", "12:00", "Salon perhekeskus, Sairaalantie 9", "")],
            scope=(0.5, 3),
            sectors=["perhekeskus"],
            enrolled=2,
            trainers=["kouluttaja1"],
        ),
        DemoOffering(
            IntroductionSessionPage,
            "johdatus-systeemisyyteen-pori-tanaan",
            (
                "Johdatus systeemisyyteen, Pori",
                "Introduktion till systemiskt arbete, Björneborg",
                "Introduction to systemic practice, Pori",
            ),
            INTRO_LEADS,
            anyone,
            INTRO_BODY,
            "satakunta",
            "Pori",
            "fi",
            12,
            # Today: the demo trainer has a roster to mark and a check-in code to show.
            [(0, "12:30", "15:30", "Porin perhekeskus, Itsenäisyydenkatu 33", "")],
            scope=(0.5, 3),
            sectors=["lastensuojelu", "perhekeskus"],
            enrolled=8,
            trainers=["kouluttaja1"],
        ),
        # A cohort that has ended, whose graduates take the advanced course, and the next one.
        basic_course(
            "systeemisen-toimintamallin-peruskoulutus-pori",
            ("Pori", "Björneborg", "Pori"),
            region="satakunta",
            place="Porin perhekeskus, Itsenäisyydenkatu 33",
            first_day=-205,
            enrolled=12,
            first_participant=0,
            trainers=["kouluttaja2", "kouluttaja1"],
        ),
        basic_course(
            "systeemisen-toimintamallin-peruskoulutus-2027",
            ("Turku", "Åbo", "Turku"),
            region="varsinais-suomi",
            place="Vasso, Linnankatu 3, Turku",
            first_day=44,
            enrolled=16,
            first_participant=12,
            trainers=["kouluttaja1", "kouluttaja2"],
        ),
        DemoOffering(
            AdvancedCoursePage,
            "systeemisen-toimintamallin-taydennyskoulutus",
            (
                "Systeemisen toimintamallin täydennyskoulutus",
                "Fortbildning i den systemiska arbetsmodellen",
                "Advanced course in the systemic practice model",
            ),
            (
                "Kolmen päivän syventävä koulutus peruskoulutuksen suorittaneille.",
                "En tre dagar lång fördjupande utbildning för dem som har genomgått grundutbildningen.",
                "A three-day advanced course for those who have completed the basic course.",
            ),
            (
                "Peruskoulutuksen suorittaneet",
                "De som har genomgått grundutbildningen",
                "Graduates of the basic course",
            ),
            (
                _p("Täydennyskoulutus syventää konsultaatiota, tiimin ohjausta ja vaikeiden tilanteiden käsittelyä."),
                _p("Fortbildningen fördjupar konsultation, handledning av teamet och hantering av svåra situationer."),
                _p("The advanced course deepens consultation, team supervision and working through hard situations."),
            ),
            "satakunta",
            "Pori",
            "fi",
            16,
            [
                (30, "09:00", "15:30", "Porin perhekeskus, Itsenäisyydenkatu 33", ""),
                (51, "09:00", "15:30", "", ONLINE),
                (72, "09:00", "15:30", "Porin perhekeskus, Itsenäisyydenkatu 33", ""),
            ],
            scope=(3, 18),
            sectors=["lastensuojelu"],
            enrolled=5,
            trainers=["kouluttaja2"],
            prerequisite="systeemisen-toimintamallin-peruskoulutus-pori",
        ),
        DemoOffering(
            WorkshopSeriesPage,
            "mindme-koulu-kuuluu-kaikille",
            (
                "MindMe – koulu kuuluu kaikille",
                "MindMe – skolan hör till alla",
                "MindMe – school belongs to everyone",
            ),
            (
                "Viiden työpajan sarja sijaishuollossa olevien lasten koulunkäynnin tukemisesta.",
                "En serie om fem workshoppar om stöd för skolgången för barn i vård utom hemmet.",
                "A series of five workshops on supporting the schooling of children in care.",
            ),
            (
                "Koulun ja lastensuojelun henkilöstö",
                "Personal inom skola och barnskydd",
                "School and child-protection staff",
            ),
            (
                _p(
                    "Työpajoissa pohditaan, miten koulunkäynti järjestetään sijoitetulle lapselle ja "
                    "miten kouluun kiinnittymistä tuetaan, kun poissaoloja alkaa kertyä.",
                    "Sarja on avoin kaikille. Voit osallistua yhteen tai kaikkiin työpajoihin.",
                ),
                _p(
                    "I workshopparna funderar vi på hur skolgången ordnas för ett placerat barn och hur "
                    "vi stöder skolnärvaron när frånvaron börjar öka.",
                    "Serien är öppen för alla. Du kan delta i en eller alla workshoppar.",
                ),
                _p(
                    "The workshops look at how schooling is arranged for a child in care and how to act "
                    "when school absence begins to grow.",
                    "The series is open to all. Join one workshop or all five.",
                ),
            ),
            "satakunta",
            None,
            "fi-sv",
            60,
            [
                (
                    12 + 14 * i,
                    "13:00",
                    "15:30",
                    "" if i % 2 else "Porin kaupunginkirjasto, Gallen-Kallelan katu 12",
                    ONLINE,
                )
                for i in range(5)
            ],
            scope=(None, 12.5),
            sectors=["koulu", "lastensuojelu"],
            partner=True,
            enrolled=17,
            trainers=["kouluttaja3"],
        ),
    ]


PEOPLE = {
    "koordinaattori@example.fi": ("Kaisa", "Koordinaattori", "coordinator"),
    "kouluttaja1@example.fi": ("Tuula", "Toivonen", "trainer"),
    "kouluttaja2@example.fi": ("Mikael", "Rantanen", "trainer"),
    "kouluttaja3@example.fi": ("Anna", "Sjöberg", "trainer"),
    "mentori@example.fi": ("Helena", "Lahtinen", "mentor"),
    "osallistuja1@example.fi": ("Laura", "Mäkinen", "participant"),
    "osallistuja2@example.fi": ("Johan", "Lindqvist", "participant"),
    "osallistuja3@example.fi": ("Sari", "Heikkilä", "participant"),
    "osallistuja4@example.fi": ("Emma", "Nyström", "participant"),
}
EXTRA_PARTICIPANTS = 24  # anonymous demo people who fill places, so places left vary


class DemoLoader:
    def __init__(self, today: dt.date | None = None):
        self.today = today or timezone.localdate()
        self.tz = timezone.get_current_timezone()

    @transaction.atomic
    def run(self) -> HomePage:
        self.regions = self._regions()
        self.sectors = self._sectors()
        self.vasso, self.pesapuu = self._organisations()
        self.signature = self._signature()
        self._attestation_settings()
        self.users = self._people()
        home = self._home()
        catalogue = self._catalogue(home)
        self._about(home)
        self._groups(home)
        pages = {}
        for spec in demo_offerings():
            page = pages[spec.slug] = self._offering(catalogue, spec, prerequisite=pages.get(spec.prerequisite))
            self._enrol(page, spec)
            if max(days for days, *_ in spec.sessions) < 0:
                self._mark_past_sessions(page, spec.trainers)
        mentoring_demo.load(
            mentor=self.users["mentori"],
            mentees=[self.users["osallistuja1"], self.users["osallistuja3"], self.users["demo01"]],
            coordinator=self.users["koordinaattori"],
            today=self.today,
        )
        load_developer_groups(self, home)
        return home

    def _regions(self):
        regions = {}
        for slug, (fi, sv, en) in REGIONS.items():
            regions[slug], _ = Region.objects.update_or_create(
                slug=slug, defaults={"name_fi": fi, "name_sv": sv, "name_en": en}
            )
            for m_fi, m_sv, m_en in MUNICIPALITIES[slug]:
                Municipality.objects.update_or_create(
                    region=regions[slug], name_fi=m_fi, defaults={"name_sv": m_sv, "name_en": m_en}
                )
        return regions

    def _sectors(self):
        sectors = {}
        for order, (slug, fi, sv, en) in enumerate(SECTORS):
            sectors[slug], _ = Sector.objects.update_or_create(
                slug=slug, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "sort_order": order}
            )
        return sectors

    def _organisations(self):
        vasso, _ = Organisation.objects.update_or_create(
            short_name="Vasso",
            defaults={
                "name_fi": "Varsinais-Suomen sosiaalialan osaamiskeskus Vasso",
                "name_sv": "Kompetenscentret inom det sociala området i Egentliga Finland Vasso",
                "name_en": "Vasso, Southwest Finland Centre of Expertise in Social Welfare",
                "website": "https://vasso.example.fi",
            },
        )
        pesapuu, _ = Organisation.objects.update_or_create(
            short_name="Pesäpuu",
            defaults={"name_fi": "Pesäpuu ry", "name_sv": "Pesäpuu rf", "name_en": "Pesäpuu ry"},
        )
        return vasso, pesapuu

    def _signature(self):
        """The demo signatory's signature: her name in the certificate's italic, in ink blue."""
        image = Image.objects.filter(title=SIGNATURE_TITLE).first()
        if image is not None:
            return image
        font = ImageFont.truetype(str(settings.BASE_DIR / "static/certificates/fonts/EBGaramond12-Italic.ttf"), 96)
        canvas = PILImage.new("RGBA", (720, 150), (255, 255, 255, 0))
        ImageDraw.Draw(canvas).text((20, 10), SIGNATORY["certificate_signatory"], font=font, fill=(31, 58, 96, 255))
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        return Image.objects.create(
            title=SIGNATURE_TITLE, file=ImageFile(buffer, name="demo-signature.png"), width=720, height=150
        )

    def _attestation_settings(self):
        """Vasso issues the developer-group and mentoring attestations, Pesäpuu is the groups' partner."""
        attestations = AttestationSettings.load()
        attestations.issuer = self.vasso
        attestations.group_partner = self.pesapuu
        attestations.signatory = SIGNATORY["certificate_signatory"]
        attestations.signatory_title_fi = SIGNATORY["certificate_signatory_title_fi"]
        attestations.signatory_title_sv = SIGNATORY["certificate_signatory_title_sv"]
        attestations.signature = self.signature
        attestations.save()

    def _people(self):
        User = get_user_model()
        trainers, _ = Group.objects.get_or_create(name="Trainers")
        users = {}
        for email, (first, last, role) in PEOPLE.items():
            user, _ = User.objects.update_or_create(
                username=email,
                defaults={"email": email, "first_name": first, "last_name": last},
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if role == "trainer":
                user.groups.add(trainers)
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            self._profile(user, role)
            users[email.split("@")[0]] = user
        for n in range(1, EXTRA_PARTICIPANTS + 1):
            email = f"demo{n:02d}@example.fi"
            users[f"demo{n:02d}"], _ = User.objects.update_or_create(
                username=email, defaults={"email": email, "first_name": "Demo", "last_name": f"Osallistuja {n}"}
            )
        return users

    def _profile(self, user, role):
        swedish = user.last_name in ("Lindqvist", "Nyström", "Sjöberg")
        municipality = Municipality.objects.filter(name_fi="Pori" if not swedish else "Turku").first()
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": "Vasso" if role != "participant" else ("Porin kaupunki" if not swedish else "Åbo stad"),
                "municipality": municipality or Municipality.objects.first(),
                "sector": self.sectors["lastensuojelu"],
                "job_title": {
                    "coordinator": "Koulutuskoordinaattori",
                    "trainer": "Kouluttaja",
                    "mentor": "Johtava sosiaalityöntekijä",
                }.get(role, "Sosiaalityöntekijä" if not swedish else "Socialarbetare"),
                "preferred_language": "sv" if swedish else "fi",
                "privacy_consent_at": timezone.now(),
                "privacy_notice_version": PRIVACY_NOTICE_VERSION,
            },
        )

    def _groups(self, home):
        """The staff roles as `manage.py set_up_roles` makes them on every release."""
        coordinators, _trainers = set_up_roles(home)
        self.users["koordinaattori"].groups.add(coordinators)
        # Coordinators must use a second factor; the demo's has an authenticator with a published
        # secret, which anyone trying the demo adds to their app (README).
        if not Authenticator.objects.filter(user=self.users["koordinaattori"], type=Authenticator.Type.TOTP).exists():
            TOTP.activate(self.users["koordinaattori"], DEMO_TOTP_SECRET)

    def _home(self) -> HomePage:
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        texts = {
            "title": "Systeeminen työ ja MindMe – koulutukset",
            "title_sv": "Systemiskt arbete och MindMe – utbildningar",
            "title_en": "Systemic practice and MindMe – trainings",
            "lead_fi": "Koulutuksia lasten ja perheiden kanssa työskenteleville ammattilaisille: "
            "tietoiskuja systeemisestä työstä, perus- ja täydennyskoulutusta sekä MindMe-työpajoja.",
            "lead_sv": "Utbildningar för yrkesverksamma som arbetar med barn och familjer: infotillfällen om "
            "systemiskt arbete, grund- och fortbildning samt MindMe-workshoppar.",
            "lead_en": "Training for professionals who work with children and families: introductions to "
            "systemic practice, basic and advanced courses, and the MindMe workshops.",
        }
        if home is None:
            # Wagtail's placeholder "Welcome" page (and the site on it) gives way to the home page.
            Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
            home = HomePage(slug="home", **texts)
            root.add_child(instance=home)
        else:
            for name, value in texts.items():
                setattr(home, name, value)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": site_record_name()},
        )
        return home

    def _child(self, parent, model, slug, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
        return page

    def _catalogue(self, home) -> CataloguePage:
        page = self._child(
            home,
            CataloguePage,
            "koulutukset",
            title="Koulutukset",
            title_sv="Utbildningar",
            title_en="Trainings",
            intro_fi="Löydä koulutus: suodata lajin, alueen, kielen, kuukauden tai kohderyhmän mukaan.",
            intro_sv="Hitta en utbildning: filtrera enligt typ, region, språk, månad eller målgrupp.",
            intro_en="Find a training: filter by kind, region, language, month or audience.",
        )
        page.save_revision().publish()
        return page

    def _about(self, home):
        page = self._child(
            home,
            ContentPage,
            "tietoa",
            title="Tietoa koulutusohjelmasta",
            title_sv="Om utbildningsprogrammet",
            title_en="About the programme",
            body_fi=_p("Koulutusohjelma tukee systeemistä työtä lastensuojelussa ja sen lähipalveluissa."),
            body_sv=_p("Utbildningsprogrammet stöder systemiskt arbete inom barnskyddet och närliggande tjänster."),
            body_en=_p("The programme supports systemic practice in child protection and the services around it."),
        )
        page.save_revision().publish()

    def _offering(self, catalogue, spec: DemoOffering, *, prerequisite):
        first_day = self.today + dt.timedelta(days=min(days for days, *_ in spec.sessions))
        opens = dt.datetime.combine(first_day - dt.timedelta(days=120), dt.time(8), self.tz)
        fields = {
            "title": spec.titles[0],
            "title_sv": spec.titles[1],
            "title_en": spec.titles[2],
            "lead_fi": spec.leads[0],
            "lead_sv": spec.leads[1],
            "lead_en": spec.leads[2],
            "audience_text_fi": spec.audience[0],
            "audience_text_sv": spec.audience[1],
            "audience_text_en": spec.audience[2],
            "body_fi": spec.bodies[0],
            "body_sv": spec.bodies[1],
            "body_en": spec.bodies[2],
            "region": self.regions[spec.region],
            "municipality": Municipality.objects.get(name_fi=spec.municipality) if spec.municipality else None,
            "language": spec.language,
            "capacity": spec.capacity,
            "enrolment_opens": opens,
            "enrolment_closes": dt.datetime.combine(first_day - dt.timedelta(days=3), dt.time(23, 59), self.tz),
            "scope_days": spec.scope[0],
            "scope_hours": spec.scope[1],
            "organiser": self.vasso,
            "partner": self.pesapuu if spec.partner else None,
            **SIGNATORY,
            "certificate_signature": self.signature,
        }
        if spec.model is AdvancedCoursePage:
            fields["prerequisite"] = prerequisite
        page = self._child(catalogue, spec.model, spec.slug, **fields)
        page.sessions = [
            Session(
                date=self.today + dt.timedelta(days=days),
                starts_at=dt.time.fromisoformat(start),
                ends_at=dt.time.fromisoformat(end),
                place=place,
                online_url=link,
            )
            for days, start, end, place, link in spec.sessions
        ]
        page.audiences = [self.sectors[slug] for slug in spec.sectors]
        page.trainers = [self.users[name] for name in spec.trainers]
        page.save_revision().publish()
        return page

    def _mark_past_sessions(self, page, trainers):
        """Everyone came to a training that is over: its attendance is marked and completion follows.
        The first time, the trainer then corrects one mark, so the audit log has an entry to show."""
        confirmed = list(page.enrolments.filter(status=Enrolment.Status.CONFIRMED).values_list("pk", flat=True))
        sessions = list(Session.objects.filter(offering_id=page.pk).select_related("offering").order_by("date"))
        trainer = self.users[trainers[0]]
        for session in sessions:
            save_roster(session, marks=dict.fromkeys(confirmed, ("present", "")), by=trainer)
        corrected = Entry.objects.filter(action=Entry.Action.ATTENDANCE_CORRECTED, offering_id=page.pk).exists()
        if confirmed and sessions and not corrected:
            marks = dict.fromkeys(confirmed, ("present", ""))
            marks[confirmed[0]] = ("late", "Juna oli myöhässä.")
            save_roster(sessions[0], marks=marks, by=trainer)

    def _enrol(self, page, spec: DemoOffering):
        participants = [self.users[f"osallistuja{n}"] for n in range(1, 5)]
        participants += [self.users[f"demo{n:02d}"] for n in range(1, EXTRA_PARTICIPANTS + 1)]
        wanted = participants[spec.first_participant : spec.first_participant + spec.enrolled]
        # A demo person an earlier version of the demo enrolled here and this one does not leaves it.
        page.enrolments.filter(user__in=participants).exclude(user__in=wanted).delete()
        for user in wanted:
            Enrolment.objects.get_or_create(offering=page, user=user, status=Enrolment.Status.CONFIRMED)

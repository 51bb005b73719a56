from decimal import Decimal

import pytest

from tests.factories import BasicCoursePageFactory, EnrolmentFactory, OrganisationFactory, ParticipantFactory


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

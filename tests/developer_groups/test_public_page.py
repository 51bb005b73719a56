import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase

import pytest

from developer_groups.models import DeveloperGroupIndexPage
from home.models import ContentPage, HomePage
from tests.factories import DeveloperGroupFactory, MembershipFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_the_groups_page_sits_under_the_home_page_once(self):
        self.assertAllowedParentPageTypes(DeveloperGroupIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(DeveloperGroupIndexPage, set())
        self.assertCanNotCreateAt(ContentPage, DeveloperGroupIndexPage)
        assert DeveloperGroupIndexPage.max_count == 1


@pytest.fixture
def groups_page(home_page):
    page = DeveloperGroupIndexPage(
        title="MindMe-kehittäjäryhmät", title_sv="MindMe-utvecklingsgrupper", slug="kehittajaryhmat", intro_fi="Ryhmät."
    )
    home_page.add_child(instance=page)
    return page


def test_the_page_lists_current_listed_groups_by_municipality_in_the_readers_language(client, groups_page):
    pori = MunicipalityFactory(name_fi="Pori", name_sv="Björneborg")
    eura = MunicipalityFactory(name_fi="Eura", name_sv="Eura")
    DeveloperGroupFactory(name_fi="Porin ryhmä", name_sv="Björneborgsgruppen", municipality=pori)
    DeveloperGroupFactory(name_fi="Euran ryhmä", municipality=eura, description_fi="Siirtymät kouluun.")
    DeveloperGroupFactory(name_fi="Piilotettu ryhmä", municipality=eura, listed=False)
    today = timezone.localdate()
    DeveloperGroupFactory(
        name_fi="Päättynyt ryhmä",
        municipality=eura,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=1),
    )

    fi = client.get("/fi/kehittajaryhmat/").content.decode()
    sv = client.get("/sv/kehittajaryhmat/").content.decode()

    assert fi.index(">Eura</h2>") < fi.index(">Pori</h2>") < fi.index("Porin ryhmä")
    assert "Siirtymät kouluun." in fi
    assert "Piilotettu ryhmä" not in fi
    assert "Päättynyt ryhmä" not in fi
    assert sv.index(">Björneborg</h2>") < sv.index(">Eura</h2>")
    assert "Björneborgsgruppen" in sv


def test_the_page_says_nothing_about_who_is_in_a_group(client, groups_page):
    group = DeveloperGroupFactory()
    member = MembershipFactory(group=group)

    html = client.get("/fi/kehittajaryhmat/").content.decode()

    assert group.name_fi in html
    for personal in (member.user.email, member.user.last_name, member.user.profile.organisation):
        assert personal not in html


def test_the_page_costs_the_same_queries_for_one_group_and_five(client, groups_page):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/fi/kehittajaryhmat/").status_code == 200
        return len(captured)

    DeveloperGroupFactory()
    one = queries()
    for name in ("Kankaanpää", "Eura", "Ulvila", "Turku"):
        DeveloperGroupFactory(name_fi=f"Ryhmä {name}", municipality=MunicipalityFactory(name_fi=name, name_sv=name))

    assert queries() == one


def test_the_home_page_links_to_the_groups_page_once_it_is_published(client, catalogue, groups_page):
    assert 'href="/fi/kehittajaryhmat/"' in client.get("/fi/").content.decode()

    groups_page.unpublish()

    assert "/fi/kehittajaryhmat/" not in client.get("/fi/").content.decode()

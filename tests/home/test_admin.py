"""The Wagtail admin names the portal, in the coordinator's language, not "LMS" or "Wagtail"."""

from io import StringIO

from django.core.management import call_command

from wagtail.models import Site
from wagtail.users.models import UserProfile

import pytest

pytestmark = pytest.mark.django_db

NAMES = {"fi": "Systeeminen työ ja MindMe – koulutukset", "sv": "Systemiskt arbete och MindMe – utbildningar"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_admins_home_is_headed_and_titled_with_the_portals_name(client, coordinator, lang):
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": lang})
    client.force_login(coordinator)

    html = " ".join(client.get("/admin/").content.decode().split())

    assert f'<h1 class="w-h1 w-mt-0"> {NAMES[lang]} </h1>' in html
    assert f"- {NAMES[lang]}</title>" in html
    assert "LMS" not in html
    assert "- Wagtail</title>" not in html


def test_configure_site_names_the_site_record_after_the_portal(home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://koulutus.example.fi"
    Site.objects.filter(is_default_site=True).update(site_name="LMS")

    call_command("configure_site", stdout=StringIO())

    assert Site.objects.get(is_default_site=True).site_name == NAMES["fi"]

"""The accessibility statement the Act on the Provision of Digital Services (306/2019) asks for, in
each language, linked from every page's footer."""

import re

import pytest

from tests.factories import IntroductionSessionPageFactory

pytestmark = pytest.mark.django_db

HEADINGS = {"fi": "Saavutettavuusseloste", "sv": "Tillgänglighetsutlåtande", "en": "Accessibility statement"}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("lang", "conformance", "authority"),
    [
        ("fi", "täyttää osittain verkkosisällön saavutettavuusohjeiden (WCAG) 2.1 AA-tason", "Traficomille"),
        ("sv", "uppfyller delvis nivå AA i riktlinjerna för tillgängligt webbinnehåll (WCAG) 2.1", "Traficom"),
        ("en", "partially conforms to level AA of the Web Content Accessibility Guidelines (WCAG) 2.1", "Traficom"),
    ],
)
def test_the_statement_says_what_the_act_asks_for_in_each_language(
    client, home_page, settings, lang, conformance, authority
):
    settings.CONTACT_EMAIL = "saavutettavuus@vasso.example.fi"

    response = client.get(f"/{lang}/accessibility/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{HEADINGS[lang]}</h1>" in html
    assert conformance in text(html)
    assert "WCAG 3.1.2" in html  # the known gap: the certificate's Swedish half
    assert 'href="mailto:saavutettavuus@vasso.example.fi"' in html  # the feedback channel, from the setting
    assert authority in text(html)
    assert 'href="https://www.saavutettavuusvaatimukset.fi/"' in html
    assert re.search(r"\b8\.12\.2026|8 Dec 2026", text(html))  # the day it was prepared


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_links_to_the_statement_from_its_footer(client, catalogue, lang):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    pages = [
        f"/{lang}/",
        f"/{lang}/koulutukset/",
        f"/{lang}/koulutukset/{offering.slug}/",
        f"/{lang}/accounts/login/",
        f"/{lang}/privacy/",
        f"/{lang}/accessibility/",
        f"/{lang}/ei-ole/",
    ]

    for url in pages:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="/{lang}/accessibility/">{HEADINGS[lang]}</a>' in footer, url

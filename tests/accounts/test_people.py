"""How pages name people: person_name for the site's own pages, public_names on public ones."""

from django.template import Context, Template
from django.utils import translation

import pytest

from tests.factories import IntroductionSessionPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_person_name_is_the_full_name_else_the_email_else_erased_and_nothing_for_nobody():
    named = UserFactory(first_name="Aino", last_name="Aalto", email="aino@example.fi")
    unnamed = UserFactory(first_name="", last_name="", email="nimeton@example.fi")
    erased = UserFactory(first_name="", last_name="", email="")

    assert render("{{ a|person_name }}|{{ b|person_name }}", a=named, b=unnamed) == "Aino Aalto|nimeton@example.fi"
    with translation.override("fi"):
        assert render("{{ c|person_name }}", c=erased) == "Poistettu henkilö"
    assert render('{{ d|person_name|default:"—" }}', d=None) == "—"


def test_an_offerings_page_names_its_trainers_and_never_shows_an_email(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    named = UserFactory(first_name="Tiina", last_name="Kouluttaja", email="tiina@example.fi")
    unnamed = UserFactory(first_name="", last_name="", email="nimeton.kouluttaja@example.fi")
    offering.trainers.add(named, unnamed)
    offering.save_revision().publish()

    html = client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()

    assert "Tiina Kouluttaja" in html
    assert "tiina@example.fi" not in html
    assert "nimeton.kouluttaja@example.fi" not in html

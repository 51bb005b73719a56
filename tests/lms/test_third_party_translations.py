"""Wagtail's admin and django-allauth's pages read in the site's words in Finnish, Swedish and
English: what their own catalogues lack or say wrongly the project's catalogues supply
(lms/third_party_messages.py names each such msgid so that `make messages` keeps it)."""

import ast
import re
from html import unescape
from pathlib import Path

import django
from django.test import Client
from django.utils.translation import trans_real

import wagtail
from wagtail.users.models import UserProfile

import allauth
import polib
import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from courses.models import IntroductionSessionPage
from developer_groups.services import create_group
from lms import third_party_messages
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    ParticipantFactory,
    log_in_with_second_factor,
)

from .messages import looked_up, missing

pytestmark = pytest.mark.django_db

ALLAUTH = Path(allauth.__file__).parent
WAGTAIL = Path(wagtail.__file__).parent


def catalogue_ids(*paths) -> set:
    ids = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            ids.add((f"{entry.msgctxt}\x04" if entry.msgctxt else "") + entry.msgid)
    return ids


def taken_over() -> dict[str, set[str]]:
    """The msgids lms/third_party_messages.py names, by app, read as makemessages reads them: the
    first argument of each gettext_noop or ngettext_lazy call."""
    tree = ast.parse(Path(third_party_messages.__file__).read_text())
    named = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            calls = [call for call in ast.walk(node.value) if isinstance(call, ast.Call)]
            named[node.targets[0].id] = {call.args[0].value for call in calls}
    return named


def test_every_msgid_the_project_takes_over_is_still_one_of_its_apps():
    """An upgrade that rewords a string leaves our translation of the old one unused: find it here."""
    django_root = Path(django.__file__).parent
    apps = {
        "ALLAUTH": catalogue_ids(ALLAUTH / "locale/en/LC_MESSAGES/django.po"),
        "WAGTAIL": catalogue_ids(*WAGTAIL.glob("**/locale/en/LC_MESSAGES/django.po")),
        "DJANGO": catalogue_ids(*django_root.glob("**/locale/en/LC_MESSAGES/django.po")),
    }

    named = taken_over()

    assert set(named) == set(apps)
    for app, msgids in named.items():
        assert msgids - apps[app] == set(), app


def page_form_data() -> dict:
    """An offering's editor sent with nothing filled in: every StreamField and inline empty."""
    form_class = IntroductionSessionPage.get_edit_handler().get_form_class()
    data = {"title": "", "slug": "", "language": "fi", "capacity": "10"}
    data.update({f"{name}-count": "0" for name in ("body_fi", "body_sv", "body_en")})
    for prefix in form_class.formsets:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_admin_coordinators_use_is_translated(client, catalogue, coordinator, monkeypatch, lang):
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen")
    EnrolmentFactory(offering=offering)
    group = create_group(
        name_fi="Kehittäjäryhmä",
        municipality=MunicipalityFactory(),
        starts_on=offering.starts_on,
        ends_on=offering.ends_on,
        theme_fi="Teema",
    )
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": lang})
    client.force_login(coordinator)
    home = catalogue.get_parent()
    pages = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{catalogue.pk}/",
        f"/admin/pages/{catalogue.pk}/add_subpage/",
        f"/admin/pages/add/courses/introductionsessionpage/{catalogue.pk}/",
        f"/admin/pages/{offering.pk}/edit/",
        f"/admin/pages/{offering.pk}/history/",
        f"/admin/pages/{offering.pk}/copy/",
        f"/admin/pages/{offering.pk}/move/",
        f"/admin/pages/{offering.pk}/unpublish/",
        "/admin/pages/search/?q=johdatus",
        "/admin/pages/usage/courses/introductionsessionpage/",
        "/admin/snippets/courses/region/",
        "/admin/snippets/courses/region/add/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/account/",
        "/admin/reports/site-history/",
        "/admin/enrolments/",
        f"/admin/enrolments/{offering.pk}/",
        f"/admin/enrolments/{offering.pk}/attendance/",
        f"/admin/certificates/{offering.pk}/",
        "/admin/reports/",
        "/admin/audit/",
        "/admin/developer-groups/",
        "/admin/developer-groups/new/",
        f"/admin/developer-groups/edit/{group.pk}/",
        f"/admin/developer-groups/{group.pk}/members/",
        "/admin/mentoring/",
        "/admin/mentoring/add/",
        "/admin/personal-data/?q=testi",
    ]
    with looked_up(monkeypatch) as seen:
        for url in pages:
            assert client.get(url).status_code == 200, url
        # Saved with nothing filled in: "The page could not be created (saved) due to validation errors",
        # and autosaved so (the editor's script asks for JSON): "There are validation errors, …".
        for url in (
            f"/admin/pages/add/courses/introductionsessionpage/{catalogue.pk}/",
            f"/admin/pages/{offering.pk}/edit/",
        ):
            assert client.post(url, page_form_data()).status_code == 200, url
            assert client.post(url, page_form_data(), HTTP_ACCEPT="application/json").status_code == 400, url

    gaps = missing(seen, lang)
    assert not gaps, "\n".join(gaps)


def test_wagtails_finnish_typo_is_corrected(client, catalogue, coordinator):
    IntroductionSessionPageFactory(parent=catalogue)
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": "fi"})
    client.force_login(coordinator)

    html = client.get(f"/admin/pages/{catalogue.pk}/add_subpage/").content.decode()

    assert "SIvut" not in html
    assert "Sivut tyyppiä" in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_admins_script_strings_are_translated(lang):
    """The admin's scripts read their strings ("Autosave in progress…") from the JavaScript
    catalogue its jsi18n view builds: Wagtail's and the project's djangojs catalogues (what is
    missing there falls back to Finnish, for Swedish too)."""
    wanted = catalogue_ids(WAGTAIL / "admin/locale/en/LC_MESSAGES/djangojs.po") - {""}

    served = trans_real.DjangoTranslation(lang, domain="djangojs", localedirs=[str(WAGTAIL / "admin/locale")])

    gaps = sorted(msgid for msgid in wanted if msgid not in served._catalog and (msgid, 0) not in served._catalog)
    assert not gaps, "\n".join(gaps)


# Words allauth's own catalogues use that the site does not: "Sign In" for "Log in", Swedish
# "epost" and "mail", and a second term for two-factor authentication.
NOT_THE_SITES_WORDS = {
    "fi": r"Rekisteröi|\bKirjaudu\b(?! sisään| ulos| uudelleen)|tunnistautu|todennus",
    "sv": r"\b[Ee]post|[Vv]erifierings-?mail|\bmail(et)?\b|tvåsteg|Har du redan ett konto\? Då kan du",
    "en": r"\b[Ss]ign(ed)?[ -]?([Ii]n|[Uu]p|[Oo]ut)\b|\bSignup\b",
}


def visible_text(html: str) -> str:
    """The page's text as a person reads or hears it: its words, and the placeholders, labels and
    titles in attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'\b(?:placeholder|aria-label|title|alt)="([^"]*)"', html)
    return " ".join(unescape(" ".join([re.sub(r"<[^>]+>", " ", html), *attributes])).split())


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_allauths_pages_say_what_the_site_says(client, home_page, monkeypatch, mailoutbox, lang):
    person = ParticipantFactory(username="aino@example.fi")
    with_second_factor = ParticipantFactory(username="kaksi@example.fi")
    TOTP.activate(with_second_factor, generate_totp_secret())
    RecoveryCodes.activate(with_second_factor)
    accounts = f"/{lang}/accounts/"
    pages = []

    def visit(method, path, data=None):
        response = getattr(client, method)(accounts + path, data or {}, follow=True)
        pages.append(response.content.decode())
        return response

    with looked_up(monkeypatch) as seen:
        visit("get", "login/")
        visit("post", "login/", {"login": "aino@example.fi", "password": "väärin"})
        visit("get", "signup/")
        visit("post", "signup/", {"email": "uusi@example.fi", "password1": "a-Salasana-1", "password2": "toinen"})
        visit("post", "password/reset/", {"email": "ei-ole@example.fi"})
        visit("post", "password/reset/", {"email": person.email})
        reset = re.search(r"/accounts/(password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
        visit("get", reset)
        visit("post", "password/reset/key/1-set-password/", {"password1": "a", "password2": "b"})
        visit("get", "password/reset/key/1-vanha/")
        visit("get", "confirm-email/")
        visit("get", "confirm-email/vanha/")
        visit("get", "inactive/")
        visit("post", "login/", {"login": "kaksi@example.fi", "password": "salasana-123"})
        visit("post", "2fa/authenticate/", {"code": "000000"})
        client.logout()
        visit("post", "login/", {"login": person.email, "password": "salasana-123"})
        visit("post", "password/change/", {"oldpassword": "väärin", "password1": "a", "password2": "b"})
        visit("get", "email/")
        visit("get", "2fa/")
        visit("post", "reauthenticate/", {"password": "salasana-123"})
        visit("get", "2fa/totp/activate/")
        visit("get", "logout/")
        visit("post", "logout/")
        client = Client()
        log_in_with_second_factor(client, with_second_factor)
        visit("post", "reauthenticate/", {"password": "salasana-123"})
        for path in ("2fa/", "2fa/recovery-codes/", "2fa/recovery-codes/generate/", "2fa/totp/deactivate/"):
            assert visit("get", path).redirect_chain == [], path

    if lang != "en":
        gaps = missing(seen, lang)
        assert not gaps, "\n".join(gaps)
    for html in pages:
        wrong = re.search(NOT_THE_SITES_WORDS[lang], visible_text(html))
        assert wrong is None, (wrong.group(0), visible_text(html)[max(0, wrong.start() - 200) : wrong.end() + 100])


@pytest.mark.parametrize(
    ("lang", "link"),
    [("fi", "Luo käyttäjätili"), ("sv", "Skapa ett konto"), ("en", "Create an account")],
)
def test_the_log_in_pages_link_to_sign_up_says_so(client, home_page, lang, link):
    html = client.get(f"/{lang}/accounts/login/").content.decode()

    assert re.search(rf'<a href="/{lang}/accounts/signup/[^"]*">\s*{link}\s*</a>', html), visible_text(html)

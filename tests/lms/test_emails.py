"""Every email names the portal and signs as the programme, from one base template
(templates/email/base.txt, lms/emails.py): the site's own and django-allauth's, which greeted
"from" the host the request came to ("Terve palvelusta 127.0.0.1:8000!")."""

import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import engines
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils import timezone

import allauth
import pytest

from certificates.services import issue_certificate
from certificates.tasks import send_certificate_email
from developer_groups.services import create_group, invite
from developer_groups.tasks import send_invitation_email
from enrolment.tasks import KINDS, send_enrolment_email
from mentoring.tasks import send_session_reminder
from privacy import services as privacy_services
from privacy.tasks import send_inactivity_notice
from tests.factories import (
    AgreementFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MenteeFactory,
    MentoringSessionFactory,
    MunicipalityFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

SIGNATURE = {
    "fi": (
        "Ystävällisin terveisin\nSysteeminen työ ja MindMe – koulutukset\n"
        "Sosiaalialan osaamiskeskuksen koulutusohjelma lasten ja perheiden kanssa työskenteleville "
        "ammattilaisille.\nhttp://testserver/fi/"
    ),
    "sv": (
        "Med vänliga hälsningar\nSystemiskt arbete och MindMe – utbildningar\n"
        "Ett utbildningsprogram från kompetenscentret inom det sociala området för yrkesverksamma som arbetar "
        "med barn och familjer.\nhttp://testserver/sv/"
    ),
}
SIGNUP = {
    "email": "liisa.laine@example.fi",
    "password1": "Pitka-salasana-2026",
    "password2": "Pitka-salasana-2026",
    "first_name": "Liisa",
    "last_name": "Laine",
    "privacy_consent": "on",
}


def assert_on_the_base(message, lang: str, greeting: str):
    """Greets, ends with the programme's signature in `lang`, and names no host outside a link."""
    assert message.body.startswith(f"{greeting}\n\n"), message.body
    assert message.body.rstrip("\n").endswith(SIGNATURE[lang]), message.body
    words = re.sub(r"https?://\S+", "", message.body + message.subject)
    for host in ("testserver", "127.0.0.1", "localhost", "example.com"):
        assert host not in words, message.body


def person(lang: str, **fields):
    return ParticipantFactory(first_name="Aino", profile={"preferred_language": lang}, **fields)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_enrolment_emails_are_on_the_base(catalogue, mailoutbox, kind, lang):
    enrolment = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue), user=person(lang))

    send_enrolment_email(enrolment.pk, kind)

    assert_on_the_base(mailoutbox[0], lang, {"fi": "Hei Aino,", "sv": "Hej Aino,"}[lang])


def test_the_certificate_email_is_on_the_base(catalogue, mailoutbox):
    enrolment = EnrolmentFactory(
        offering=IntroductionSessionPageFactory(parent=catalogue), user=person("sv"), completed=True
    )

    send_certificate_email(issue_certificate(enrolment, issued_by=None).pk)

    assert_on_the_base(mailoutbox[-1], "sv", "Hej Aino,")


def test_a_group_invitation_to_someone_without_an_account_is_on_the_base(mailoutbox):
    today = timezone.localdate()
    group = create_group(
        name_fi="Kehittäjäryhmä Pori",
        municipality=MunicipalityFactory(),
        starts_on=today,
        ends_on=today + dt.timedelta(days=100),
        theme_fi="Sisukas",
    )
    invitation = invite(group, email="uusi@example.fi", by=None, language="fi")

    send_invitation_email(invitation.pk, invitation.token)

    assert_on_the_base(mailoutbox[0], "fi", "Hei,")


def test_a_mentoring_reminder_is_on_the_base(mailoutbox):
    today = timezone.localdate()
    agreement = AgreementFactory(
        mentor=person("fi"), team="Tiimi 2", starts_on=today, ends_on=today + dt.timedelta(days=30)
    )
    mentee = MenteeFactory(agreement=agreement, user=person("sv", last_name="Berg"))
    session = MentoringSessionFactory(
        agreement=agreement, starts_at=timezone.now() + dt.timedelta(days=1), topic="Aihe", participants=[mentee]
    )

    send_session_reminder(session.pk, mentee.user_id)

    assert_on_the_base(mailoutbox[0], "sv", "Hej Aino,")


def test_the_inactivity_notice_is_on_the_base(mailoutbox):
    idle = person("fi")
    long_ago = timezone.now() - dt.timedelta(days=4 * 365)
    get_user_model().objects.filter(pk=idle.pk).update(date_joined=long_ago, last_login=long_ago)
    privacy_services.send_inactivity_notices()

    send_inactivity_notice(idle.pk)

    assert_on_the_base(mailoutbox[0], "fi", "Hei Aino,")


@pytest.mark.parametrize(
    ("lang", "greeting", "subject"),
    [
        ("fi", "Hei Liisa,", "Vahvista sähköpostiosoitteesi – Systeeminen työ ja MindMe – koulutukset"),
        ("sv", "Hej Liisa,", "Bekräfta din e-postadress – Systemiskt arbete och MindMe – utbildningar"),
    ],
)
def test_the_sign_up_confirmation_names_the_portal_not_the_host(client, home_page, mailoutbox, lang, greeting, subject):
    client.post(f"/{lang}/accounts/signup/", SIGNUP)

    (message,) = mailoutbox
    assert message.subject == subject
    assert_on_the_base(message, lang, greeting)
    assert re.search(rf"http://testserver/{lang}/accounts/confirm-email/\S+/\n", message.body)


def test_a_password_reset_names_the_portal(client, home_page, mailoutbox):
    ParticipantFactory(username="aino@example.fi", first_name="Aino")

    client.post("/fi/accounts/password/reset/", {"email": "aino@example.fi"})

    assert_on_the_base(mailoutbox[0], "fi", "Hei Aino,")
    assert "http://testserver/fi/accounts/password/reset/key/" in mailoutbox[0].body


def test_a_password_reset_for_an_unknown_address_names_the_portal(client, home_page, mailoutbox):
    client.post("/sv/accounts/password/reset/", {"email": "ingen@example.fi"})

    assert_on_the_base(mailoutbox[0], "sv", "Hej,")
    assert "http://testserver/sv/accounts/signup/" in mailoutbox[0].body


def test_signing_up_again_with_a_known_address_names_the_portal(client, home_page, mailoutbox):
    ParticipantFactory(username=SIGNUP["email"])

    client.post("/fi/accounts/signup/", SIGNUP)

    assert_on_the_base(mailoutbox[0], "fi", "Hei,")
    assert "http://testserver/fi/accounts/password/reset/" in mailoutbox[0].body


def email_templates():
    """Every email body the site can send: the project's (partials, subjects and the base aside)
    and django-allauth's, as the template loader finds them."""
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.glob("**/email/*.txt")):
        if not path.name.startswith("_") and not path.name.endswith("_subject.txt") and path.parent != root / "email":
            yield str(path.relative_to(root))
    allauth_root = Path(allauth.__file__).parent / "templates"
    for path in sorted(
        [*allauth_root.glob("account/email/*_message.txt"), *allauth_root.glob("mfa/email/*_message.txt")]
    ):
        yield str(path.relative_to(allauth_root))


@pytest.mark.parametrize("name", sorted(set(email_templates())))
def test_every_email_template_extends_the_one_base(name):
    engine = engines["django"].engine
    template, parents = engine.get_template(name), []
    # allauth's sign-up confirmation is its confirmation, included whole.
    while isinstance(node := template.nodelist[0], ExtendsNode | IncludeNode):
        parents.append((node.parent_name if isinstance(node, ExtendsNode) else node.template).var)
        template = engine.get_template(parents[-1])

    assert parents[-1:] == ["email/base.txt"], (name, parents)

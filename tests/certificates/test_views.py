import pytest
from pytest_django.asserts import assertRedirects, assertTemplateUsed

from certificates.services import issue_certificate, reissue_certificate, revoke_certificate
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(enrolment):
    return issue_certificate(enrolment, issued_by=None)


def page(client, language, certificate, **extra):
    return client.get(f"/{language}/verify/{certificate.display_code}/", **extra)


@pytest.mark.parametrize(
    ("language", "title"), [("fi", "Systeemisen työn peruskoulutus"), ("sv", "Grundutbildning i systemiskt arbete")]
)
def test_a_valid_certificate_shows_name_training_dates_and_issuer_in_the_visitors_language(
    client, certificate, language, title
):
    response = page(client, language, certificate)

    assert response.status_code == 200
    assertTemplateUsed(response, "certificates/verify_result.html")
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert response.context["certificate"].status == "valid"
    assert "Åsa Törnqvist-Väänänen" in html
    assert title in html
    assert certificate.number in html
    assert "Vasso" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # Only what an employer needs: no email, code, workplace or anything from the profile.
    assert certificate.subject.email not in html
    assert "Porin kaupunki" not in html


@pytest.mark.parametrize(("language", "revoked"), [("fi", "mitätöity"), ("sv", "återkallats")])
def test_a_revoked_certificate_says_so_without_the_reason(client, certificate, language, revoked):
    revoke_certificate(certificate, by=None, reason="Myönnetty erehdyksessä")

    response = page(client, language, certificate)

    assert response.status_code == 200
    assert response.context["certificate"].status == "revoked"
    html = response.content.decode()
    assert "Myönnetty erehdyksessä" not in html
    # In the glossary's words: a certificate is revoked (mitätöity, återkallat), not cancelled (peruttu).
    assert revoked in html
    assert "peruttu" not in html.lower()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_superseded_certificate_says_a_newer_one_exists(client, certificate, language):
    newer = reissue_certificate(certificate, by=None, reason="Nimi korjattu", name="Åsa Törnqvist")

    old_page = page(client, language, certificate)
    new_page = page(client, language, newer)

    assert old_page.context["certificate"].status == "superseded"
    assert "Åsa Törnqvist-Väänänen" in old_page.content.decode()
    # The newer certificate's code is the holder's to share, not the old page's.
    assert newer.display_code not in old_page.content.decode()
    assert new_page.context["certificate"].status == "valid"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_an_unknown_code_answers_404_with_a_way_to_try_again(client, language):
    response = client.get(f"/{language}/verify/0000-0000-0000-0000/")

    assert response.status_code == 404
    assertTemplateUsed(response, "certificates/verify_unknown.html")
    assert 'name="code"' in response.content.decode()


def test_a_carelessly_typed_code_in_the_address_goes_to_the_proper_one(client, certificate):
    response = client.get(f"/fi/verify/{certificate.code.lower()}/")

    assertRedirects(response, f"/fi/verify/{certificate.display_code}/")


def test_the_printed_address_opens_in_the_visitors_language(client, certificate):
    response = client.get(f"/verify/{certificate.display_code}/", HTTP_ACCEPT_LANGUAGE="sv")

    assertRedirects(response, f"/sv/verify/{certificate.display_code}/")


def test_the_form_takes_a_typed_code_to_its_page(client, certificate):
    assert client.get("/fi/verify/").status_code == 200

    response = client.get("/fi/verify/", {"code": certificate.display_code.lower().replace("-", " ")})

    assertRedirects(response, f"/fi/verify/{certificate.display_code}/")


def test_the_form_refuses_what_cannot_be_a_code(client):
    response = client.get("/sv/verify/", {"code": "abc"})

    assert response.status_code == 400
    assert response.context["form"].errors["code"]


def test_lookups_are_limited_per_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = (3, 600)

    statuses = [page(client, "fi", certificate).status_code for _ in range(3)]
    limited = client.get("/fi/verify/0000-0000-0000-0000/")
    elsewhere = page(client, "fi", certificate, REMOTE_ADDR="192.0.2.7")

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assertTemplateUsed(limited, "429.html")
    assert elsewhere.status_code == 200


def test_behind_the_proxy_lookups_are_limited_per_forwarded_address(client, certificate, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # as production behind its one proxy
    settings.CERTIFICATE_VERIFY_RATE = (2, 600)

    def look_up(forwarded_for):
        return page(client, "fi", certificate, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    first = [look_up("198.51.100.1") for _ in range(2)]
    spoofed = look_up("203.0.113.9, 198.51.100.1")  # the client's own entry comes first and is not believed
    elsewhere = look_up("198.51.100.2")
    # As allauth counts them, the addresses of one IPv6 network (/64) are one client.
    same_network = [look_up("2001:db8::1"), look_up("2001:db8::2"), look_up("2001:db8::3")]
    next_network = look_up("2001:db8:0:1::1")

    assert first == [200, 200]
    assert spoofed == 429
    assert elsewhere == 200
    assert same_network == [200, 200, 429]
    assert next_network == 200


def download(client, certificate):
    return client.get(f"/fi/my/certificates/{certificate.display_code}.pdf")


def test_the_holder_downloads_the_stored_pdf(client, certificate):
    client.force_login(certificate.subject)

    response = download(client, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"todistus-intyg-{certificate.number}.pdf" in response["Content-Disposition"]
    with certificate.pdf.open("rb") as file:
        assert b"".join(response.streaming_content) == file.read()


def test_someone_elses_certificate_is_not_found(client, certificate):
    client.force_login(ParticipantFactory())

    assert download(client, certificate).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    response = download(client, certificate)

    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")


def test_a_revoked_or_superseded_certificate_is_not_handed_out_again(client, certificate):
    client.force_login(certificate.subject)
    newer = reissue_certificate(certificate, by=None, reason="Korjaus")

    assert download(client, certificate).status_code == 404
    assert download(client, newer).status_code == 200
    revoke_certificate(newer, by=None, reason="Virhe")
    assert download(client, newer).status_code == 404

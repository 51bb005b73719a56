"""A strict Content-Security-Policy on the public and participant pages, and templates that live
within it: no inline script, no inline style, no event-handler attributes. The Wagtail admin
(Wagtail's own inline scripts) is left out of the policy; our pages inside it are checked for the
same habits anyway, so they would survive a stricter admin policy."""

import re
from pathlib import Path

from django.conf import settings

import pytest

from tests.factories import IntroductionSessionPageFactory, ParticipantFactory

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=[str(t.relative_to(settings.BASE_DIR)) for t in TEMPLATES])
def test_no_template_has_inline_script_style_or_event_handlers(template):
    text = template.read_text()

    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not INLINE_STYLE.search(text), "inline style: use a class in a static stylesheet"
    assert not EVENT_HANDLER.search(text), "event-handler attribute: bind it from a static script"


@pytest.mark.django_db
def test_public_and_participant_pages_send_a_strict_policy(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    person = ParticipantFactory()
    pages = ["/fi/", "/fi/koulutukset/", f"/sv/koulutukset/{offering.slug}/", "/fi/verify/", "/fi/accounts/login/"]
    responses = [client.get(path) for path in pages]
    client.force_login(person)
    responses += [client.get(path) for path in ("/fi/my/trainings/", "/fi/my/profile/", f"/fi/enrol/{offering.pk}/")]

    for response in responses:
        assert response.status_code == 200
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
        )
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]

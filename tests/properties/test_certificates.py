"""Verification takes any code, typed into the form or in the address: it answers with the
certificate, "not found", a refusal of what cannot be a code, or the rate limit, and writes
nothing. The code's reading is checked on its own too."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certificates import services as certificate_services
from certificates.codes import ALPHABET, CODE_LENGTH, group_code, new_code, normalise_code
from certificates.models import Certificate
from tests.factories import BasicCoursePageFactory, EnrolmentFactory, ParticipantFactory

from .conftest import example, rows
from .strategies import languages, path_segment, texts

pytestmark = pytest.mark.django_db


# Codes as people type them back: the right letters with any case, spaces and dashes, and typos.
typed_codes = st.text(alphabet=ALPHABET + ALPHABET.lower() + " -–.OIL", min_size=10, max_size=30)
codes = texts | typed_codes


@pytest.fixture
def certificate(catalogue, monkeypatch):
    monkeypatch.setattr(certificate_services, "render_certificate", lambda certificate: b"%PDF-1.7\n")
    course = BasicCoursePageFactory(parent=catalogue, sessions=[-30, -2])
    return certificate_services.issue_certificate(EnrolmentFactory(offering=course, completed=True), issued_by=None)


@settings(max_examples=50)
@given(language=languages, code=codes)
def test_the_verification_form_takes_any_code(certificate, language, code):
    with example() as client:
        before = rows(Certificate)

        response = client.get(f"/{language}/verify/", {"code": code})

        assert response.status_code in (302, 400)
        if response.status_code == 302:
            assert response["Location"] == f"/{language}/verify/{group_code(normalise_code(code))}/"
        assert rows(Certificate) == before


@settings(max_examples=50)
@given(language=languages, code=path_segment(codes))
def test_the_verification_page_takes_any_address(certificate, language, code):
    with example() as client:
        before = rows(Certificate)

        response = client.get(f"/{language}/verify/{code}/")

        assert response.status_code in (200, 301, 302, 400, 404)
        assert rows(Certificate) == before


@settings(max_examples=20)
@given(code=codes)
def test_a_known_code_typed_any_way_finds_its_certificate(certificate, code):
    typed = f" {certificate.display_code.lower().replace('-', ' ')} "

    assert certificate_services.verify(typed) == certificate
    found = certificate_services.verify(code)
    assert found is None or found == certificate


@settings(max_examples=100)
@given(text=texts | typed_codes)
def test_reading_a_code_never_fails_and_reads_its_own_printing_back(text):
    code = normalise_code(text)

    assert code is None or (len(code) == CODE_LENGTH and set(code) <= set(ALPHABET))
    assert code is None or normalise_code(group_code(code)) == code
    made = new_code()
    assert normalise_code(group_code(made).lower()) == made


# Names: whatever a form accepts, the certificate prints. The letters are drawn from what the name's
# fonts have (certificates.names), script by script, and from anything at all.


def _alphabet(*ranges: tuple[int, int]) -> list[str]:
    from certificates.names import advance

    return [chr(code) for start, end in ranges for code in range(start, end + 1) if advance(chr(code)) is not None]


_SCRIPTS = [
    (0x0041, 0x024F),  # Latin with its diacritics
    (0x1E00, 0x1EFF),  # Latin extended additional (Vietnamese)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x10A0, 0x10FF),  # Georgian
    (0x0530, 0x058F),  # Armenian
    (0x0600, 0x06FF),  # Arabic and Persian
    (0x0590, 0x05FF),  # Hebrew
    (0x0900, 0x097F),  # Devanagari
    (0x0E00, 0x0E7F),  # Thai
    (0x3040, 0x30FF),  # kana
    (0x4E00, 0x9FFF),  # Han
    (0xAC00, 0xD7AF),  # Hangul
]


@st.composite
def name_parts(draw):
    """A first or last name: words in one script (or two), or any text at all."""
    if draw(st.booleans()):
        return draw(texts)
    scripts = draw(st.lists(st.sampled_from(_SCRIPTS), min_size=1, max_size=2))
    alphabet = _alphabet(*scripts) + [" ", "-", "'"]
    return draw(st.text(alphabet=alphabet, min_size=1, max_size=60))


@settings(max_examples=30)
@given(first=name_parts(), last=name_parts())
def test_a_name_the_forms_accept_is_printed(catalogue, first, last):
    from django import forms

    from certificates.names import NameField
    from certificates.services import issue_certificate

    class Name(forms.Form):
        first_name = NameField()
        last_name = NameField()

    form = Name({"first_name": first, "last_name": last})
    if not form.is_valid():
        return
    with example():
        course = BasicCoursePageFactory(parent=catalogue, sessions=[-30, -2])
        person = ParticipantFactory(**form.cleaned_data)
        certificate = issue_certificate(EnrolmentFactory(offering=course, user=person, completed=True), issued_by=None)

        assert certificate.data["name"] == f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}"

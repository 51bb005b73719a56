"""Verification takes any code, typed into the form or in the address: it answers with the
certificate, "not found", a refusal of what cannot be a code, or the rate limit, and writes
nothing. The code's reading is checked on its own too."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certificates import services as certificate_services
from certificates.codes import ALPHABET, CODE_LENGTH, group_code, new_code, normalise_code
from certificates.models import Certificate
from tests.factories import BasicCoursePageFactory, EnrolmentFactory

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

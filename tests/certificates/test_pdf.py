import io
import logging
import math
import threading
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils import translation

from wagtail.images.models import Image as WagtailImage

import pikepdf
import pytest
from PIL import Image, ImageDraw

from certificates import pdf as certificate_pdf
from certificates.content import CertificateError
from certificates.pdf import LocalFetcher, bare_pdf, render_certificate
from certificates.services import issue_certificate, verification_url

from .pdf_tools import decode_qr, pdf_fonts, pdf_pages, pdf_text, structure_problems

pytestmark = pytest.mark.django_db

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def signature_image() -> WagtailImage:
    """A pen stroke on a transparent background, as a scanned signature would be."""
    canvas = Image.new("RGBA", (900, 260), (255, 255, 255, 0))
    draw = ImageDraw.Draw(canvas)
    stroke = [
        (80 + t * 7, 140 - 50 * math.sin(t / 7) * math.exp(-t / 150) + 14 * math.sin(t / 1.8)) for t in range(105)
    ]
    draw.line(stroke, fill=(24, 32, 64, 255), width=5, joint="curve")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return WagtailImage.objects.create(title="Allekirjoitus", file=ImageFile(buffer, name="allekirjoitus.png"))


# The head of the course fixture's certificate, in the order it is read.
HEAD = (
    "TODISTUS",
    "INTYG",
    "Åsa Törnqvist-Väänänen",
    "on osallistunut koulutukseen",
    "har deltagit i utbildningen",
    "Systeemisen työn peruskoulutus",
)


def test_the_pdf_reads_in_finnish_and_swedish_with_name_number_and_code(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    text = pdf_text(certificate.pdf.read())

    for expected in (
        *HEAD,
        "Grundutbildning i systemiskt",
        "6 päivää, 36 tuntia",
        "6 dagar, 36 timmar",
        "Sosiaalialan osaamiskeskus Vasso",
        "Kompetenscentret inom det sociala",
        "Leena Mäkelä",
        "Kehittämispäällikkö",
        "Utvecklingschef",
        "Turku",
        "Åbo",
        certificate.number,
        certificate.display_code,
        certificate.data["verification_url"],
    ):
        assert expected in text, expected
    # The issuer once, at the head beside its logo; the partner with its label in both languages.
    assert text.count("Sosiaalialan osaamiskeskus Vasso") == 1
    squeezed = text.replace(" ", "").upper()  # labels are letter-spaced capitals
    assert "YHTEISTYÖKUMPPANI" in squeezed
    assert "SAMARBETSPARTNER" in squeezed
    assert "Pesäpuu ry" in text
    assert "Pesäpuu rf" in text


def test_the_qr_code_decodes_to_the_verification_address(enrolment, course):
    course.certificate_signature = signature_image()
    course.save()
    certificate = issue_certificate(enrolment, issued_by=None)
    pdf = certificate.pdf.read()
    (RESULTS).mkdir(exist_ok=True)
    (RESULTS / "certificate.pdf").write_bytes(pdf)

    decoded = decode_qr(pdf, RESULTS / "certificate.png")

    assert decoded == verification_url(certificate.code) == f"http://testserver/verify/{certificate.display_code}/"


def test_the_certificate_is_one_a4_page_with_its_own_fonts_embedded(enrolment):
    pdf = issue_certificate(enrolment, issued_by=None).pdf.read()

    assert pdf_pages(pdf) == 1
    fonts = pdf_fonts(pdf)
    assert "EB-Garamond" in fonts
    assert "Lato" in fonts
    assert "DejaVu" not in fonts  # nothing fell back to the machine's fonts


def test_the_longest_texts_the_editor_can_enter_still_fit_on_one_page(enrolment, course, monkeypatch):
    course.title = ("Systeemisen työn peruskoulutus lastensuojelun ja koulun ammattilaisille Satakunnassa " * 4)[:255]
    course.title_sv = ("Grundutbildning i systemiskt arbete för yrkesverksamma inom barnskydd och skola " * 4)[:255]
    course.certificate_content_fi = ("Systeemisen ajattelun perusteet, perheen ja verkoston kohtaaminen. " * 7)[:400]
    course.certificate_content_sv = ("Grunderna i systemiskt tänkande, möten med familjen och nätverket. " * 7)[:400]
    course.organiser.name_fi = ("Varsinais-Suomen sosiaalialan osaamiskeskus " * 3)[:120]
    course.organiser.name_sv = ("Kompetenscentret inom det sociala området " * 3)[:120]
    course.organiser.save()
    course.save()

    sheets = record_sheets(monkeypatch)

    pdf = issue_certificate(enrolment, issued_by=None).pdf.read()

    assert pdf_pages(pdf) == 1
    # The usual sheet ran into the signature, so the texts were set on the tighter one, which fits.
    assert sheets == [False, True]
    text = pdf_text(pdf)
    assert "Åsa Törnqvist-Väänänen" in text
    assert "SAMARBETSPARTNER" in text.replace(" ", "")
    assert structure_problems(pdf) == []


def test_a_usual_certificate_is_set_on_the_usual_sheet(enrolment, monkeypatch):
    sheets = record_sheets(monkeypatch)

    issue_certificate(enrolment, issued_by=None)

    assert sheets == [False]


def record_sheets(monkeypatch) -> list[bool]:
    """Whether each sheet drawn from now on is the tighter one, in order."""
    sheets = []
    render = certificate_pdf.render_to_string

    def recording(name, context):
        if name == "certificates/certificate.html":
            sheets.append(context["compact"])
        return render(name, context)

    monkeypatch.setattr(certificate_pdf, "render_to_string", recording)
    return sheets


def test_texts_that_cannot_fit_above_the_signature_are_refused_not_printed_over_it(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)
    # Longer than any editor can enter: frozen data is the only way to get there.
    certificate.data["content_fi"] = "Systeemisen ajattelun perusteet ja perheen kohtaaminen. " * 40
    certificate.data["content_sv"] = "Grunderna i systemiskt tänkande och möten med familjen. " * 40

    with translation.override("en"), pytest.raises(CertificateError, match="do not fit on one page"):
        render_certificate(certificate)


def test_an_organiser_logo_replaces_the_drawn_emblem(enrolment, course):
    course.organiser.logo = signature_image()
    course.organiser.save()

    certificate = issue_certificate(enrolment, issued_by=None)

    pdf = certificate.pdf.read()
    assert pdf_pages(pdf) == 1
    html = render_html(certificate)
    assert 'class="roundel"' not in html
    assert 'class="logo" src="data:image/png;base64,' in html
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = [x for x in document.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Image"]
    assert len(images) == 1  # the logo; the emblem is drawn, not an image


def render_html(certificate) -> str:
    from django.template.loader import render_to_string

    from certificates.pdf import holder_fields, sheet_context, with_images

    context = with_images(sheet_context(certificate, holder_fields(certificate)))
    return render_to_string("certificates/certificate.html", {**context, "compact": False})


def test_rendering_again_from_the_frozen_data_gives_the_same_text(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    assert pdf_text(render_certificate(certificate)) == pdf_text(certificate.pdf.read())


@pytest.mark.parametrize(
    "url",
    ["https://example.com/logo.png", "http://127.0.0.1:8000/media/x.png", "ftp://example.com/x", "file:///etc/passwd"],
)
def test_the_renderer_fetches_nothing_but_its_own_assets(url):
    with pytest.raises(ValueError, match="disallowed protocol|Not a certificate asset"):
        LocalFetcher().fetch(url)


def test_the_bare_baseline_is_a_one_page_pdf():
    pdf = bare_pdf()

    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1


def test_weasyprint_understands_every_rule_of_the_template_and_stylesheet(enrolment, course, caplog, monkeypatch):
    # With every image the sheet can carry: PDF/A-2a wants a description of each one.
    course.certificate_signature = signature_image()
    course.organiser.logo = signature_image()
    course.organiser.save()
    course.save()
    caplog.set_level(logging.WARNING, logger="weasyprint")
    # The stylesheet is parsed once per thread and kept: parse it afresh here, where it is heard.
    monkeypatch.setattr(certificate_pdf, "_per_thread", threading.local())

    issue_certificate(enrolment, issued_by=None)

    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []

"""The certificate drawn in two parts: the course's sheet once, each holder's stamp laid onto it."""

import io

from django.core.files.images import ImageFile
from django.template.loader import render_to_string
from django.utils import translation

import numpy as np
import pikepdf
import pytest
from PIL import Image
from weasyprint import CSS

from certificates import pdf as certificate_pdf
from certificates import stamping
from certificates.content import CertificateError
from certificates.pdf import (
    PDF_VARIANT,
    SHEETS_KEPT,
    holder_fields,
    html_document,
    render_certificate,
    sheet_context,
    sheet_for,
    stylesheet,
    with_images,
)
from certificates.services import issue_certificate, issue_group_attestation, reissue_certificate
from tests.factories import EnrolmentFactory, ParticipantFactory

from .pdf_tools import pdf_text, pdf_to_png, reading_order, structure_problems, word_boxes
from .test_pdf import HEAD, RESULTS, signature_image

pytestmark = pytest.mark.django_db

DPI = 100


def draw_whole(certificate) -> bytes:
    """The certificate as one WeasyPrint page: the sheet with the holder's texts shown in their
    slots (its QR slot stays empty)."""
    holder = holder_fields(certificate)
    context = with_images(sheet_context(certificate, holder))
    html = render_to_string("certificates/certificate.html", {**context, "holder": holder, "compact": False})
    css, font_config = stylesheet()
    shown = CSS(string=".sheet .slot { visibility: visible }")
    return html_document(html).write_pdf(stylesheets=[css, shown], font_config=font_config)


def pixels(pdf: bytes, name: str) -> np.ndarray:
    path = pdf_to_png(pdf, RESULTS / f"{name}.png", dpi=DPI)
    return np.asarray(Image.open(path).convert("L"), dtype=int)


def test_a_stamped_certificate_looks_as_the_certificate_drawn_whole(enrolment, course):
    course.certificate_signature = signature_image()
    course.save()
    certificate = issue_certificate(enrolment, issued_by=None)
    pdf = certificate.pdf.read()

    stamped = pixels(pdf, "certificate-stamped")
    whole = pixels(draw_whole(certificate), "certificate-whole")

    # Everywhere but the QR code, which only the stamped one has, the two are the same but for the
    # edges of a few letters. WeasyPrint writes a glyph's width as it found it at the size the font
    # was first used at, so the stamp's font (first used for the address) and the whole page's (for
    # the labels) can differ by a thousandth of an em: a few pixels a shade lighter or darker. A
    # letter out of place by even a pixel differs by far more, over far more pixels.
    difference = np.abs(stamped - whole)
    holder = holder_fields(certificate)
    left, top, width, height = (
        round(value * DPI / 96) for value in sheet_for(sheet_context(certificate, holder)).qr_box
    )
    qr_area = difference[top : top + height + 1, left : left + width + 1].copy()
    difference[top : top + height + 1, left : left + width + 1] = 0
    assert difference.max() <= 64
    assert (difference > 32).sum() <= 400
    assert qr_area.max() > 128  # the code is drawn there
    assert "Åsa Törnqvist-Väänänen" in pdf_text(pdf)


def test_the_certificate_reads_in_order_with_the_name_after_the_heading_and_each_value_after_its_label(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    texts = reading_order(certificate.pdf.read())

    expected = [
        *HEAD,
        "Leena Mäkelä",
        "TODISTUKSEN NUMERO",
        certificate.number,
        "TARKISTUSKOODI",
        certificate.display_code,
        "TARKISTUSOSOITE",
        certificate.data["verification_url"],
    ]
    positions = [next(i for i, text in enumerate(texts) if expected_text in text) for expected_text in expected]
    assert positions == sorted(positions), list(zip(expected, positions, strict=True))


def test_the_qr_code_is_drawn_module_for_module_the_right_way_up(enrolment):
    # A decoder reads a code mirrored or upside down as well: compare the drawn modules with segno's.
    certificate = issue_certificate(enrolment, issued_by=None)
    holder = holder_fields(certificate)
    left, top, width, _height = sheet_for(sheet_context(certificate, holder)).qr_box
    dpi = 600
    image = np.asarray(Image.open(pdf_to_png(certificate.pdf.read(), RESULTS / "qr.png", dpi=dpi)).convert("L"))
    modules = certificate_pdf.qr_modules(certificate.data["verification_url"])
    quiet = certificate_pdf.QR_QUIET_ZONE
    step = width * dpi / 96 / (len(modules) + 2 * quiet)

    def dark(row, column):
        y = round(top * dpi / 96 + (row + quiet + 0.5) * step)
        x = round(left * dpi / 96 + (column + quiet + 0.5) * step)
        return bool(image[y, x] < 128)

    drawn = [[dark(row, column) for column in range(len(modules))] for row in range(len(modules))]
    assert drawn == [[bool(module) for module in row] for row in modules]


def test_the_qr_code_is_a_figure_described_by_its_address(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    with pikepdf.open(io.BytesIO(certificate.pdf.read())) as document:
        figures = {str(element.get("/Alt", "")) for element in elements(document) if element.S == "/Figure"}

    assert certificate.data["verification_url"] in figures


def elements(document):
    pending = [document.Root.StructTreeRoot.K[0]]
    while pending:
        element = pending.pop()
        yield element
        pending.extend(kid for kid in element.K if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)


def test_the_tagging_holds_together_and_the_pdf_stays_pdf_a_2a(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    assert structure_problems(certificate.pdf.read()) == []


def test_the_checker_finds_a_marked_content_without_its_element(enrolment):
    pdf = issue_certificate(enrolment, issued_by=None).pdf.read()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.Root.StructTreeRoot.ParentTree.Nums[1].append(document.Root.StructTreeRoot.K[0])
        broken = io.BytesIO()
        document.save(broken)

    assert "marked contents drawn" in " ".join(structure_problems(broken.getvalue()))


def test_a_reissued_certificate_names_the_one_it_replaces_in_its_own_slot(enrolment, coordinator):
    first = issue_certificate(enrolment, issued_by=coordinator)

    second = reissue_certificate(first, by=coordinator, reason="Nimi korjattu", name="Åsa Törnqvist")

    pdf = second.pdf.read()
    assert structure_problems(pdf) == []
    texts = reading_order(pdf)
    assert texts.index(first.number) > next(i for i, text in enumerate(texts) if "KORVAA TODISTUKSEN" in text)
    assert "Åsa Törnqvist" in texts
    assert "Åsa Törnqvist-Väänänen" not in pdf_text(pdf)


def test_a_group_attestation_is_stamped_the_same_way(membership):
    attestation = issue_group_attestation(membership, issued_by=None)

    pdf = attestation.pdf.read()
    assert structure_problems(pdf) == []
    assert "Åsa Törnqvist-Väänänen" in pdf_text(pdf)


def test_certificates_of_one_course_share_one_sheet_and_each_has_only_its_own_holder(enrolment, course, monkeypatch):
    drawn = count_sheets(monkeypatch)
    others = [
        EnrolmentFactory(offering=course, user=ParticipantFactory(first_name="Mikko", last_name=f"Ollila {n}"))
        for n in range(2)
    ]
    for other in others:
        other.completed = True
        other.save()

    certificates = [issue_certificate(each, issued_by=None) for each in [enrolment, *others]]

    assert len(drawn) == 1
    texts = [pdf_text(certificate.pdf.read()) for certificate in certificates]
    for certificate, text in zip(certificates, texts, strict=True):
        assert certificate.number in text
        assert certificate.display_code in text
        assert [other.number in text for other in certificates].count(True) == 1
    assert "Ollila" not in texts[0]
    assert "Åsa" not in texts[1]


def count_sheets(monkeypatch) -> list:
    drawn = []
    render_sheet = certificate_pdf.render_sheet
    monkeypatch.setattr(certificate_pdf, "render_sheet", lambda context: drawn.append(context) or render_sheet(context))
    return drawn


def test_a_changed_course_or_a_replaced_logo_file_is_a_new_sheet(enrolment, course, monkeypatch):
    drawn = count_sheets(monkeypatch)
    course.organiser.logo = signature_image()
    course.organiser.save()
    first = issue_certificate(enrolment, issued_by=None)

    course.title = "Systeemisen työn peruskoulutus, kevät"
    course.save()
    second = issue_certificate(completed(course, "Mikko", "Ollila"), issued_by=None)
    again = render_certificate(first)  # the first's frozen texts: its sheet, kept
    logo = course.organiser.logo
    replacement = io.BytesIO()
    Image.new("RGB", (300, 120), (27, 51, 65)).save(replacement, "PNG")
    logo.file = ImageFile(replacement, name="uusi-logo.png")
    logo.save()
    third = issue_certificate(completed(course, "Liisa", "Laine"), issued_by=None)

    assert len(drawn) == 3
    assert "peruskoulutus, kevät" in words(second.pdf.read())
    assert "kevät" not in words(again)
    assert pdf_text(again) == pdf_text(first.pdf.read())
    assert "peruskoulutus, kevät" in words(third.pdf.read())


def words(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_the_same_certificate_makes_the_same_file(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    assert render_certificate(certificate) == render_certificate(certificate)


def test_no_more_sheets_are_kept_than_a_few(monkeypatch):
    monkeypatch.setattr(certificate_pdf, "render_sheet", lambda context: object())

    sheets = [sheet_for({"course": n}) for n in range(SHEETS_KEPT + 3)]

    assert len(certificate_pdf._sheets) == SHEETS_KEPT
    assert sheet_for({"course": SHEETS_KEPT + 2}) is sheets[-1]
    assert sheet_for({"course": 0}) is not sheets[0]  # the first fell out


def name_room(pdf: bytes, name: str) -> tuple[float, float, float, float]:
    """The top and bottom of the name's words, the heading's bottom and the statement's top."""
    boxes = word_boxes(pdf)
    words = [boxes[word] for word in name.split()]
    return (
        min(box[1] for box in words),
        max(box[3] for box in words),
        boxes["TODISTUS"][3],
        boxes["osallistunut"][1],
    )


def test_a_long_name_is_set_smaller_on_its_line_between_the_heading_and_the_statement(enrolment, course):
    usual = issue_certificate(enrolment, issued_by=None).pdf.read()
    name = "Anna-Kaisa Pietarinen-Vähäkangas-Lindqvist von Schoultz"
    first, last = name.split(" ", 1)

    pdf = issue_certificate(completed(course, first, last), issued_by=None).pdf.read()

    assert name in pdf_text(pdf)  # on one line
    top, bottom, heading, statement = name_room(pdf, name)
    usual_top, usual_bottom, *_ = name_room(usual, "Åsa Törnqvist-Väänänen")
    assert heading < top
    assert bottom < statement
    assert bottom - top < usual_bottom - usual_top  # smaller
    assert structure_problems(pdf) == []


def test_a_very_long_name_takes_two_lines_of_half_the_size(enrolment, course):
    usual = issue_certificate(enrolment, issued_by=None).pdf.read()
    first = "Anna-Kaisa Maria Elisabet Johanna"
    last = "Pietarinen-Vähäkangas-Lindqvist von Schoultz af Forselles-Åkerblom"

    pdf = issue_certificate(completed(course, first, last), issued_by=None).pdf.read()

    boxes, usual_boxes = word_boxes(pdf), word_boxes(usual)
    assert boxes["Anna-Kaisa"][1] < boxes["Forselles-Åkerblom"][1]  # two lines
    height, usual_height = (box[3] - box[1] for box in (boxes["Anna-Kaisa"], usual_boxes["Åsa"]))
    assert 0.4 < height / usual_height < 0.6
    top, bottom, heading, statement = name_room(pdf, f"{first} {last}")
    assert heading < top
    assert bottom < statement
    assert " ".join(pdf_text(pdf).split()).count(f"{first} {last}") == 1


def test_a_long_name_in_a_script_of_another_font_is_set_in_its_room(enrolment, course):
    # Georgian is not in EB Garamond: a fallback font's taller lines are made room for by a smaller size.
    name = "ნინო ბერიძე-გოგოლაძე ნინო ბერიძე-გოგოლაძე ნინო ბერიძე-გოგოლაძე"
    first, last = name.split(" ", 1)

    pdf = issue_certificate(completed(course, first, last), issued_by=None).pdf.read()

    top, bottom, heading, statement = name_room(pdf, name)
    assert heading < top
    assert bottom < statement
    assert structure_problems(pdf) == []


def test_a_name_too_long_for_two_lines_is_refused_with_a_message(course):
    enrolment = completed(course, "Anna " * 29, "Pietarinen-Vähäkangas " * 6)

    with translation.override("fi"), pytest.raises(CertificateError, match="liian pitkä"):
        issue_certificate(enrolment, issued_by=None)


def completed(course, first_name: str, last_name: str):
    person = ParticipantFactory(first_name=first_name.strip(), last_name=last_name.strip())
    return EnrolmentFactory(offering=course, user=person, completed=True)


def test_a_sheet_must_have_the_slots_it_is_said_to_have(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)
    holder = holder_fields(certificate)
    html = render_to_string(
        "certificates/certificate.html",
        {**with_images(sheet_context(certificate, holder)), "compact": False},
    )
    css, font_config = stylesheet()
    sheet = html_document(html).write_pdf(stylesheets=[css], font_config=font_config, pdf_variant=PDF_VARIANT)

    with pytest.raises(ValueError, match="slots"):
        stamping.prepare_sheet(sheet, slots=["name", "qr"])

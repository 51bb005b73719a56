"""The certificate as an A4 PDF, made with WeasyPrint from a template and the frozen data.

Fonts, stylesheet and emblem ship in static/certificates/, so the PDF looks the same on every
machine. WeasyPrint reads nothing from the network: the fetcher opens only files under that
folder and data: URIs (the QR code, and the logo and signature images, which are read from
media storage here and inlined, so they work on S3-compatible storage too).
"""

import base64
import mimetypes
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

import segno
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from . import wording
from .codes import group_code
from .content import CertificateError

ASSETS = Path(settings.BASE_DIR) / "static" / "certificates"
QR_COLOUR = "#1b3341"


class LocalFetcher(URLFetcher):
    """Files under static/certificates/ and data: URIs; anything else stops the rendering."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(ASSETS.resolve()):
                raise ValueError(f"Not a certificate asset: {url}")
        return super().fetch(url, headers)


def _html(html: str) -> HTML:
    return HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=LocalFetcher())


def _render(html: str, **options) -> bytes:
    return _html(html).write_pdf(**options)


_styles = threading.local()


def stylesheet() -> tuple[CSS, FontConfiguration]:
    """certificate.css with its font faces loaded, parsed once per thread and kept for every render:
    a sixth of a certificate's rendering time, and a font configuration made per render grew a
    worker's memory with every certificate (bench/run.py). Per thread, because WeasyPrint does not
    promise a font configuration can be shared across threads. A changed stylesheet is read when
    the process starts again."""
    if not hasattr(_styles, "value"):
        font_config = FontConfiguration()
        css = CSS(filename=ASSETS / "certificate.css", url_fetcher=LocalFetcher(), font_config=font_config)
        _styles.value = (css, font_config)
    return _styles.value


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=1, border=4, dark=QR_COLOUR)


def _image_data_uri(image_id: int | None, spec: str) -> str:
    """A Wagtail image, scaled down for print, as a data: URI; "" when it is gone."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(pk=image_id).first() if image_id else None
    if image is None:
        return ""
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as file:
        content = file.read()
    mimetype = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{mimetype};base64,{base64.b64encode(content).decode('ascii')}"


def _size(length: int, limits: tuple[int, int]) -> str:
    return "size-s" if length <= limits[0] else "size-m" if length <= limits[1] else "size-l"


def certificate_context(certificate) -> dict:
    data = certificate.data
    replaces = certificate.replaces
    return {
        "data": data,
        "number": certificate.number,
        "code": group_code(certificate.code),
        "replaces_number": replaces.number if replaces else "",
        "issued_on": data["issued_on_text"],
        "labels_fi": wording.LABELS["fi"],
        "labels_sv": wording.LABELS["sv"],
        "verification_url": data["verification_url"],
        "qr": qr_data_uri(data["verification_url"]),
        "logo": _image_data_uri(data.get("logo_image_id"), "max-400x400"),
        # The drawn emblem's lettering shrinks for longer short names so it stays inside the ring.
        "roundel_font_size": f"{min(26, 150 / max(len(data['issuer_short']), 1)):.1f}",
        # Long titles and descriptions are set smaller, so that everything stays on one page.
        "title_size": _size(max(len(data["title_fi"]), len(data["title_sv"])), (70, 130)),
        "content_size": _size(max(len(data["content_fi"]), len(data["content_sv"])), (220, 320)),
        "compact": False,
        "signature": _image_data_uri(data.get("signature_image_id"), "max-900x300"),
    }


def render_certificate(certificate) -> bytes:
    """The certificate's PDF: laid out on the usual sheet, or on the tighter one when its texts
    would run into the signature and verification at the foot of the page."""
    context = certificate_context(certificate)
    # PDF/A-2a: an archival document (fonts and colour profile inside) that is also tagged, so a
    # screen reader reads it in order and in the right language.
    css, font_config = stylesheet()
    for compact in (False, True):
        html = render_to_string("certificates/certificate.html", {**context, "compact": compact})
        document = _html(html).render(stylesheets=[css], font_config=font_config, pdf_variant="pdf/a-2a")
        if texts_fit(document):
            return document.write_pdf(pdf_variant="pdf/a-2a")
    raise CertificateError(
        _("The certificate's texts do not fit on one page. Shorten the training's title or content in brief.")
    )


def texts_fit(document) -> bool:
    """One page, and the last row of texts ends above the foot (place, signature, verification),
    which is placed at the bottom of the sheet rather than flowed after the texts."""
    if len(document.pages) != 1:
        return False
    # Anonymous boxes carry their parent's element: the extremes are the boxes themselves.
    texts_end, foot_top = [], []
    for box in document.pages[0]._page_box.descendants():
        classes = (box.element.get("class") or "").split() if box.element is not None else ()
        if "bilingual" in classes:
            texts_end.append(box.position_y + box.margin_height())
        elif "foot" in classes:
            foot_top.append(box.position_y)
    return bool(texts_end and foot_top) and max(texts_end) <= min(foot_top)


def bare_pdf() -> bytes:
    """One plain page with no fonts or images of ours: the baseline the bench compares against."""
    return _render("<!DOCTYPE html><html lang='fi'><body><p>TODISTUS – INTYG</p></body></html>")

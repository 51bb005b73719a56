"""The certificate as an A4 PDF, made with WeasyPrint from templates and the frozen data.

A certificate is drawn in two parts. The sheet (certificate.html) is everything that is the same
for everyone on a course, issued the same day. It is drawn once per worker and kept (`sheet_for`).
The stamp (certificate_stamp.html) holds the holder's own texts: the name, number, code,
verification address and QR code. It is placed where the sheet laid out hidden stand-ins for them,
and certificates.stamping lays it onto the sheet as one tagged PDF/A-2a document. The rendering
time per certificate is then about a stamp's, not a whole page's (bench/run.py,
docs/decisions.md "Certificates").

Fonts, stylesheet and emblem ship in static/certificates/, so the PDF looks the same on every
machine; a name in another script is set in the Noto fonts of Debian's packages, each named for
its script's characters (certificates.names). WeasyPrint reads nothing from the network: the
fetcher opens only files under that folder, those fonts and data: URIs (the QR code, and the logo
and signature images, which are read from media storage here and inlined, so they work on
S3-compatible storage too).
"""

import base64
import hashlib
import json
import mimetypes
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

import segno
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from . import names, stamping, wording
from .codes import group_code
from .content import CertificateError

ASSETS = Path(settings.BASE_DIR) / "static" / "certificates"
QR_COLOUR = (0x1B / 255, 0x33 / 255, 0x41 / 255)  # #1b3341, the sheet's dark blue
# An archival document (fonts and colour profile inside) that is also tagged, so that a screen
# reader reads it in order. Its language is Finnish throughout: WeasyPrint 70 tags no element
# with a language of its own, so the Swedish texts are not marked as Swedish.
PDF_VARIANT = "pdf/a-2a"


# The fonts of names in other scripts, from Debian's packages (certificates.names).
NAME_FONTS = frozenset(face.path.resolve() for face in names.NAME_FACES)


class LocalFetcher(URLFetcher):
    """Files under static/certificates/, the name fonts and data: URIs; anything else stops the
    rendering."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(ASSETS.resolve()) and path not in NAME_FONTS:
                raise ValueError(f"Not a certificate asset: {url}")
        return super().fetch(url, headers)


_per_thread = threading.local()


def _fetcher() -> LocalFetcher:
    """One per thread: making one builds a urllib opener, a tenth of a stamp's time."""
    if not hasattr(_per_thread, "fetcher"):
        _per_thread.fetcher = LocalFetcher()
    return _per_thread.fetcher


def html_document(html: str) -> HTML:
    """HTML read as the certificate's templates are: assets from static/certificates/ only."""
    return HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=_fetcher())


def stylesheet() -> tuple[CSS, FontConfiguration]:
    """certificate.css and the name's font faces (`name_fonts_css`), parsed and loaded once per
    thread and kept for every render: a sixth of a certificate's rendering time, and a font
    configuration made per render grew a worker's memory with every certificate (bench/run.py).
    Per thread, because WeasyPrint does not promise a font configuration can be shared across
    threads. A changed stylesheet is read when the process starts again."""
    if not hasattr(_per_thread, "styles"):
        font_config = FontConfiguration()
        rules = (ASSETS / "certificate.css").read_text(encoding="utf-8") + name_fonts_css()
        css = CSS(string=rules, base_url=ASSETS.as_uri() + "/", url_fetcher=_fetcher(), font_config=font_config)
        _per_thread.styles = (css, font_config)
    return _per_thread.styles


def name_fonts_css() -> str:
    """The name's faces (certificates.names), each for its script's characters only, and the name
    set in them in that order: which font draws a letter never depends on fontconfig's fallback."""
    faces = [
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: 400; font-style: normal; unicode-range: {face.unicode_range}; }}"
        for face in names.NAME_FACES
        if face.unicode_range
    ]
    families = ", ".join(f'"{face.family}"' for face in names.NAME_FACES)
    return "\n".join(["", *faces, f".name {{ font-family: {families}; }}", ""])


# Modules of light round the code, which phone cameras need to find it.
QR_QUIET_ZONE = 4


def qr_modules(url: str) -> tuple:
    """The QR code's modules, row by row (1 dark, 0 light), without the quiet zone. Drawn as
    squares by certificates.stamping, sharp at any size: as an SVG image it took WeasyPrint a fifth
    of a stamp's time, as a PNG it came out blurred on screen."""
    return segno.make(url, error="m").matrix


def _image_versions(*image_ids: int | None) -> dict[int, list]:
    """Each image's file and its hash, by id, in one query: what the sheet's key holds of an image,
    so that a certificate does not read image files to find its sheet, and a replaced file is
    a new sheet."""
    from wagtail.images import get_image_model

    ids = [image_id for image_id in image_ids if image_id]
    if not ids:
        return {}
    rows = get_image_model().objects.filter(pk__in=ids).values_list("pk", "file", "file_hash")
    return {pk: [name, file_hash] for pk, name, file_hash in rows}


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


# What the stamp prints of the frozen data; the rest of it is the sheet's.
HOLDER_KEYS = ("name", "verification_url")


def holder_fields(certificate) -> dict:
    """What is the holder's own on the certificate: the stamp's texts (and the QR code's address)."""
    data = certificate.data
    return {
        "name": data["name"],
        "number": certificate.number,
        "code": group_code(certificate.code),
        "verification_url": data["verification_url"],
        "replaces_number": certificate.replaces.number if certificate.replaces_id else "",
    }


def stand_ins(holder: dict) -> dict:
    """Texts of the holder's shape for the sheet to lay its slots out with, none of them the
    holder's: one line of name, and a code of the widest letters, so that the verification block
    is never taller for a real one (a long site address can wrap it)."""
    widest = re.sub(r"[^-]", "W", holder["code"])
    return {
        "name": "M",
        "number": re.sub(r"\d", "8", holder["number"]),
        "code": widest,
        "verification_url": holder["verification_url"].replace(holder["code"], widest),
        "replaces_number": re.sub(r"\d", "8", holder["replaces_number"]),
    }


def sheet_context(certificate, holder: dict) -> dict:
    """Everything certificate.html needs, which is the same for everyone on the same course on the
    same day: the sheet is drawn once for them all (`sheet_for`)."""
    data = {key: value for key, value in certificate.data.items() if key not in HOLDER_KEYS}
    images = _image_versions(data.get("logo_image_id"), data.get("signature_image_id"))
    return {
        "data": data,
        "holder": stand_ins(holder),
        "issued_on": data["issued_on_text"],
        "labels_fi": wording.LABELS["fi"],
        "labels_sv": wording.LABELS["sv"],
        # The logo's and signature's files (name and hash), which with_images reads when the sheet is drawn.
        "image_files": [images.get(data.get("logo_image_id")), images.get(data.get("signature_image_id"))],
        # The drawn emblem's lettering shrinks for longer short names so it stays inside the ring.
        "roundel_font_size": f"{min(26, 150 / max(len(data['issuer_short']), 1)):.1f}",
        # Long titles and descriptions are set smaller, so that everything stays on one page.
        "title_size": _size(max(len(data["title_fi"]), len(data["title_sv"])), (70, 130)),
        "content_size": _size(max(len(data["content_fi"]), len(data["content_sv"])), (220, 320)),
    }


def render_certificate(certificate) -> bytes:
    """The certificate's PDF: the course's sheet, drawn once per worker and kept, with the
    holder's stamp laid onto it (certificates.stamping). A whole page laid out per certificate
    took six to nine times a bare page; the stamp is a name, four short lines and a QR code."""
    holder = holder_fields(certificate)
    sheet = sheet_for(sheet_context(certificate, holder))
    stamp_pdf, slots = render_stamp(sheet, holder)
    qr = stamping.QRCode(
        modules=qr_modules(holder["verification_url"]),
        quiet_zone=QR_QUIET_ZONE,
        colour=QR_COLOUR,
        box=sheet.qr_box,
        alt=holder["verification_url"],
    )
    return stamping.stamp(sheet.prepared, stamp_pdf, slots=slots, qr=qr)


@dataclass(frozen=True)
class Sheet:
    """A course's sheet, ready for stamps: its PDF with the slots emptied, whether it is the tighter
    one, the stylesheet that puts the stamp's slots where the sheet has them, how tall each is,
    and the name's room and size, all in CSS pixels. The stylesheet is parsed once here and shared
    by the threads that draw stamps: WeasyPrint only reads a stylesheet's rules while it renders,
    and this one has no fonts."""

    prepared: stamping.PreparedSheet
    compact: bool
    slots: CSS
    heights: dict[str, float]
    qr_box: tuple[float, float, float, float]
    name_width: float
    name_height: float
    name_size: float


SHEETS_KEPT = 8
_sheets: OrderedDict[str, Sheet] = OrderedDict()
_sheets_lock = threading.Lock()


def sheet_for(context: dict) -> Sheet:
    """The sheet for this context, from the worker's few most recently used, or drawn now. Keyed
    by everything drawn on it, images included, so a changed course, logo or wording is a new
    sheet; at most SHEETS_KEPT are kept (about 50 kB each), so a worker's memory stays flat."""
    key = hashlib.sha256(json.dumps(context, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()
    with _sheets_lock:
        sheet = _sheets.get(key)
        if sheet is not None:
            _sheets.move_to_end(key)
            return sheet
    # Drawn outside the lock: two threads may draw the same sheet once each, never a wrong one.
    sheet = render_sheet(context)
    with _sheets_lock:
        _sheets[key] = sheet
        while len(_sheets) > SHEETS_KEPT:
            _sheets.popitem(last=False)
    return sheet


def forget_sheets() -> None:
    """Drop the kept sheets: the bench measures a first certificate with this."""
    with _sheets_lock:
        _sheets.clear()


def with_images(context: dict) -> dict:
    """The sheet's context with its logo and signature read, as data: URIs ("" for none)."""
    data = context["data"]
    return {
        **context,
        "logo": _image_data_uri(data.get("logo_image_id"), "max-400x400"),
        "signature": _image_data_uri(data.get("signature_image_id"), "max-900x300"),
    }


def render_sheet(context: dict) -> Sheet:
    """The sheet laid out on the usual layout, or on the tighter one when its texts would run into
    the signature and verification at the foot of the page."""
    css, font_config = stylesheet()
    context = with_images(context)
    for compact in (False, True):
        html = render_to_string("certificates/certificate.html", {**context, "compact": compact})
        document = html_document(html).render(stylesheets=[css], font_config=font_config, pdf_variant=PDF_VARIANT)
        if texts_fit(document):
            slots = _slots(document)
            name, qr = _box(document, "name"), _box(document, "qr")
            return Sheet(
                prepared=stamping.prepare_sheet(document.write_pdf(pdf_variant=PDF_VARIANT), slots=list(slots)),
                compact=compact,
                # The name's slot keeps its one line's height; the others' heights are checked.
                slots=CSS(string="\n".join(_placed(key, box, height=key == "name") for key, box in slots.items())),
                heights={key: box.border_height() for key, box in slots.items()},
                qr_box=(qr.border_box_x(), qr.border_box_y(), qr.border_width(), qr.border_height()),
                name_width=name.width,
                name_height=name.height,
                name_size=name.style["font_size"],
            )
    raise CertificateError(
        _("The certificate's texts do not fit on one page. Shorten the training's title or content in brief.")
    )


def _descendants(document):
    """The first page's boxes, in or out of flow; an element's outermost box comes first (an
    anonymous box carries its parent's element)."""
    return document.pages[0]._page_box.descendants(placeholders=True)


def _box(document, class_name: str):
    """The outermost box of the element with this class."""
    for box in _descendants(document):
        if box.element is not None and class_name in (box.element.get("class") or "").split():
            return box
    raise ValueError(f"No .{class_name} on the page")


def _slots(document) -> dict:
    """The outermost box of each slot (data-slot), by the slot's name."""
    slots = {}
    for box in _descendants(document):
        if box.element is not None and (name := box.element.get("data-slot")):
            slots.setdefault(name, box)
    return slots


def _placed(slot: str, box, *, height: bool = False) -> str:
    """The rule that puts the stamp's slot (absolutely positioned) where this box's border box is,
    its lengths written in full: a float's repr reads back as the same float."""
    place = f"left: {box.border_box_x()!r}px; top: {box.border_box_y()!r}px; width: {box.border_width()!r}px"
    return f'.stamp [data-slot="{slot}"] {{ {place}{f"; height: {box.border_height()!r}px" if height else ""} }}'


# Room to spare when comparing lengths of one layout with another's: a hundredth of a point.
_SLACK = 0.02
# A name is set on one line down to half the usual size, then on two lines down to a third of it.
SMALLEST_ONE_LINE = 0.5
SMALLEST_TWO_LINES = 1 / 3
NAME_TRIES = 8


class _NameLayout(NamedTuple):
    """The laid-out name against its room: how many times the room's width its widest line takes
    and the room's height all its lines take (at most 1 when it fits, a hundredth of a point to
    spare), how much taller than its line-height its tallest line stands (px), how many lines it
    has and how long they are together (px)."""

    width: float
    height: float
    extra: float
    lines: int
    length: float


def render_stamp(sheet: Sheet, holder: dict) -> tuple[bytes, list[str]]:
    """The holder's stamp as a tagged PDF page, and its slots' names in document order. A name that
    does not fit its line is set smaller on that line, and a very long one on two lines, in the
    same room, so nothing else on the sheet moves. A name in a script whose font stands taller
    than EB Garamond (Georgian, Devanagari, Chinese…) has its lines set closer by as much: at any
    size, its lines would otherwise be taller than the room."""
    document = _stamp_document(sheet, holder)
    size, lines, leading = sheet.name_size, 1, sheet.name_height
    fits = False
    for _try in range(NAME_TRIES):
        layout = _name_layout(document, sheet, leading)
        if layout.width <= 1 and layout.height <= 1:
            fits = True
            break
        # How much taller than its line-height a line stands grows with the size of the letters.
        extra_per_px = layout.extra / size
        overflow = layout.width
        if layout.lines > lines:
            # Broken into more lines than there is room for: smaller, by at least a little.
            overflow = max(overflow, layout.length / (lines * sheet.name_width), 1.02)
        if overflow > 1:
            size, lines = _smaller_name(sheet, overflow, size, lines)
            if size is None:
                break
        leading = sheet.name_height / lines - extra_per_px * size
        style = f"font-size: {size!r}px; line-height: {leading!r}px"
        style += "; white-space: normal" if lines > 1 else ""
        document = _stamp_document(sheet, holder, name=CSS(string=f".stamp .name {{ {style} }}"))
    if not fits:
        raise CertificateError(
            _("The name “%(name)s” is too long for the certificate. Shorten it in the person's profile.")
            % {"name": holder["name"]}
        )
    slots = _slots(document)
    for key, box in slots.items():
        if key != "name" and box.border_height() > sheet.heights[key] + _SLACK:
            # The sheet's stand-ins are as long as a value can be: a fault of ours, not of the data.
            raise ValueError(f"The {key} is taller on the stamp than the sheet made room for.")
    # PDF 1.7, as the sheet's PDF/A-2: without a version WeasyPrint tags as for PDF 2.0.
    return document.write_pdf(pdf_tags=True, pdf_version="1.7"), list(slots)


def _name_layout(document, sheet: Sheet, leading: float) -> _NameLayout:
    name = _box(document, "name")
    widths = [sum(box.margin_width() for box in line.children) for line in name.children]
    extra = max((line.height - leading for line in name.children), default=0.0)
    return _NameLayout(
        width=max(widths, default=0.0) / (sheet.name_width + _SLACK),
        height=name.height / (sheet.name_height + _SLACK),
        extra=max(extra, 0.0),
        lines=len(widths),
        length=sum(widths),
    )


def _smaller_name(sheet: Sheet, overflow: float, size: float, lines: int) -> tuple[float | None, int]:
    """The next size and number of lines to try for a name `overflow` times its room: smaller by
    as much, on two lines once one is too small, and a third of the usual size once before giving
    up. None when it would be smaller than legible."""
    smaller = size / overflow * 0.995
    if lines == 1 and smaller < sheet.name_size * SMALLEST_ONE_LINE:
        return sheet.name_size * SMALLEST_ONE_LINE, 2
    smallest = sheet.name_size * SMALLEST_TWO_LINES
    if lines == 2 and smaller < smallest:
        return (smallest, lines) if size > smallest + _SLACK else (None, lines)
    return smaller, lines


def _stamp_document(sheet: Sheet, holder: dict, *, name: CSS | None = None):
    css, font_config = stylesheet()
    html = render_to_string("certificates/certificate_stamp.html", {"holder": holder, "compact": sheet.compact})
    stylesheets = [css, sheet.slots] + ([name] if name else [])
    return html_document(html).render(stylesheets=stylesheets, font_config=font_config, pdf_tags=True)


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
    """One plain page with no fonts or images of ours, made as WeasyPrint makes any PDF: the
    baseline the bench compares a certificate against."""
    return HTML(string="<!DOCTYPE html><html lang='fi'><body><p>TODISTUS – INTYG</p></body></html>").write_pdf()

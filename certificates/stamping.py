"""One tagged PDF out of two: the holder's stamp laid onto the course's sheet, with pikepdf.

WeasyPrint draws a certificate in two parts (certificates.pdf): the sheet, the same for everyone
on a course and drawn once per worker, with the holder's slots laid out hidden; and the stamp,
a page with only the holder's texts, each where the sheet laid its slot out. Here the stamp's
drawing is appended to the sheet's page, and its structure elements take the place of the
sheet's hidden ones in the structure tree. The QR code is drawn here, as squares in the sheet's
QR slot, tagged as a figure described by its address. The result is one PDF/A-2a document, as
WeasyPrint would write it in one piece. It keeps the sheet's metadata (which names the training)
and output intent, and every text is tagged, in reading order.

The slots are the <section> elements of certificate.html and certificate_stamp.html: tagged
/Sect, which nothing else on either page is. certificates.pdf names them in document order.
"""

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

SLOT = "/Sect"
QR_SLOT = "qr"

# Content-stream operators whose operand names a page resource, and which operand it is.
_NAMED_RESOURCES = {
    "Tf": (0, "/Font"),
    "Do": (0, "/XObject"),
    "gs": (0, "/ExtGState"),
    "cs": (0, "/ColorSpace"),
    "CS": (0, "/ColorSpace"),
    "sh": (0, "/Shading"),
    "scn": (-1, "/Pattern"),
    "SCN": (-1, "/Pattern"),
    "BDC": (1, "/Properties"),
    "DP": (1, "/Properties"),
}
# Colour spaces named without a resource.
_NOT_RESOURCES = {"/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern"}
_BDC = Operator("BDC")
_EMC = Operator("EMC")
_BMC = Operator("BMC")
# WeasyPrint lays out in CSS pixels, 96 to the inch; a PDF's unit is the point, 72 to the inch.
POINTS_PER_PIXEL = 0.75


@dataclass(frozen=True)
class PreparedSheet:
    """The sheet's PDF with its slots emptied; each slot's path of indexes down the structure tree
    from the document element, by name; and how many marked contents the page has, so that the
    stamp's are numbered after them."""

    pdf: bytes
    slots: dict[str, tuple[int, ...]]
    marked: int


@dataclass(frozen=True)
class QRCode:
    """What to draw in the QR slot: rows of modules (dark where true) inside `quiet_zone` modules of
    light, in `colour` (RGB, 0 to 1), filling `box` (left, top, width, height in CSS pixels from
    the page's top left corner), described by `alt`."""

    modules: Sequence[Sequence[int]]
    quiet_zone: int
    colour: tuple[float, float, float]
    box: tuple[float, float, float, float]
    alt: str


def prepare_sheet(sheet: bytes, *, slots: Sequence[str]) -> PreparedSheet:
    """Empty the sheet's slots, named in document order: their hidden texts drew nothing, but
    WeasyPrint still marked and tagged them. Their marked contents leave the page, their elements
    lose their children and stay in the tree as the places the stamp's go, and the rest are
    numbered again without gaps. Done once per sheet, so its cost is not a certificate's."""
    with pikepdf.open(io.BytesIO(sheet)) as pdf:
        page = pdf.pages[0]
        document = _document(pdf)
        found = list(_find(document, SLOT))
        if len(found) != len(slots):
            raise ValueError(f"The sheet has {len(found)} slots, not the {len(slots)} named: {', '.join(slots)}.")
        emptied = set()
        for name, (_path, slot) in zip(slots, found, strict=True):
            marked = _marked_contents(slot)
            # The QR slot alone has no stand-in text: a check that the names are the slots' own.
            if (name == QR_SLOT) == bool(marked):
                raise ValueError(f"The sheet's slots are not in the order named: {', '.join(slots)}.")
            emptied.update(marked)
            slot.K = Array()

        parents = _page_parents(pdf, page)
        kept = [mcid for mcid in range(len(parents)) if mcid not in emptied]
        renumber = {old: new for new, old in enumerate(kept)}
        drawing, drawn = _without(page, emptied, renumber)
        if drawn != set(renumber):
            # Marked content in a form XObject would keep its old numbers: not something the sheet draws.
            raise ValueError("The sheet marks content outside its page's own drawing.")
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(drawing))
        _renumber(document, renumber.__getitem__)
        _set_page_parents(pdf, page, Array([parents[old] for old in kept]))
        # A new /ID is made for each certificate when it is saved.
        del pdf.trailer["/ID"]
        out = io.BytesIO()
        pdf.save(out)
    paths = {name: path for name, (path, _slot) in zip(slots, found, strict=True)}
    return PreparedSheet(pdf=out.getvalue(), slots=paths, marked=len(kept))


def stamp(sheet: PreparedSheet, stamp_pdf: bytes, *, slots: Sequence[str], qr: QRCode) -> bytes:
    """The sheet with the stamp's page (whose slots are named in document order) drawn over it
    and its slots put in place of the sheet's, and the QR code drawn into the sheet's QR slot."""
    with pikepdf.open(io.BytesIO(sheet.pdf)) as pdf, pikepdf.open(io.BytesIO(stamp_pdf)) as source:
        page, source_page = pdf.pages[0], source.pages[0]
        offset = sheet.marked
        source_parents = _page_parents(source, source_page)
        qr_mcid = offset + len(source_parents)

        names = _copy_resources(pdf, page, source, source_page)
        drawing = pikepdf.unparse_content_stream(_renamed(source_page, names, offset))
        qr_name = _add_resource(page, "/XObject", _qr_form(pdf, qr))
        page_height = float(page.MediaBox[3])
        # Each drawing in its own graphics state: WeasyPrint's leaves its flipped coordinates set.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(
            pdf.make_stream(b"\nQ\nq\n" + drawing + b"\nQ\n" + _qr_drawing(qr_name, qr, qr_mcid, page_height))
        )

        source_slots = [slot for _path, slot in _find(_document(source), SLOT)]
        if len(source_slots) != len(slots):
            raise ValueError(f"The stamp has {len(source_slots)} slots, not the {len(slots)} named.")
        # Cut the stamp's slots loose from its page and tree, so that copying them copies only them.
        for slot in source_slots:
            del slot["/P"]
            for element in _elements(slot):
                if "/Pg" in element:
                    del element["/Pg"]
            _renumber(slot, lambda mcid: mcid + offset)
        document = _document(pdf)
        for name, source_slot in zip(slots, source_slots, strict=True):
            path = sheet.slots[name]
            parent = _at(document, path[:-1])
            copied = pdf.copy_foreign(source_slot)
            copied.P = parent
            for element in _elements(copied):
                element.Pg = page.obj
            parent.K[path[-1]] = copied
        figure = _qr_figure(pdf, _at(document, sheet.slots[QR_SLOT]), page, qr, qr_mcid, page_height)

        # The page's marked contents, the sheet's, the stamp's and the QR code's, each with its
        # element: the copies made above, as pikepdf copies an object once however often it is reached.
        parents = _page_parents(pdf, page)
        parents.extend(pdf.copy_foreign(source.make_indirect(source_parents)))
        parents.append(figure)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _document(pdf) -> Dictionary:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _is_element(value) -> bool:
    return isinstance(value, Dictionary) and value.get("/Type") == "/StructElem"


def _elements(element):
    """The element and every element under it, depth first."""
    yield element
    for kid in element.get("/K", ()):
        if _is_element(kid):
            yield from _elements(kid)


def _find(element, kind: str, path: tuple[int, ...] = ()):
    """The elements of a kind under this one, in document order, each with its path of indexes."""
    for index, kid in enumerate(element.get("/K", ())):
        if _is_element(kid):
            if kind == kid.S:
                yield path + (index,), kid
            else:
                yield from _find(kid, kind, path + (index,))


def _at(element, path: tuple[int, ...]) -> Dictionary:
    for index in path:
        element = element.K[index]
    return element


def _marked_contents(element) -> set[int]:
    """The marked-content identifiers of the element and everything under it."""
    found = set()
    for each in _elements(element):
        for kid in each.get("/K", ()):
            if isinstance(kid, int):
                found.add(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                found.add(int(kid.MCID))
    return found


def _renumber(element, change) -> None:
    """Give each marked content of the element and everything under it the identifier
    change(identifier), whether it is a kid of its own or a marked-content reference."""
    for each in _elements(element):
        kids = []
        for kid in each.get("/K", ()):
            if isinstance(kid, int):
                kid = change(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                kid.MCID = change(int(kid.MCID))
            kids.append(kid)
        each.K = Array(kids)


def _parent_tree_index(pdf, page) -> int:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    key = int(page.obj.StructParents)
    for index in range(0, len(numbers), 2):
        if int(numbers[index]) == key:
            return index + 1
    raise ValueError("The page has no entry in the structure parent tree.")


def _page_parents(pdf, page) -> Array:
    """The parent tree's array for the page: the structure element of each marked content."""
    return pdf.Root.StructTreeRoot.ParentTree.Nums[_parent_tree_index(pdf, page)]


def _set_page_parents(pdf, page, parents: Array) -> None:
    pdf.Root.StructTreeRoot.ParentTree.Nums[_parent_tree_index(pdf, page)] = parents


def _mcid(operands) -> int | None:
    if len(operands) == 2 and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


def _with_mcid(operands, mcid: int) -> list:
    """A BDC's operands with another marked-content identifier, the rest of its properties kept."""
    properties = Dictionary(dict(operands[1].items()))
    properties.MCID = mcid
    return [operands[0], properties]


def _without(page, emptied: set[int], renumber: dict[int, int]) -> tuple[list, set[int]]:
    """The page's drawing without the emptied marked contents (their inside is kept: it is empty,
    hidden text draws nothing) and with the others' identifiers renumbered; and the identifiers
    it kept."""
    drawing, drawn = [], set()
    open_marks = []  # per open BDC/BMC: whether its EMC goes too
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == _BDC:
            mcid = _mcid(operands)
            dropped = mcid in emptied
            open_marks.append(dropped)
            if dropped:
                continue
            if mcid is not None:
                drawn.add(mcid)
                operands = _with_mcid(operands, renumber[mcid])
        elif operator == _BMC:
            open_marks.append(False)
        elif operator == _EMC and open_marks.pop():
            continue
        drawing.append((operands, operator))
    return drawing, drawn


def _copy_resources(pdf, page, source, source_page) -> dict[tuple[str, str], Name]:
    """The stamp page's resources copied into the sheet's under names of their own. WeasyPrint
    names a font, and tags its subset, by the font file, so both pages have a /Font of the same
    name and subset tag holding different glyphs: the stamp's fonts get tags of their own too."""
    names = {}
    for category, resources in source_page.Resources.items():
        if not isinstance(resources, Dictionary):
            continue
        for name, resource in resources.items():
            if category == "/XObject" and resource.get("/Subtype") == "/Form" and "/Resources" not in resource:
                # Its names would be looked up in the sheet's page: not something WeasyPrint draws.
                raise ValueError(f"The stamp's form {name} has no resources of its own.")
            copied = pdf.copy_foreign(resource if resource.is_indirect else source.make_indirect(resource))
            if category == "/Font":
                _retag(copied)
            names[(category, name)] = _add_resource(page, category, copied)
    return names


def _add_resource(page, category: str, resource) -> Name:
    """The resource under the first name /S1, /S2… that the page uses for nothing yet, in any kind
    of resource (as pikepdf keeps names): the same names for the same stamp, so that the same
    certificate makes the same file."""
    used = {
        str(name) for resources in page.Resources.values() if isinstance(resources, Dictionary) for name in resources
    }
    number = 1
    while f"/S{number}" in used:
        number += 1
    return page.add_resource(resource, Name(category), Name(f"/S{number}"), replace_existing=False)


def _retag(font) -> None:
    """Give a subset font a tag made from its own glyphs (six capitals, as PDF asks of a subset),
    in each place its name is written."""
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = descendant.get("/FontDescriptor")
    program = next(
        (descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile") if descriptor and key in descriptor), None
    )
    if program is None or "+" not in str(font.BaseFont):
        return
    digest = hashlib.sha256(program.read_raw_bytes()).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
    for owner, key in ((font, "/BaseFont"), (descendant, "/BaseFont"), (descriptor, "/FontName")):
        if key in owner:
            owner[key] = Name("/" + tag + "+" + str(owner[key]).split("+", 1)[1])


def _renamed(source_page, names: dict, offset: int):
    """The stamp's drawing with its resources' new names and its marked contents numbered on."""
    for instruction in pikepdf.parse_content_stream(source_page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            # Its colour space could name a resource; WeasyPrint draws no inline images.
            raise ValueError("The stamp draws an inline image.")
        operands, operator = instruction
        named = _NAMED_RESOURCES.get(str(operator))
        if named:
            index, category = named
            position = index if index >= 0 else len(operands) + index
            if 0 <= position < len(operands) and isinstance(operands[position], Name):
                if (category, str(operands[position])) in names:
                    operands = list(operands)
                    operands[position] = names[(category, str(operands[position]))]
                elif str(operands[position]) not in _NOT_RESOURCES:
                    raise ValueError(f"The stamp's {operator} names {operands[position]}, which it does not have.")
        if operator == _BDC and (mcid := _mcid(operands)) is not None:
            operands = _with_mcid(operands, mcid + offset)
        yield operands, operator


def _qr_form(pdf, qr: QRCode) -> pikepdf.Stream:
    """The QR code as a form one module to the unit, its first row at the top. Each row's runs of
    dark modules are one rectangle, and all of them are filled as one shape, so no hairline shows
    between neighbours."""
    width = len(qr.modules)
    size = width + 2 * qr.quiet_zone
    drawing = [b"%.4f %.4f %.4f rg" % qr.colour]
    for row, dark in enumerate(qr.modules):
        y = size - 1 - qr.quiet_zone - row
        column = 0
        while column < width:
            if not dark[column]:
                column += 1
                continue
            start = column
            while column < width and dark[column]:
                column += 1
            drawing.append(b"%d %d %d 1 re" % (qr.quiet_zone + start, y, column - start))
    drawing.append(b"f")
    return pdf.make_stream(
        b"\n".join(drawing), Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, size, size], Resources=Dictionary()
    )


def _qr_rectangle(qr: QRCode, page_height: float) -> tuple[float, float, float, float]:
    """The QR slot's box in the page's own space: points, from the bottom left corner."""
    left, top, width, height = (value * POINTS_PER_PIXEL for value in qr.box)
    return left, page_height - top - height, left + width, page_height - top


def _qr_drawing(name: Name, qr: QRCode, mcid: int, page_height: float) -> bytes:
    """The form drawn to fill the QR slot, marked as the figure's content."""
    x0, y0, x1, y1 = _qr_rectangle(qr, page_height)
    size = len(qr.modules) + 2 * qr.quiet_zone
    placed = (mcid, (x1 - x0) / size, (y1 - y0) / size, x0, y0, str(name).encode())
    return b"/Figure <</MCID %d>> BDC q %.4f 0 0 %.4f %.4f %.4f cm %s Do Q EMC\n" % placed


def _qr_figure(pdf, slot, page, qr: QRCode, mcid: int, page_height: float) -> Dictionary:
    """The QR code's structure element, as WeasyPrint tags an image: a figure with its alternative
    text and its box, in the sheet's QR slot."""
    figure = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            P=slot,
            Pg=page.obj,
            K=Array([mcid]),
            Alt=String(qr.alt),
            A=Dictionary(O=Name.Layout, BBox=Array(_qr_rectangle(qr, page_height))),
        )
    )
    slot.K = Array([figure])
    return figure

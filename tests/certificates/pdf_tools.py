"""Reading a PDF back as a person would: its text with poppler's pdftotext, its pages as PNG, its
structure as a screen reader meets it; and checking its tagging holds together."""

# poppler-utils from Debian (the Makefile's test packages), run on PATH with fixed arguments.
# ruff: noqa: S603, S607

import io
import subprocess
import tempfile
from pathlib import Path


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_pages(pdf: bytes) -> int:
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True, text=False)
    line = next(line for line in result.stdout.decode().splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def pdf_fonts(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(["pdffonts", file.name], capture_output=True, check=True, text=True).stdout


def pdf_to_png(pdf: bytes, target: Path, *, dpi: int = 200) -> Path:
    """The first page at `dpi`, written to `target` (a .png path)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        stem = target.with_suffix("")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", file.name, str(stem)], check=True)
    return target


def decode_qr(pdf: bytes, target: Path) -> str:
    """The text of the QR code on the first page, as a phone would read it: tried at a few
    resolutions, since a decoder can miss at one scale what it reads at another."""
    import cv2

    for dpi in (200, 300, 150):
        image = cv2.imread(str(pdf_to_png(pdf, target, dpi=dpi)), cv2.IMREAD_GRAYSCALE)
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
            decoded, _points, _straight = detector.detectAndDecode(image)
            if decoded:
                return decoded
    return ""


def reading_order(pdf: bytes) -> list[str]:
    """The texts of the structure tree in its order, as a screen reader meets them (poppler's
    pdfinfo -struct-text)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        output = subprocess.run(["pdfinfo", "-struct-text", file.name], capture_output=True, check=True, text=True)
    return [line.strip()[1:-1] for line in output.stdout.splitlines() if line.strip().startswith('"')]


def word_boxes(pdf: bytes) -> dict[str, tuple[float, float, float, float]]:
    """Each word of the first page with its box (left, top, right, bottom) in points from the top
    left corner; the first of repeated words."""
    import re

    result = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    boxes = {}
    for *box, word in re.findall(pattern, result.stdout.decode()):
        boxes.setdefault(word, tuple(float(value) for value in box))
    return boxes


def structure_problems(pdf: bytes) -> list[str]:
    """What is wrong with the PDF's tagging, read with pikepdf: every marked content drawn on the
    page must belong to exactly one structure element through the parent tree and back, every
    element must hang from its parent and name the page, and the PDF/A-2a and tagged-PDF entries
    must be there. Empty when all is well."""
    import pikepdf

    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        drawn = [
            int(operands[1].MCID)
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
        ]
        if len(drawn) != len(set(drawn)):
            problems.append("a marked-content identifier is drawn twice")
        root = document.Root.StructTreeRoot
        numbers = root.ParentTree.Nums
        parents = dict(zip((int(key) for key in numbers[::2]), numbers[1::2], strict=True))[int(page.obj.StructParents)]
        if sorted(drawn) != list(range(len(parents))):
            problems.append(f"{len(drawn)} marked contents drawn, {len(parents)} in the parent tree")

        tagged, figures = {}, []

        def walk(element, parent):
            if element.P.objgen != parent.objgen:
                problems.append(f"{element.S} does not name its parent")
            if "/Pg" in element and element.Pg.objgen != page.obj.objgen:
                problems.append(f"{element.S} names another page")
            if element.S == "/Figure":
                figures.append(element)
            for kid in element.K:
                if isinstance(kid, int):
                    tagged.setdefault(int(kid), []).append(element)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid, element)

        for element in root.K if isinstance(root.K, pikepdf.Array) else [root.K]:
            walk(element, root)
        if sorted(tagged) != sorted(drawn):
            problems.append("the tree's marked contents are not the ones drawn")
        for mcid, elements in tagged.items():
            if len(elements) != 1:
                problems.append(f"marked content {mcid} has {len(elements)} elements")
            elif mcid < len(parents) and parents[mcid].objgen != elements[0].objgen:
                problems.append(f"the parent tree gives marked content {mcid} another element")

        if not document.Root.MarkInfo.Marked:
            problems.append("not marked as tagged")
        if str(document.Root.get("/Lang", "")) != "fi":
            problems.append("no document language")
        if "/OutputIntents" not in document.Root:
            problems.append("no output intent")
        if document.open_metadata().pdfa_status != "2A":
            problems.append("no PDF/A-2a identification")
        subsets = {}
        for name, font in page.Resources.Font.items():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"font {name} is not embedded")
            subsets.setdefault(str(font.BaseFont), set()).add(font.objgen)
        # Two subsets of one font must have tags of their own (ISO 32000-1, 9.6.4).
        problems += [f"{len(fonts)} fonts are named {base}" for base, fonts in subsets.items() if len(fonts) > 1]
        problems += ["a figure without alternative text" for figure in figures if not str(figure.get("/Alt", ""))]
    return problems


def notdef_glyphs(pdf: bytes) -> int:
    """How many times the first page draws a font's .notdef glyph, the empty box a font draws for
    a character it lacks: glyph 0, or (as WeasyPrint writes a character no font has) a glyph past
    the embedded font's last. Read from the text-showing operators with pikepdf; WeasyPrint writes
    text in two-byte glyph ids (Identity-H, or a CMap of its own that keeps them for a font with a
    glyph missing)."""
    import pikepdf
    from fontTools.ttLib import TTFont

    glyph_counts = {}

    def glyphs_in(font) -> int:
        if font.objgen not in glyph_counts:
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = next(descriptor[key] for key in ("/FontFile2", "/FontFile3") if key in descriptor)
            glyph_counts[font.objgen] = TTFont(io.BytesIO(program.read_bytes()))["maxp"].numGlyphs
        return glyph_counts[font.objgen]

    count = 0
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]

        def walk(stream, resources):
            nonlocal count
            font = None
            for operands, operator in pikepdf.parse_content_stream(stream):
                name = str(operator)
                if name == "Tf":
                    font = resources.Font[operands[0]]
                elif name in ("Tj", "TJ"):
                    assert font.Subtype == "/Type0"
                    strings = operands[0] if name == "TJ" else [operands[0]]
                    for string in strings:
                        if isinstance(string, pikepdf.String):
                            data = bytes(string)
                            glyphs = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
                            count += sum(1 for glyph in glyphs if glyph == 0 or glyph >= glyphs_in(font))
                elif name == "Do":
                    form = resources.XObject[operands[0]]
                    if form.get("/Subtype") == "/Form":
                        walk(form, form.get("/Resources", resources))

        walk(page, page.Resources)
    return count

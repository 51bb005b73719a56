"""Reading a PDF back as a person would: its text with poppler's pdftotext, its pages as PNG."""

# poppler-utils from Debian (the Makefile's test packages), run on PATH with fixed arguments.
# ruff: noqa: S603, S607

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

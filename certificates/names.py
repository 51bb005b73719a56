"""The fonts a holder's name is printed in, and the one check of a name wherever it is entered.

A name in any script people in Finland write their names in is printed in a font that has its
letters: EB Garamond (shipped with the certificate: Latin, Greek, Cyrillic), then Debian's Noto
fonts (`fonts-noto-core`, `fonts-noto-cjk`), each declared for its script's characters only
(`unicode-range`), so that which font draws a letter never depends on what else the machine has
installed (fontconfig's fallback). certificates.pdf declares these faces to WeasyPrint; every form
that takes a person's name checks it here (`NameField`), against the same faces' character maps
and advance widths, read with fontTools: no WeasyPrint in web processes. What a form accepts, the
certificate prints.
"""

import bisect
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
ASSETS = Path(settings.BASE_DIR) / "static" / "certificates"


@dataclass(frozen=True)
class Face:
    """A font a name may be drawn in: its family name in the stylesheet, its file (and face in a
    collection), the characters it is used for, as CSS writes them ("" for all it has), and whether
    each of its letters is one em wide (ideographs, kana and Hangul are)."""

    family: str
    path: Path
    unicode_range: str = ""
    index: int = 0
    em_wide: bool = False

    def ranges(self) -> list[tuple[int, int]]:
        ranges = []
        for part in filter(None, (part.strip() for part in self.unicode_range.split(","))):
            start, _dash, end = part.removeprefix("U+").partition("-")
            ranges.append((int(start, 16), int(end or start, 16)))
        return ranges


# In the order a letter is looked for. EB Garamond is the certificate's own face (certificate.css);
# Noto Serif draws the Latin, Greek and Cyrillic letters it lacks, in a serif that goes with it,
# and each other script has its Noto serif (Naskh for Arabic and Persian).
NAME_FACES = (
    Face("EB Garamond", ASSETS / "fonts" / "EBGaramond12-Regular.ttf"),
    Face(
        "Name Latin Greek Cyrillic",
        NOTO / "NotoSerif-Regular.ttf",
        "U+0020-052F, U+1C80-1C8F, U+1D00-1EFF, U+1F00-1FFF, U+2000-206F, U+2C60-2C7F, U+2DE0-2DFF, U+A640-A69F, "
        "U+A720-A7FF, U+AB30-AB6F",
    ),
    Face("Name Georgian", NOTO / "NotoSerifGeorgian-Regular.ttf", "U+10A0-10FF, U+1C90-1CBF, U+2D00-2D2F"),
    Face("Name Armenian", NOTO / "NotoSerifArmenian-Regular.ttf", "U+0530-058F, U+FB13-FB17"),
    # With the zero-width non-joiner that Persian writes inside words, and the direction marks.
    Face("Name Arabic", NOTO / "NotoNaskhArabic-Regular.ttf", "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F"),
    Face("Name Hebrew", NOTO / "NotoSerifHebrew-Regular.ttf", "U+0590-05FF, U+FB1D-FB4F"),
    Face("Name Devanagari", NOTO / "NotoSerifDevanagari-Regular.ttf", "U+0900-097F, U+A8E0-A8FF, U+200C-200D"),
    Face("Name Thai", NOTO / "NotoSerifThai-Regular.ttf", "U+0E00-0E7F"),
    # Chinese, Japanese and Korean: the collection's first face (Japanese) has every Han character,
    # kana and Hangul syllable that its Chinese and Korean faces have.
    Face(
        "Name CJK",
        NOTO_CJK / "NotoSerifCJK-Regular.ttc",
        "U+1100-11FF, U+3000-303F, U+3040-30FF, U+3130-318F, U+31F0-31FF, U+3400-4DBF, U+4E00-9FFF, U+AC00-D7AF, "
        "U+F900-FAFF, U+FF01-FF5E, U+20000-2FA1F",
        em_wide=True,
    ),
)

# What names are written with, where a face draws it: letters and their marks, digits (test and
# demo accounts are numbered), spaces, and the punctuation of names: hyphens, apostrophes, full
# stops, commas, the middle dots of Catalan and of a foreign name in katakana, the Hebrew geresh and
# gershayim, and the joiners Persian and Devanagari write inside words. Not symbols (emoji among
# them), other punctuation (whose line-breaking rules the width check below does not know) or
# invisible characters.
_NAME_PUNCTUATION = frozenset("-\u2010\u2011'\u2019.,\u00b7\u30fb\u05f3\u05f4\u200c\u200d")

# The name's room on the sheet (certificate.css: the A4 page less 24 mm each side; the name 28 pt)
# in ems at the smallest size a name is set in, a third of the usual on two lines (certificates.pdf).
# Each line may take nine tenths of it: widths are added up here without the shaping that joins
# Arabic letters or kerns pairs, which may make a line a little wider or narrower.
LINE_EMS = (210 - 2 * 24) / 25.4 * 72 / (28 / 3)
LINE_SHARE = 0.9
# Characters a first or last name may have at most, and a whole name.
NAME_PART_MAX = 100
NAME_MAX = 2 * NAME_PART_MAX + 1


@dataclass(frozen=True)
class _Drawn:
    """The characters a face draws for a name, as sorted runs from `starts` to `ends`, and their
    advance widths in ems (None: each is one em)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    widths: dict[int, float] | None

    def advance(self, code: int) -> float | None:
        run = bisect.bisect_right(self.starts, code) - 1
        if run < 0 or code > self.ends[run]:
            return None
        return 1.0 if self.widths is None else self.widths[code]


@cache
def _drawn() -> tuple[_Drawn, ...]:
    """What each face draws, read once per process from its character map (a fifth of a second,
    mostly the CJK collection's). The CJK face's widths are not read: its 65,000 glyphs' metrics
    would add megabytes to every web process, and say what `em_wide` says."""
    drawn = []
    for face in NAME_FACES:
        ranges = face.ranges()
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            # Glyphs named by number: reading their names from the font took most of the time.
            font.setGlyphOrder([str(glyph) for glyph in range(font["maxp"].numGlyphs)])
            mapped = font.getBestCmap()
            codes = sorted(code for code in mapped if not ranges or any(start <= code <= end for start, end in ranges))
            widths = None
            if not face.em_wide:
                per_em, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
                widths = {code: metrics[mapped[code]][0] / per_em for code in codes}
        starts, ends = [], []
        for code in codes:
            if ends and code == ends[-1] + 1:
                ends[-1] = code
            else:
                starts.append(code)
                ends.append(code)
        drawn.append(_Drawn(tuple(starts), tuple(ends), widths))
    return tuple(drawn)


def advance(character: str) -> float | None:
    """The character's advance width in ems in the first face that draws it for a name; None when
    a name may not have it."""
    category = unicodedata.category(character)
    if category[0] not in "LM" and category != "Nd" and character != " " and character not in _NAME_PUNCTUATION:
        return None
    code = ord(character)
    for face in _drawn():
        width = face.advance(code)
        if width is not None:
            return width
    return None


def normalised(name: str) -> str:
    """The name as the certificate prints it: composed (NFC), with single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def unprintable(name: str) -> list[str]:
    """The characters of the name the certificate cannot print, each once, in order."""
    found = []
    for character in normalised(name):
        if advance(character) is None and character not in found:
            found.append(character)
    return found


def lines_needed(name: str) -> float:
    """How many lines of the name's room the name takes at the smallest size, broken between words
    (math.inf when a word is wider than a line). An estimate from the fonts' advance widths."""
    room = LINE_EMS * LINE_SHARE
    space = advance(" ")
    lines, used = 0, 0.0
    for word in normalised(name).split(" "):
        width = sum(advance(character) or 1.0 for character in word)
        if width > room:
            return math.inf
        if lines and used + space + width <= room:
            used += space + width
        else:
            lines, used = lines + 1, width
    return lines


@deconstructible
class NameValidator:
    """A person's name, or part of one, that the certificate can print: every character is in its
    fonts, and it fits in `lines` lines of the name's room at the smallest size. A first and a last
    name of one line each make a whole name of at most two."""

    def __init__(self, lines: int = 1):
        self.lines = lines

    def __call__(self, value: str) -> None:
        characters = unprintable(value)
        if characters:
            raise ValidationError(
                ngettext(
                    "The certificate cannot print %(characters)s in a name. A name can have letters, spaces, "
                    "hyphens, apostrophes, full stops and commas.",
                    "The certificate cannot print %(characters)s in a name. A name can have letters, spaces, "
                    "hyphens, apostrophes, full stops and commas.",
                    len(characters),
                ),
                code="unprintable",
                params={"characters": " ".join(characters)},
            )
        if lines_needed(value) > self.lines:
            raise ValidationError(
                _("The name is too long to print on the certificate. Shorten it, for example leave out a middle name."),
                code="too_long",
            )

    def __eq__(self, other):
        return isinstance(other, NameValidator) and other.lines == self.lines


class NameField(forms.CharField):
    """A first or last name (`lines=1`), or a whole name (`lines=2`), as the certificate prints it:
    composed (NFC) with single spaces, checked by NameValidator."""

    def __init__(self, *, lines: int = 1, **kwargs):
        kwargs.setdefault("max_length", NAME_PART_MAX if lines == 1 else NAME_MAX)
        super().__init__(**kwargs)
        self.validators.append(NameValidator(lines))

    def to_python(self, value):
        value = super().to_python(value)
        return normalised(value) if value else value

"""Names in every script people in Finland write their names in: what a form accepts, the
certificate prints, in the font of its script, in the right order, and nothing else is accepted."""

import html
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import translation

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from certificates import names
from certificates.content import CertificateError
from certificates.names import NAME_FACES, NameValidator
from certificates.pdf import SMALLEST_TWO_LINES, holder_fields, sheet_context, sheet_for
from certificates.services import issue_certificate
from tests.factories import EnrolmentFactory, ParticipantFactory

from .pdf_tools import notdef_glyphs, pdf_fonts, pdf_text, pdf_to_png, word_boxes
from .test_pdf import RESULTS

pytestmark = pytest.mark.django_db

# First and last name in each script, and the face the script is set in (EB Garamond's own for
# Latin, Greek and Cyrillic). Latin with every kind of diacritic: Sámi, Vietnamese, Polish,
# Icelandic, Turkish, Romanian, Czech.
NAMES = {
    "latin": ("Máret Þórdís Ngọc Ánh", "Šaŋŋá-Żółćiewska Ğüzel Țăranu Dvořák", "EB-Garamond"),
    "cyrillic": ("Олена Ђорђе", "Ґонта-Иванова", "EB-Garamond"),
    "greek": ("Αικατερίνη", "Παπαδοπούλου", "EB-Garamond"),
    "georgian": ("ნინო", "ბერიძე", "Name-Georgian"),
    "armenian": ("Անի", "Պետրոսյան", "Name-Armenian"),
    "arabic": ("محمد", "الأحمد", "Name-Arabic"),
    "persian": ("محمدرضا", "کریمی\u200cپور", "Name-Arabic"),
    "hebrew": ("נועה", "כהן", "Name-Hebrew"),
    "devanagari": ("प्रिया", "शर्मा", "Name-Devanagari"),
    "thai": ("สมชาย", "ใจดี", "Name-Thai"),
    "chinese": ("王", "小明", "Name-CJK"),
    "japanese": ("山田", "さくら", "Name-CJK"),
    "korean": ("김", "민준", "Name-CJK"),
}
RIGHT_TO_LEFT = {"arabic", "persian", "hebrew"}
# pdftotext writes these as the PDF draws them, not in the order they are typed: compared as letters.
REORDERED = {"arabic", "persian", "devanagari"}
# The fonts of the sheet itself.
SHEET_FONTS = {"EB-Garamond", "EB-Garamond-Italic", "Lato", "Lato-Bold"}


def completed(course, first_name: str, last_name: str):
    return EnrolmentFactory(
        offering=course, user=ParticipantFactory(first_name=first_name, last_name=last_name), completed=True
    )


def fonts_drawn(pdf: bytes) -> set[str]:
    """The fonts the page draws, without their subset tags."""
    lines = pdf_fonts(pdf).splitlines()[2:]
    return {line.split()[0].split("+", 1)[-1] for line in lines if line.strip()}


def name_line(pdf: bytes) -> str:
    """The line pdftotext reads after the heading: the name."""
    lines = [line for line in pdf_text(pdf).splitlines() if line.strip()]
    return lines[next(i for i, line in enumerate(lines) if "TODISTUS" in line) + 1]


def letters(text: str) -> list[str]:
    """The text's characters without spaces, joiners and direction marks, in order of code."""
    ignored = {"\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}
    return sorted(c for c in unicodedata.normalize("NFC", text) if not c.isspace() and c not in ignored)


def ink(pdf: bytes, name: str) -> np.ndarray:
    """The page at 100 dpi (kept in test-results to look at) between the heading and the statement,
    where the name is: dark where something is drawn."""
    image = np.asarray(Image.open(pdf_to_png(pdf, RESULTS / f"name-{name}.png", dpi=100)).convert("L"))
    boxes = word_boxes(pdf)
    top, bottom = (round(points * 100 / 72) for points in (boxes["TODISTUS"][3], boxes["osallistunut"][1]))
    return image[top:bottom] < 128


@pytest.mark.parametrize("script", NAMES)
def test_a_name_in_each_script_is_accepted_and_printed_in_its_own_font(course, script):
    first, last, face = NAMES[script]
    assert NameValidator()(first) is None
    assert NameValidator()(last) is None

    pdf = issue_certificate(completed(course, first, last), issued_by=None).pdf.read()

    # Drawn, in its script's face and no other: nothing was left to fontconfig's fallback.
    assert notdef_glyphs(pdf) == 0
    assert face in fonts_drawn(pdf)
    assert fonts_drawn(pdf) <= SHEET_FONTS | {
        f"Name-{f.family.removeprefix('Name ').replace(' ', '-')}" for f in NAME_FACES
    }
    assert ink(pdf, script).sum() > 200
    # Read back as it was typed. pdftotext writes some scripts in the order they are drawn, and
    # marks right-to-left text with embedding marks.
    read = name_line(pdf)
    if script in REORDERED:
        assert set(letters(read)) == set(letters(f"{first} {last}"))
    else:
        assert " ".join(read.strip("\u202a\u202b\u202c").split()) == f"{first} {last}"


@pytest.mark.parametrize("script", sorted(RIGHT_TO_LEFT))
def test_a_right_to_left_name_reads_from_the_right(course, script):
    first, last, _face = NAMES[script]

    pdf = issue_certificate(completed(course, first, last), issued_by=None).pdf.read()

    # Each word is looked for by its letters: pdftotext may write a right-to-left word reversed.
    boxes = {tuple(letters(word)): box for word, box in word_boxes(pdf).items()}
    first_box, last_box = boxes[tuple(letters(first))], boxes[tuple(letters(last))]
    assert first_box[0] > last_box[2]  # the first name stands to the right of the last


def test_the_checker_finds_a_glyph_the_font_does_not_have(course, monkeypatch):
    # Coptic is within the characters Noto Serif is declared for but not in the font: let past the
    # check at issue, the letter is drawn as an empty box.
    monkeypatch.setattr(names, "unprintable", lambda name: [])

    pdf = issue_certificate(completed(course, "Anna", "Virtanen \u03e2"), issued_by=None).pdf.read()

    assert notdef_glyphs(pdf) > 0


@pytest.mark.parametrize(
    "name",
    [
        "Anna Virtanen 😀",
        "👩\u200d👩\u200d👧\u200d👦",
        "Anna ☺",
        "Ville ♥ Laine",
        "Aino\x00",
        "\u202eolleh",
        "Aino \ue000",
        "Anna Ⅷ",
        "Anna (Anni)",
        "ሰላም",  # Ethiopic: letters, but in none of the fonts
    ],
)
def test_emoji_symbols_and_invisible_characters_are_refused_where_the_name_is_entered(name):
    with pytest.raises(ValidationError) as refused, translation.override("fi"):
        NameValidator()(name)

    assert refused.value.code == "unprintable"
    assert names.unprintable(name)
    message = " ".join(refused.value.messages)
    assert all(character in message for character in names.unprintable(name))


def test_the_joiners_persian_and_devanagari_write_inside_words_are_kept():
    field = names.NameField()

    assert field.clean("کریمی\u200cپور") == "کریمی\u200cپور"
    assert field.clean("  Jose\u0301   Ma.  ") == "José Ma."  # composed, single spaces


def test_a_name_saved_before_the_check_is_refused_at_issue_with_the_characters_named(course):
    with translation.override("en"), pytest.raises(CertificateError, match="😀.*Anna Virtanen 😀"):
        issue_certificate(completed(course, "Anna", "Virtanen 😀"), issued_by=None)


def widest(index: int) -> str:
    """The widest character a name may have that the face (of NAME_FACES[index]) draws."""
    drawn = names._drawn()

    def drawn_by(code: int) -> int | None:
        return next((i for i, face in enumerate(drawn) if face.advance(code) is not None), None)

    runs = zip(drawn[index].starts, drawn[index].ends, strict=True)
    usable = [
        chr(code)
        for start, end in runs
        for code in range(start, end + 1)
        if drawn_by(code) == index and names.advance(chr(code)) is not None and not chr(code).isspace()
    ]
    return max(usable, key=names.advance)


@pytest.mark.parametrize("face", NAME_FACES, ids=[face.family for face in NAME_FACES])
def test_the_longest_name_the_forms_accept_in_the_widest_letters_of_each_face_is_printed(course, face):
    letter = widest(NAME_FACES.index(face))
    count = 1
    while not _refused(letter * (count + 1)):
        count += 1
    part = letter * count

    certificate = issue_certificate(completed(course, part, part), issued_by=None)

    assert notdef_glyphs(certificate.pdf.read()) == 0
    assert _refused(part + letter) == "too_long"


def _refused(value: str) -> str | None:
    try:
        NameValidator()(value)
    except ValidationError as error:
        return error.code
    return None


def test_a_first_and_a_last_name_of_a_line_each_make_a_whole_name_of_two_lines():
    first = last = "Anna-Kaisa"
    while names.lines_needed(f"{first} Anna-Kaisa") == 1:
        first, last = f"{first} Anna-Kaisa", f"{last} Vähäkangas"
    assert names.lines_needed(first) == names.lines_needed(last) == 1

    assert names.lines_needed(f"{first} {last}") == 2
    assert NameValidator(lines=2)(f"{first} {last}") is None
    assert _refused(f"{first} {last}") == "too_long"
    with pytest.raises(ValidationError):
        NameValidator(lines=2)(f"{first} {last} {first}")


def test_the_room_the_forms_measure_names_in_is_the_sheets(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)
    sheet = sheet_for(sheet_context(certificate, holder_fields(certificate)))

    room = sheet.name_width / (sheet.name_size * SMALLEST_TWO_LINES)
    assert room == pytest.approx(names.LINE_EMS, rel=0.001)


def test_every_letter_of_the_face_said_to_be_one_em_wide_is_at_most_that():
    for index, face in enumerate(NAME_FACES):
        if not face.em_wide:
            continue
        drawn = names._drawn()[index]
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            per_em, metrics, cmap = font["head"].unitsPerEm, font["hmtx"].metrics, font.getBestCmap()
            widths = [metrics[cmap[code]][0] / per_em for code in cmap if drawn.advance(code) is not None]
        assert widths
        assert max(widths) <= 1.0


def test_the_name_fonts_come_from_the_packages_the_makefile_installs():
    makefile = (names.ASSETS.parents[1] / "Makefile").read_text()
    packages = re.search(r"^APT_PACKAGES := (.*)$", makefile, re.MULTILINE).group(1).split()

    assert {"fonts-noto-core", "fonts-noto-cjk"} <= set(packages)
    assert all(face.path.is_file() for face in NAME_FACES)


def test_a_missing_name_font_is_a_system_check_error(monkeypatch):
    from certificates.checks import name_fonts_installed

    missing = names.Face("Name Nowhere", names.NOTO / "NotoSerifNowhere-Regular.ttf", "U+0000")
    monkeypatch.setattr("certificates.checks.NAME_FACES", (*NAME_FACES, missing))

    assert [error.id for error in name_fonts_installed(None)] == ["certificates.E001"]


# Every form that takes a person's name checks it with the same validator, where it is typed.


def _forms():
    from accounts.forms import ProfileForm
    from attendance.forms import WalkInForm
    from certificates.forms import ReissueForm
    from developer_groups.forms import AcceptWithAccountForm, InviteForm
    from enrolment.forms import AddPersonForm, EnrolProfileForm
    from mentoring.forms import AgreementForm, PersonForm

    def profile_form(form_class):
        return lambda data: form_class(data, profile=ParticipantFactory().profile)

    return {
        "profile": (profile_form(ProfileForm), ["first_name", "last_name"], ""),
        "enrolment's profile": (profile_form(EnrolProfileForm), ["first_name", "last_name"], "profile-"),
        "walk-in": (WalkInForm, ["first_name", "last_name"], ""),
        "added by hand": (AddPersonForm, ["first_name", "last_name"], ""),
        "mentee": (PersonForm, ["first_name", "last_name"], ""),
        "mentor": (AgreementForm, ["mentor_first_name", "mentor_last_name"], ""),
        "invitation": (InviteForm, ["first_name", "last_name"], ""),
        "accepting an invitation": (
            lambda data: AcceptWithAccountForm(data, email="uusi@example.fi"),
            ["first_name", "last_name"],
            "",
        ),
        "reissue with a corrected name": (ReissueForm, ["name"], ""),
    }


@pytest.mark.parametrize(
    "form",
    [
        "profile",
        "enrolment's profile",
        "walk-in",
        "added by hand",
        "mentee",
        "mentor",
        "invitation",
        "accepting an invitation",
        "reissue with a corrected name",
    ],
)
def test_every_form_that_takes_a_name_refuses_what_the_certificate_cannot_print(form):
    make, fields, prefix = _forms()[form]

    for name in ("Anna 😀", "Ville ♥"):
        bound = make({prefix + field: name for field in fields})
        errors = bound.errors.as_data()
        for field in fields:
            assert [error.code for error in errors[field]] == ["unprintable"], (field, name)

    # A name in another script passes the fields' own check (the rest of the form may still be missing).
    bound = make({prefix + field: "ნინო" for field in fields})
    assert not set(bound.errors) & set(fields)

    # A word wider than a line of the name's room is refused as too long.
    long_part = "M"
    while names.lines_needed(long_part) <= 1:
        long_part += "M"
    bound = make({prefix + field: long_part for field in fields})
    assert all(error.code == "too_long" for field in fields for error in bound.errors.as_data()[field])


def test_the_profile_page_refuses_an_emoji_in_the_name_and_says_why(client, home_page):
    person = ParticipantFactory(first_name="Anna", last_name="Virtanen")
    client.force_login(person)
    profile = person.profile

    with translation.override("fi"), pytest.raises(ValidationError) as refusal:
        NameValidator()("Virtanen 😀")
    response = client.post(
        "/fi/my/profile/",
        {
            "first_name": "Anna",
            "last_name": "Virtanen 😀",
            "organisation": profile.organisation,
            "municipality": profile.municipality_id,
            "sector": profile.sector_id,
            "job_title": profile.job_title,
            "preferred_language": "fi",
        },
    )

    assert response.status_code == 400
    assert refusal.value.messages[0] in html.unescape(response.content.decode())
    person.refresh_from_db()
    assert person.last_name == "Virtanen"


def test_sign_up_with_a_name_in_another_script_makes_the_account_and_with_an_emoji_does_not(client, home_page):
    from django.contrib.auth import get_user_model

    signup = {
        "email": "nino@example.fi",
        "password1": "Pitka-salasana-2026",
        "password2": "Pitka-salasana-2026",
        "privacy_consent": "on",
    }

    refused = client.post("/fi/accounts/signup/", {**signup, "first_name": "ნინო 😀", "last_name": "ბერიძე"})
    assert refused.status_code == 200
    assert not get_user_model().objects.filter(email="nino@example.fi").exists()

    accepted = client.post("/fi/accounts/signup/", {**signup, "first_name": "ნინო", "last_name": "ბერიძე"})
    assert accepted.status_code == 302
    assert get_user_model().objects.get(email="nino@example.fi").get_full_name() == "ნინო ბერიძე"

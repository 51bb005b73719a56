"""Every string a person reads is translated into Finnish, Swedish and English."""

import re
from pathlib import Path

from django.conf import settings

import polib
import pytest

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_has_no_fuzzy_entries(language):
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    plural_gaps = [e.msgid for e in po.translated_entries() if e.msgid_plural and not all(e.msgstr_plural.values())]

    assert len(po) > 100
    assert untranslated == []
    assert fuzzy == []
    assert plural_gaps == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def entries(file):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted((int(k), v) for k, v in e.msgstr_plural.items())))
            for e in file
            if e.msgid and not e.obsolete and (e.msgstr or e.msgstr_plural)
        }

    assert entries(mo) == entries(po), f"run `make messages` to recompile locale/{language}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_placeholders_survive_translation(language):
    for entry in catalogue(language).translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            for placeholder in ("%(n)s", "%(start)s", "%(end)s", "%(counter)s"):
                if placeholder in entry.msgid:
                    assert placeholder in text, (entry.msgid, text)


# The glossary (docs/decisions.md, "Translations of Wagtail and allauth", and the domain brief): a
# course's session is a "koulutuspäivä" / "tillfälle"; a developer group's or mentoring's meeting is
# a "tapaaminen" / "träff"; the waiting list is a "reservlista" in Swedish, and mail is "e-post".
COURSE_PLACES = r"^(templates/)?(attendance|courses|enrolment)/"
MEETING_PLACES = r"^(templates/)?(developer_groups|mentoring)/"
NOT_FOR_A_COURSE = {"fi": r"[Tt]apaami", "sv": r"[Tt]räff"}
NOT_FOR_A_MEETING = {"fi": r"[Kk]oulutuspäiv", "sv": r"[Tt]illfäll"}


def texts(entry) -> str:
    return entry.msgstr or " | ".join(entry.msgstr_plural.values())


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_courses_session_and_a_groups_meeting_have_a_word_each(language):
    mixed, wrong = [], []
    for entry in catalogue(language).translated_entries():
        places = [path for path, _line in entry.occurrences]
        course = any(re.search(COURSE_PLACES, path) for path in places)
        meeting = any(re.search(MEETING_PLACES, path) for path in places)
        if course and meeting and re.search(r"session|meeting", entry.msgid, re.I):
            mixed.append(entry.msgid)
        if course and not meeting and re.search(NOT_FOR_A_COURSE[language], texts(entry)):
            wrong.append(texts(entry))
        if meeting and not course and re.search(NOT_FOR_A_MEETING[language], texts(entry)):
            wrong.append(texts(entry))

    assert mixed == [], "one msgid for both: give one a context"
    assert wrong == []


def test_swedish_has_one_word_for_the_waiting_list_and_for_email():
    wrong = [texts(e) for e in catalogue("sv").translated_entries() if re.search(r"[Vv]äntelist|\bmejl", texts(e))]

    assert wrong == []

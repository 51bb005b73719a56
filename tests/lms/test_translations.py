"""Every string a person reads is translated into Finnish, Swedish and English."""

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

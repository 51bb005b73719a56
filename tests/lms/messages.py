"""What a page asks gettext for, and which of it a language's catalogue lacks: the check that the
Wagtail admin and allauth's pages are read in Finnish and Swedish, not in English (or, for
Swedish, in Finnish: Django falls back to the default language's catalogue for what Swedish lacks)."""

import gettext
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils.translation import trans_real

import polib

CONTEXT = trans_real.CONTEXT_SEPARATOR


@contextmanager
def looked_up(monkeypatch):
    """Yields the set the block fills with every message looked up: msgids, "context\\x04msgid"
    for those with a context, and (singular, plural) pairs."""
    seen = set()
    singular, plural = gettext.GNUTranslations.gettext, trans_real.DjangoTranslation.ngettext

    def record_gettext(self, message):
        seen.add(message)
        return singular(self, message)

    def record_ngettext(self, msgid1, msgid2, n):
        seen.add((msgid1, msgid2))
        return plural(self, msgid1, msgid2, n)

    with monkeypatch.context() as patch:
        patch.setattr(trans_real.DjangoTranslation, "gettext", record_gettext, raising=False)
        patch.setattr(trans_real.DjangoTranslation, "ngettext", record_ngettext)
        yield seen


@cache
def translatable() -> frozenset:
    """Every msgid a catalogue offers to translate: Django's, the installed apps' and the project's
    (their English catalogues list them all). Code may ask gettext for other text (a variable's
    value), which no catalogue could translate."""
    folders = [Path(django.__file__).parent / "conf/locale", *map(Path, settings.LOCALE_PATHS)]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    ids = set()
    for folder in folders:
        path = folder / "en/LC_MESSAGES/django.po"
        if path.exists():
            for entry in polib.pofile(str(path)):
                msgid = (f"{entry.msgctxt}{CONTEXT}" if entry.msgctxt else "") + entry.msgid
                ids.add((msgid, entry.msgid_plural) if entry.msgid_plural else msgid)
    return frozenset(ids)


def missing(messages, language: str) -> list[str]:
    """The translatable messages `language`'s own catalogues (the project's, the apps', Django's)
    do not translate, as readable text."""
    catalogue = trans_real.translation(language)._catalog
    gaps = []
    for message in set(messages) & translatable():
        if isinstance(message, tuple):
            if (message[0], 0) not in catalogue:
                gaps.append(f"{message[0]} / {message[1]}")
        elif message not in catalogue:
            gaps.append(message.replace(CONTEXT, " | "))
    return sorted(gaps)

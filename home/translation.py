"""Content translated into the site's languages by parallel fields on one object.

One course has one set of sessions, one capacity and one participant list in every language, so
its texts are stored side by side (`lead_fi`, `lead_sv`, `lead_en`) instead of in per-locale page
copies. See docs/decisions.md.
"""

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def current_language() -> str:
    code = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return code if code in LANGUAGE_CODES else DEFAULT_LANGUAGE


class TranslatedField:
    """Reads the field for the active language, falling back to the default language's field.

    `TranslatedField("lead")` reads `lead_fi` / `lead_sv` / `lead_en`; a mapping names the fields
    explicitly where the default language's field has another name (Wagtail's `title`).
    """

    def __init__(self, base: str | None = None, *, fields: dict[str, str] | None = None):
        self.fields = fields or {code: f"{base}_{code}" for code in LANGUAGE_CODES}

    def value_in(self, instance, language: str):
        value = getattr(instance, self.fields.get(language, self.fields[DEFAULT_LANGUAGE]))
        return value or getattr(instance, self.fields[DEFAULT_LANGUAGE])

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return self.value_in(instance, current_language())

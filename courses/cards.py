"""Offering cards for lists, rendered once per state of the offering and kept in the cache.

The key holds everything a card shows that can change: the live revision (title, dates, place,
enrolment window), the page's path (its link), the number of sessions, the places left, whether
enrolment is open (courses.availability: a window closes, a course starts, with nobody saving
anything) and the language. A new enrolment changes the key, so places left are never stale;
reference data (a region's name) refreshes within CARD_TTL.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString

from home.translation import current_language

from .models import Offering

CARD_TEMPLATE = "courses/includes/offering_card.html"
CARD_TTL = 600


def _key(row: dict, language: str) -> str:
    return (
        f"offering-card:v3:{language}:{row['pk']}:{row['url_path']}:{row['live_revision_id']}:{row['places_left']}:"
        f"{row['availability'].state}:{row['session_count']}:{row['region_id']}:{row['municipality_id']}"
    )


def rendered_cards(rows: list[dict], request) -> list[SafeString]:
    """The cards of `selectors.listing()` rows, in order: one cache round trip, and one query for
    the offerings whose card is not in the cache."""
    language = current_language()
    keys = [_key(row, language) for row in rows]
    found = cache.get_many(keys)
    missing = {row["pk"]: (key, row) for key, row in zip(keys, rows, strict=True) if key not in found}
    rendered = {}
    if missing:
        template = get_template(CARD_TEMPLATE)
        offerings = (
            Offering.objects.filter(pk__in=missing).select_related("region", "municipality").defer_streamfields()
        )
        for offering in offerings:
            key, row = missing[offering.pk]
            # The card says what the row decided, and the key was made from.
            offering.places_left, offering.availability = row["places_left"], row["availability"]
            rendered[key] = template.render({"offering": offering, "request": request})
        cache.set_many(rendered, CARD_TTL)
    return [SafeString({**found, **rendered}[key]) for key in keys if key in found or key in rendered]


FILTERS_TEMPLATE = "courses/includes/filter_fields.html"


def rendered_filter_fields(form) -> SafeString:
    """The catalogue's filter fields. As most visitors first see them, with nothing chosen, they
    are rendered once per language and set of choices and kept in the cache: Django renders each
    select option through a template, a fifth of the catalogue's time. The key is made of what the
    fields show (their choices, labels included), so a renamed region or a new month gives a new
    key. Chosen filters are rendered afresh: a key per combination (or per search typed in) would
    let anyone fill the shared cache."""
    chosen = form.is_bound and any(form.data.get(name) for name in form.fields)
    if chosen:
        return SafeString(get_template(FILTERS_TEMPLATE).render({"form": form}))
    shown = (
        current_language(),
        form.is_bound,
        [
            (name, [(str(value), str(label)) for value, label in getattr(field, "choices", ())])
            for name, field in form.fields.items()
        ],
    )
    key = f"catalogue-filters:v1:{hashlib.sha256(repr(shown).encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = get_template(FILTERS_TEMPLATE).render({"form": form})
        cache.set(key, html, CARD_TTL)
    return SafeString(html)

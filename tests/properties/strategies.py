"""What people and probes type: the generated inputs of the property tests."""

import datetime as dt
from urllib.parse import quote

from hypothesis import strategies as st

# Inputs worth trying on every field: empty and blank, a NUL byte, right-to-left text and marks,
# emoji (also joined), whitespace Python and browsers disagree on, long runs, markup and SQL.
AWKWARD = [
    "",
    " ",
    "\x00",
    "Aino\x00Aalto",
    "\u202eolleh",
    "\u200f",
    "مرحبا بالعالم",
    "שלום",
    "😀",
    "👩‍👩‍👧‍👦",
    "\t\n\r\x0b\x0c",
    "\u00a0\u2009\u3000",
    "\u2028\u2029",
    "\ufeff",
    "Åsa Törnqvist-Öhman",
    "Ö" * 300,
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "NaN",
    "-0",
]

# Any Unicode a browser can send (surrogates cannot be encoded), short and long.
unicode_text = st.text(max_size=40) | st.text(min_size=200, max_size=2000)
texts = st.sampled_from(AWKWARD) | unicode_text | st.lists(st.sampled_from(AWKWARD), max_size=3).map("".join)

numbers = (
    st.integers().map(str)
    | st.integers(min_value=-10, max_value=600).map(str)
    | st.floats(allow_nan=True, allow_infinity=True).map(str)
    | st.sampled_from(["9" * 30, "9" * 5000, "1e309", "²", "٣", "½", "0x10", "1_000", " 42 "])
)

dates = (
    st.dates().map(dt.date.isoformat)
    | st.dates().map(lambda day: f"{day.day}.{day.month}.{day.year}")
    | st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)).map(dt.date.isoformat)
    | st.sampled_from(["0000-00-00", "2026-02-30", "9999-12-31", "0001-01-01", "31.12.99999", "huomenna"])
)

times = st.times().map(lambda time: time.strftime("%H:%M")) | st.sampled_from(
    ["24:00", "23:59:60", "9.00", "klo 9", "-1:00"]
)

emails = st.emails() | st.sampled_from(["aino@example.fi", "AINO@EXAMPLE.FI", "a@b", "@example.fi", "x@" + "y" * 300])

# Every kind of input for a field of any kind.
anything = texts | numbers | dates | times | emails

booleans = st.sampled_from(["on", "true", "1", "", "off", "0", "false"]) | texts

languages = st.sampled_from(["fi", "sv", "en"])


def path_segment(strategy=texts):
    """A generated value as one segment of an address, the way a browser would send it."""
    return strategy.map(lambda value: quote(value, safe=""))


def form(**fields):
    """Form data: each field is left out or given one of its values (sometimes several)."""
    return st.fixed_dictionaries(
        {}, optional={name: strategy | st.lists(strategy, max_size=3) for name, strategy in fields.items()}
    )


@st.composite
def mutated(draw, good: dict, **others):
    """Form data that works (`good`), with none, one or a few of its fields left out or given
    another value (from `others`, else any text): the inputs next to the accepted ones."""
    data = dict(good)
    for name in draw(st.sets(st.sampled_from(sorted(good)), max_size=3)):
        if draw(st.booleans()):
            del data[name]
        else:
            data[name] = draw(others.get(name, texts))
    return data


def near(good: dict, **others):
    """Mostly what works with a field or two changed, sometimes anything at all."""
    return mutated(good, **others) | form(**{name: others.get(name, texts) for name in good})

"""How a reader expects a date to be written, spelled out by hand for tests whose dates move with
today (factories place sessions in days from now), so that they check lms.dates rather than
repeat it."""

import datetime as dt

WEEKDAYS = {
    "fi": ["ma", "ti", "ke", "to", "pe", "la", "su"],
    "sv": ["mån", "tis", "ons", "tors", "fre", "lör", "sön"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
AT = {"fi": " klo ", "sv": " kl. ", "en": ", "}


def day(value: dt.date, language: str) -> str:
    """8.12.2026; 8 Dec 2026."""
    if language == "en":
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{value.day}.{value.month}.{value.year}"


def clock(value: dt.time, language: str) -> str:
    """9.00; 9:00."""
    return f"{value.hour}{':' if language == 'en' else '.'}{value.minute:02}"


def moment(value: dt.date, time: dt.time, language: str) -> str:
    """8.12.2026 klo 9.00; 8.12.2026 kl. 9.00; 8 Dec 2026, 9:00."""
    return f"{day(value, language)}{AT[language]}{clock(time, language)}"


def session(value: dt.date, starts_at: dt.time, ends_at: dt.time, language: str) -> str:
    """ti 8.12.2026 klo 9.00–12.00; Tue 8 Dec 2026, 9:00–12:00."""
    return f"{WEEKDAYS[language][value.weekday()]} {moment(value, starts_at, language)}–{clock(ends_at, language)}"

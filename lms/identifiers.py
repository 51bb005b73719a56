"""What an address or a form may carry as an identifier, recognised before anything is looked up:
a value that cannot be one never reaches the database (PostgreSQL refuses a NUL byte in a query
with an error, and a number past 64 bits overflows)."""

import re
import secrets

TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of URL-safe base64.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_PRIMARY_KEY = re.compile(r"[0-9]{1,18}")


def new_token() -> str:
    """A secret for an address (a calendar feed, an invitation): 256 random bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text: str) -> bool:
    """Whether `text` can be a token made by new_token()."""
    return bool(_TOKEN.fullmatch(text or ""))


def primary_keys(values) -> list[int]:
    """The values that can be primary keys (ASCII digits, within a 64-bit integer), as ints; the
    rest (other scripts' digits, "12a", a thousand nines) are left out."""
    return [int(value) for value in values if _PRIMARY_KEY.fullmatch(value)]

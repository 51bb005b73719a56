"""Certificate numbers and verification codes.

The number is for people: "2026-000123", in order within a year. The code is the key that opens
the public verification page: 80 random bits in Crockford's base32 (no I, L, O or U), printed in
groups of four. Typed back, it is forgiving: case, spaces and dashes do not matter, and the
letters people mistake for digits (O, I, L) read as those digits.
"""

import re
import secrets

CODE_BYTES = 10  # 80 bits: far past guessing, even without the rate limit
CODE_LENGTH = CODE_BYTES * 8 // 5
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-–—.]+")
_VALID = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def new_code() -> str:
    value = int.from_bytes(secrets.token_bytes(CODE_BYTES), "big")
    return "".join(ALPHABET[(value >> shift) & 31] for shift in range(CODE_LENGTH * 5 - 5, -1, -5))


def normalise_code(text: str) -> str | None:
    """The stored form of a typed or scanned code, or None when it cannot be one."""
    code = _SEPARATORS.sub("", (text or "").upper()).translate(_TYPOS)
    return code if _VALID.fullmatch(code) else None


def group_code(code: str) -> str:
    """ "7K3M9QX2ABCDEFGH" → "7K3M-9QX2-ABCD-EFGH", as printed and in addresses."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def format_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:06d}"

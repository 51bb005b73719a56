"""Django's database sessions, except that a cookie that cannot be a session key is not looked up."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    """Django makes keys of 32 lowercase letters and digits and stores them in 40 characters; a
    cookie of anything else (a NUL byte, which PostgreSQL refuses in a query with an error) starts a
    new session, as an unknown key does."""

    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and _KEY_CHARS.issuperset(key)

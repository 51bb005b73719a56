"""What every template of the site keeps to, read from the files themselves."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_link_is_dressed_as_a_button():
    """A link with role="button" is announced as a button but ignores Space (WCAG 4.1.2): what
    looks like a button is a <button>, in a form sent with GET where it only leads elsewhere."""
    dressed = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in re.finditer(r"<a\b[^>]*\brole=[\"']button[\"'][^>]*>", path.read_text(encoding="utf-8"))
    ]

    assert dressed == []

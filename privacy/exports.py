"""The person's data as a ZIP: data.json, a short README in their language, and the files the apps
add (the PDFs of their certificates)."""

import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from lms.personal_data import declarations

from .selectors import personal_data


def data_zip(user) -> tuple[bytes, str]:
    """The archive's bytes and its file name."""
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("README.txt", render_to_string("privacy/data_readme.txt", {"data": data}))
        for declaration in declarations():
            for name, content in declaration.files(user):
                archive.writestr(name, content)
    return buffer.getvalue(), f"my-data-{timezone.localdate():%Y-%m-%d}.zip"

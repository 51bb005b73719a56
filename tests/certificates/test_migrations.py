"""The data migration that gave every certificate the issue time of the first of its lineage."""

import datetime as dt
import importlib

from django.apps import apps

import pytest

from certificates.models import Certificate
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

fill_from_lineage = importlib.import_module("certificates.migrations.0004_first_issued_at").fill_from_lineage


def certificate(number: int, issued_at: dt.datetime, replaces=None, status="valid") -> Certificate:
    return CertificateFactory(
        number=f"2024-{number:06d}",
        issued_at=issued_at,
        first_issued_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),  # what AddField's default gave
        replaces=replaces,
        status=status,
    )


def test_every_certificate_gets_the_issue_time_of_the_first_of_its_lineage():
    march, may, april = (dt.datetime(2024, month, 15, 10, tzinfo=dt.UTC) for month in (3, 5, 4))
    original = certificate(1, march, status="superseded")
    corrected = certificate(2, may, replaces=original, status="superseded")
    # Imported out of order: the latest of the lineage dated before the one it replaces.
    latest = certificate(3, april, replaces=corrected)
    alone = certificate(4, may)

    fill_from_lineage(apps, None)

    firsts = dict(Certificate.objects.values_list("number", "first_issued_at"))
    assert firsts == {
        original.number: march,
        corrected.number: march,
        latest.number: march,
        alone.number: may,
    }

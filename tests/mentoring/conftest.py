import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from tests.factories import AgreementFactory, MenteeFactory, ParticipantFactory


@pytest.fixture
def agreement(mentor):
    return AgreementFactory(mentor=mentor)


@pytest.fixture
def asa(agreement):
    return MenteeFactory(agreement=agreement, user__first_name="Åsa", user__last_name="Törnqvist")


@pytest.fixture
def bjorn(agreement):
    return MenteeFactory(
        agreement=agreement,
        user=ParticipantFactory(first_name="Björn", last_name="Berg", profile={"preferred_language": "sv"}),
    )


@pytest.fixture
def other_agreement(db):
    """Someone else's agreement, with a mentee of its own."""
    today = timezone.localdate()
    agreement = AgreementFactory(
        mentor__first_name="Olli",
        mentor__last_name="Muu",
        team="Rauman lastensuojelu",
        municipality=None,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        goals="Muut tavoitteet.",
        planned_hours=Decimal("8"),
    )
    MenteeFactory(agreement=agreement, user__first_name="Eeva", user__last_name="Muu")
    return agreement

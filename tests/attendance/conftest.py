import pytest

from tests.factories import IntroductionSessionPageFactory, TrainerFactory


@pytest.fixture
def offering(catalogue):
    """A course with a session today and one in a week."""
    return IntroductionSessionPageFactory(parent=catalogue, title="Johdatus", slug="johdatus", sessions=[0, 7])


@pytest.fixture
def today_session(offering):
    return offering.sessions.get(date=offering.starts_on)


@pytest.fixture
def later_session(offering):
    return offering.sessions.get(date=offering.ends_on)


@pytest.fixture
def trainer(offering):
    """A trainer of this course."""
    return TrainerFactory(trains=[offering])

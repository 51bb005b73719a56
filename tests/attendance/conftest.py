from django.contrib.auth.models import Group

import pytest

from tests.factories import IntroductionSessionPageFactory, UserFactory


def make_trainer(*offerings):
    """A person in the Trainers group who trains these courses."""
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get_or_create(name="Trainers")[0])
    for offering in offerings:
        offering.trainers.add(trainer)
        offering.save()  # the trainers are the page's own (modelcluster) relation: saved with the page
    return trainer


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
    return make_trainer(offering)

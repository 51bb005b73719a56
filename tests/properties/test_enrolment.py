"""Enrolling with the course's questions (and the profile asked on the way), cancelling and the
calendar feed take any input: an enrolment is made with its event and profile, or nothing is."""

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from accounts.models import Profile
from accounts.selectors import profile_for
from courses.models import EnrolmentQuestion
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    ParticipantFactory,
    SectorFactory,
)

from .conftest import example, rows
from .strategies import booleans, form, languages, near, numbers, path_segment, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1, sessions=[14])
    EnrolmentQuestion.objects.create(
        offering=offering,
        kind="choice",
        label_fi="Ruokavalio",
        choices_fi="Ei\nGluteeniton\nVegaani",
        choices_sv="Ingen\nGlutenfri\nVegan",
        required=True,
    )
    EnrolmentQuestion.objects.create(offering=offering, label_fi="Odotukset", label_sv="Förväntningar")
    return offering


@pytest.fixture
def places():
    return {"municipality": MunicipalityFactory(), "sector": SectorFactory()}


@pytest.fixture
def newcomer(home_page):
    """Has an account and no profile yet: the enrolment form asks for it too."""
    return ParticipantFactory(profile=False)


@settings(max_examples=50)
@given(language=languages, data=st.data())
def test_enrolling_with_questions_makes_the_enrolment_whole_or_not_at_all(offering, newcomer, places, language, data):
    choice, text = offering.questions.order_by("kind")
    good = {
        "step": "form",
        f"questions-q{choice.pk}": "Gluteeniton",
        f"questions-q{text.pk}": "Oppia uutta",
        "profile-first_name": "Aino",
        "profile-last_name": "Aalto",
        "profile-organisation": "Porin kaupunki",
        "profile-municipality": str(places["municipality"].pk),
        "profile-sector": str(places["sector"].pk),
        "profile-job_title": "Sosiaalityöntekijä",
        "profile-preferred_language": "fi",
    }
    posted = data.draw(
        near(
            good,
            **{
                f"questions-q{choice.pk}": st.sampled_from(["Ei", "Ingen", "Vegaani"]) | texts,
                "profile-municipality": numbers | texts,
                "profile-sector": numbers | texts,
                "profile-preferred_language": languages | texts,
            },
        )
    )
    with example(newcomer) as client:
        before = rows(Enrolment, EnrolmentEvent, Profile)

        response = client.post(f"/{language}/enrol/{offering.pk}/", posted)

        # 200: the form, when the post was not the form's (a profile or questions are missing).
        assert response.status_code in (200, 302, 400)
        event(f"status {response.status_code}")
        if response.status_code == 302:
            assert Enrolment.objects.filter(user=newcomer).count() == 1
            assert rows(EnrolmentEvent)["enrolment.EnrolmentEvent"] == before["enrolment.EnrolmentEvent"] + 1
        else:
            assert rows(Enrolment, EnrolmentEvent) == {
                label: count for label, count in before.items() if label != "accounts.Profile"
            }
            assert not profile_for(newcomer).is_complete


@pytest.fixture
def enrolment(offering):
    return EnrolmentFactory(offering=offering, user=ParticipantFactory())


@settings(max_examples=30)
@given(language=languages, data=form(confirm=booleans, reason=texts))
def test_cancelling_takes_any_input_and_cancels_in_one_step(enrolment, language, data):
    """The confirmation page's button is the one step: whatever else is posted, it cancels and
    leads to the enrolment's own page."""
    with example(enrolment.user) as client:
        response = client.post(f"/{language}/my/enrolments/{enrolment.pk}/cancel/", data)

        enrolment.refresh_from_db()
        assert response.status_code == 302
        assert response["Location"] == f"/{language}/my/enrolments/{enrolment.pk}/"
        assert enrolment.status == Enrolment.Status.CANCELLED


@settings(max_examples=50)
@given(token=path_segment())
def test_the_calendar_feed_takes_any_token(enrolment, token):
    with example() as client:
        response = client.get(f"/calendar/{token}.ics")

        assert response.status_code in (400, 404)

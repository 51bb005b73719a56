import datetime as dt
from decimal import Decimal

from django.utils import timezone

import factory

from mentoring.models import Agreement, Mentee, MentoringSession

from .courses import MunicipalityFactory
from .dates import at
from .people import ParticipantFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    """Marja mentors a team of Pori for twenty hours, from a hundred days ago to a month ahead."""

    class Meta:
        model = Agreement

    mentor = factory.SubFactory(ParticipantFactory, first_name="Marja", last_name="Mentori")
    team = "Porin perhesosiaalityö, tiimi 2"
    municipality = factory.SubFactory(MunicipalityFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    goals = "Reflektiiviset tiimikeskustelut osaksi arkea."
    planned_hours = Decimal("20")


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    agreement = factory.SubFactory(AgreementFactory)
    user = factory.SubFactory(ParticipantFactory)


class MentoringSessionFactory(factory.django.DjangoModelFactory):
    """At 13.00 local time `days` from today (default: a week ahead); delivered once
    `duration_minutes` is given; `participants=[mentee, …]` took part, or are expected."""

    class Meta:
        model = MentoringSession
        skip_postgeneration_save = True

    class Params:
        days = 7

    agreement = factory.SubFactory(AgreementFactory)
    starts_at = factory.LazyAttribute(lambda o: at(o.days))
    duration_minutes = None
    topic = "Reflektiivinen tiimi"

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)

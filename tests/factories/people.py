from django.contrib.auth import get_user_model

import factory

from enrolment.models import Enrolment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}@example.fi")
    email = factory.SelfAttribute("username")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Henkilö {n}")
    password = factory.django.Password("salasana-123")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    status = Enrolment.Status.CONFIRMED

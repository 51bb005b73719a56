from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpRequest

import factory
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import Profile
from accounts.roles import TRAINERS, set_up_roles
from enrolment.models import Enrolment

from .courses import MunicipalityFactory, SectorFactory


class UserFactory(factory.django.DjangoModelFactory):
    """A person who can log in; `verified=True` adds a verified email, `profile=True` a complete profile."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@example.fi")
    email = factory.SelfAttribute("username")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Henkilö {n}")
    password = factory.django.Password("salasana-123")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted:
            _verify(self)

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create and extracted:
            ProfileFactory(user=self, **(extracted if isinstance(extracted, dict) else {}))


def _verify(user):
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


class ParticipantFactory(UserFactory):
    """Ready to enrol: verified email and a complete profile (`profile={...}` sets its fields)."""

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            _verify(self)

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ProfileFactory(user=self, **(extracted if isinstance(extracted, dict) else {}))


class CoordinatorFactory(UserFactory):
    """In the Coordinators group with everything `set_up_roles` gives it, as every release and the
    demo set it up (its page permissions on the default site's home page, if there is one yet)."""

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(set_up_roles()[0])


class TrainerFactory(UserFactory):
    """In the Trainers group; `trains=[offering, …]` makes them a trainer of those courses."""

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=TRAINERS)[0])

    @factory.post_generation
    def trains(self, create, extracted, **kwargs):
        for offering in extracted or ():
            offering.trainers.add(self)
            offering.save()  # the trainers are the page's own (modelcluster) relation: saved with the page


def claimant_of(email: str, **kwargs):
    """Someone who has put another person's address on their own account: allauth's Email addresses
    page lets anyone add any address, which stays unverified until its inbox confirms it."""
    user = ParticipantFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=False)
    return user


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    organisation = "Porin kaupunki"
    municipality = factory.SubFactory(MunicipalityFactory)
    sector = factory.SubFactory(SectorFactory)
    job_title = "Sosiaalityöntekijä"
    preferred_language = "fi"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    status = Enrolment.Status.CONFIRMED
    position = factory.LazyAttribute(lambda o: 1 if o.status == Enrolment.Status.WAITING else None)


def log_in_with_second_factor(client, user):
    """`client.force_login` for someone with an authenticator: the session records the password
    and the second factor, as allauth's log-in leaves it (else the site logs the session out)."""
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).first()
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    client.force_login(user)

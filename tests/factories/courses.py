import datetime as dt

from django.utils import timezone

import factory
import wagtail_factories

from courses.models import (
    AdvancedCoursePage,
    BasicCoursePage,
    CataloguePage,
    IntroductionSessionPage,
    Municipality,
    Organisation,
    Region,
    Sector,
    Session,
    WorkshopSeriesPage,
)
from home.models import HomePage


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = "satakunta"
    name_fi = "Satakunta"
    name_sv = "Satakunta"
    name_en = "Satakunta"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name_fi = "Pori"
    name_sv = "Björneborg"
    name_en = "Pori"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = "koulu"
    name_fi = "Koulu"
    name_sv = "Skola"
    name_en = "School"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_fi = "Vasso"
    name_sv = "Vasso"
    name_en = "Vasso"
    short_name = "Vasso"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Etusivu"
    title_sv = "Startsida"
    slug = "etusivu"


class CataloguePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CataloguePage

    title = "Koulutukset"
    title_sv = "Utbildningar"
    title_en = "Trainings"
    slug = "koulutukset"


class OfferingFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Koulutus {n}")
    title_sv = factory.Sequence(lambda n: f"Utbildning {n}")
    title_en = factory.Sequence(lambda n: f"Training {n}")
    slug = factory.Sequence(lambda n: f"koulutus-{n}")
    lead_fi = "Ingressi suomeksi."
    lead_sv = "Ingress på svenska."
    region = factory.SubFactory(RegionFactory)
    organiser = factory.SubFactory(OrganisationFactory)
    capacity = 20
    language = "fi"

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        """`sessions=[days from today, …]` adds one session a day; default: one in 10 days."""
        if not create:
            return
        today = timezone.localdate()
        self.sessions = [
            SessionFactory.build(date=today + dt.timedelta(days=days))
            for days in (extracted if extracted is not None else [10])
        ]
        self.save()


class IntroductionSessionPageFactory(OfferingFactory):
    class Meta:
        model = IntroductionSessionPage


class BasicCoursePageFactory(OfferingFactory):
    class Meta:
        model = BasicCoursePage


class AdvancedCoursePageFactory(OfferingFactory):
    class Meta:
        model = AdvancedCoursePage


class WorkshopSeriesPageFactory(OfferingFactory):
    class Meta:
        model = WorkshopSeriesPage


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    starts_at = dt.time(9, 0)
    ends_at = dt.time(12, 0)
    place = "Porin kaupunginkirjasto"

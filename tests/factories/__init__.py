from .courses import (
    BasicCoursePageFactory,
    CataloguePageFactory,
    HomePageFactory,
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    SectorFactory,
    SessionFactory,
    WorkshopSeriesPageFactory,
)
from .people import EnrolmentFactory, UserFactory

__all__ = [
    "BasicCoursePageFactory",
    "CataloguePageFactory",
    "EnrolmentFactory",
    "HomePageFactory",
    "IntroductionSessionPageFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "RegionFactory",
    "SectorFactory",
    "SessionFactory",
    "UserFactory",
    "WorkshopSeriesPageFactory",
]

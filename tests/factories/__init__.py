from .courses import (
    AdvancedCoursePageFactory,
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
    "AdvancedCoursePageFactory",
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

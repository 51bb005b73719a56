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
from .people import EnrolmentFactory, ParticipantFactory, ProfileFactory, UserFactory, log_in_with_second_factor

__all__ = [
    "AdvancedCoursePageFactory",
    "BasicCoursePageFactory",
    "CataloguePageFactory",
    "EnrolmentFactory",
    "HomePageFactory",
    "IntroductionSessionPageFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "ParticipantFactory",
    "ProfileFactory",
    "RegionFactory",
    "SectorFactory",
    "SessionFactory",
    "UserFactory",
    "WorkshopSeriesPageFactory",
    "log_in_with_second_factor",
]

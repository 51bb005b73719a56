from .catalogue import CataloguePage
from .offerings import (
    AdvancedCoursePage,
    BasicCoursePage,
    InstructionLanguage,
    IntroductionSessionPage,
    Offering,
    Session,
    WorkshopSeriesPage,
)
from .questions import EnrolmentQuestion
from .reference import Municipality, Organisation, Region, Sector

__all__ = [
    "AdvancedCoursePage",
    "BasicCoursePage",
    "CataloguePage",
    "EnrolmentQuestion",
    "InstructionLanguage",
    "IntroductionSessionPage",
    "Municipality",
    "Offering",
    "Organisation",
    "Region",
    "Sector",
    "Session",
    "WorkshopSeriesPage",
]

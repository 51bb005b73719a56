from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from courses.models import (
    AdvancedCoursePage,
    BasicCoursePage,
    CataloguePage,
    IntroductionSessionPage,
    Offering,
    WorkshopSeriesPage,
)
from developer_groups.models import DeveloperGroupIndexPage
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

OFFERING_TYPES = [IntroductionSessionPage, BasicCoursePage, AdvancedCoursePage, WorkshopSeriesPage]


class TestPageTree(WagtailPageTestCase):
    def test_offerings_live_only_in_the_catalogue(self):
        for page_type in OFFERING_TYPES:
            self.assertAllowedParentPageTypes(page_type, {CataloguePage})
            self.assertAllowedSubpageTypes(page_type, set())
            self.assertCanCreateAt(CataloguePage, page_type)
            self.assertCanNotCreateAt(HomePage, page_type)

    def test_catalogue_sits_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CataloguePage, {HomePage})
        self.assertAllowedSubpageTypes(CataloguePage, set(OFFERING_TYPES))
        self.assertAllowedSubpageTypes(HomePage, {CataloguePage, ContentPage, DeveloperGroupIndexPage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_the_shared_offering_base_cannot_be_created_on_its_own(self):
        assert not Offering.is_creatable

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Municipality, Organisation, Region, Sector


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name_fi", "name_sv", "slug"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "home"
    list_display = ["name_fi", "name_sv", "region"]
    list_filter = ["region"]
    search_fields = ["name_fi", "name_sv", "name_en"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "group"
    list_display = ["name_fi", "name_sv", "sort_order"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "pick"
    list_display = ["name_fi", "name_sv", "short_name"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (RegionViewSet, MunicipalityViewSet, SectorViewSet, OrganisationViewSet)


register_snippet(ReferenceDataGroup)

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks import BodyBlock
from home.translation import TranslatedField


def _text_tabs(*field_sets):
    headings = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
    tabs = []
    for code, heading in headings.items():
        title = TitleFieldPanel("title") if code == "fi" else FieldPanel(f"title_{code}")
        tabs.append(ObjectList([title, *(FieldPanel(f"{name}_{code}") for name in field_sets)], heading=heading))
    return TabbedInterface([*tabs, ObjectList(Page.promote_panels, heading=_("Promote"))])


class HomePage(Page):
    """The front page: what the programme is, and the way into the catalogue."""

    title_sv = models.CharField(_("title in Swedish"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    lead_fi = models.TextField(_("lead in Finnish"), blank=True)
    lead_sv = models.TextField(_("lead in Swedish"), blank=True)
    lead_en = models.TextField(_("lead in English"), blank=True)
    body_fi = StreamField(BodyBlock(), verbose_name=_("content in Finnish"), blank=True)
    body_sv = StreamField(BodyBlock(), verbose_name=_("content in Swedish"), blank=True)
    body_en = StreamField(BodyBlock(), verbose_name=_("content in English"), blank=True)

    localized_title = TranslatedField(fields={"fi": "title", "sv": "title_sv", "en": "title_en"})
    lead = TranslatedField("lead")
    body = TranslatedField("body")

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CataloguePage", "home.ContentPage", "developer_groups.DeveloperGroupIndexPage"]
    max_count = 1

    edit_handler = _text_tabs("lead", "body")

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.cards import rendered_cards
        from courses.models import CataloguePage
        from courses.selectors import upcoming_offerings

        context = super().get_context(request, *args, **kwargs)
        catalogue = CataloguePage.objects.live().child_of(self).first()
        context["catalogue"] = catalogue
        context["upcoming_cards"] = rendered_cards(upcoming_offerings(catalogue, limit=3), request) if catalogue else []
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "no-cache, private"
        return response


class ContentPage(Page):
    """A plain page of text: about the programme, privacy notice, contact."""

    title_sv = models.CharField(_("title in Swedish"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    body_fi = StreamField(BodyBlock(), verbose_name=_("content in Finnish"), blank=True)
    body_sv = StreamField(BodyBlock(), verbose_name=_("content in Swedish"), blank=True)
    body_en = StreamField(BodyBlock(), verbose_name=_("content in English"), blank=True)

    localized_title = TranslatedField(fields={"fi": "title", "sv": "title_sv", "en": "title_en"})
    body = TranslatedField("body")

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    edit_handler = _text_tabs("body")

    class Meta:
        verbose_name = _("content page")

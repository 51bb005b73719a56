from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface, TitleFieldPanel
from wagtail.models import Page

from home.translation import TranslatedField


class CataloguePage(Page):
    """The list of offerings: filters, search, upcoming and past."""

    title_sv = models.CharField(_("title in Swedish"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    intro_fi = models.TextField(_("introduction in Finnish"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)

    localized_title = TranslatedField(fields={"fi": "title", "sv": "title_sv", "en": "title_en"})
    intro = TranslatedField("intro")

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "courses.IntroductionSessionPage",
        "courses.BasicCoursePage",
        "courses.AdvancedCoursePage",
        "courses.WorkshopSeriesPage",
    ]
    max_count = 1
    page_size = 12

    edit_handler = TabbedInterface(
        [
            ObjectList([TitleFieldPanel("title"), FieldPanel("intro_fi")], heading=_("Finnish")),
            ObjectList([FieldPanel("title_sv"), FieldPanel("intro_sv")], heading=_("Swedish")),
            ObjectList([FieldPanel("title_en"), FieldPanel("intro_en")], heading=_("English")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    class Meta:
        verbose_name = _("catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses import selectors
        from courses.cards import rendered_cards, rendered_filter_fields
        from courses.forms import CatalogueFilterForm

        context = super().get_context(request, *args, **kwargs)
        choices = selectors.filter_choices()
        form = CatalogueFilterForm(
            request.GET or None,
            regions=choices["regions"],
            audiences=choices["audiences"],
            months=choices["months"],
        )
        filters = form.filters() if form.is_bound else selectors.CatalogueFilters()
        offerings = selectors.catalogue_offerings(self, filters).values_list("pk", flat=True)
        page_obj = Paginator(offerings, self.page_size).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            filter_fields=rendered_filter_fields(form),
            filters=filters,
            page_obj=page_obj,
            cards=rendered_cards(selectors.listing(page_obj.object_list), request),
            filter_query=query.urlencode(),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "no-cache, private"
        return response

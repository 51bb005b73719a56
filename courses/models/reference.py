"""Reference data the offerings and (later) profiles and reports point at."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.images import get_image_model_string

from home.translation import TranslatedField


class NamedInThreeLanguages(models.Model):
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)

    name = TranslatedField("name")

    panels = [FieldRowPanel([FieldPanel("name_fi"), FieldPanel("name_sv"), FieldPanel("name_en")])]

    class Meta:
        abstract = True
        ordering = ["name_fi"]

    def __str__(self):
        return self.name


class Region(NamedInThreeLanguages):
    """A region of the programme (maakunta), e.g. Satakunta."""

    slug = models.SlugField(_("slug"), unique=True)

    panels = [*NamedInThreeLanguages.panels, FieldPanel("slug")]

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Municipality(NamedInThreeLanguages):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )

    panels = [FieldPanel("region"), *NamedInThreeLanguages.panels]

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Sector(NamedInThreeLanguages):
    """Where a professional works: child protection, school, early childhood education, …"""

    slug = models.SlugField(_("slug"), unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [*NamedInThreeLanguages.panels, FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name_fi"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Organisation(NamedInThreeLanguages):
    """An organiser or partner of trainings; the issuer shown on certificates."""

    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        *NamedInThreeLanguages.panels,
        FieldPanel("short_name"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

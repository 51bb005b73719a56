"""Questions an editor asks of everyone who enrols on one offering (dietary needs, expectations)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from home.translation import TranslatedField


class EnrolmentQuestion(Orderable):
    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        CHOICE = "choice", _("One choice")

    offering = ParentalKey("courses.Offering", on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    label_fi = models.CharField(_("question in Finnish"), max_length=255)
    label_sv = models.CharField(_("question in Swedish"), max_length=255, blank=True)
    label_en = models.CharField(_("question in English"), max_length=255, blank=True)
    choices_fi = models.TextField(_("choices in Finnish"), blank=True, help_text=_("One choice per line."))
    choices_sv = models.TextField(_("choices in Swedish"), blank=True, help_text=_("Same order as in Finnish."))
    choices_en = models.TextField(_("choices in English"), blank=True, help_text=_("Same order as in Finnish."))
    required = models.BooleanField(_("answer required"), default=False)

    label = TranslatedField("label")
    localized_choices = TranslatedField("choices")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldRowPanel([FieldPanel("label_fi"), FieldPanel("label_sv"), FieldPanel("label_en")]),
        FieldRowPanel([FieldPanel("choices_fi"), FieldPanel("choices_sv"), FieldPanel("choices_en")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("enrolment question")
        verbose_name_plural = _("enrolment questions")

    def __str__(self):
        return self.label_fi

    def clean(self):
        super().clean()
        if self.kind == self.Kind.CHOICE and not _lines(self.choices_fi):
            raise ValidationError({"choices_fi": _("A choice question needs at least one choice.")})

    def options(self) -> list[tuple[str, str]]:
        """(stored value, label in the reader's language): answers are stored in Finnish, the
        coordinators' language, whatever language the participant answered in."""
        stored = _lines(self.choices_fi)
        shown = _lines(self.localized_choices)
        return [(value, shown[i] if i < len(shown) else value) for i, value in enumerate(stored)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]

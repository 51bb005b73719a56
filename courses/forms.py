import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .models import InstructionLanguage
from .selectors import CatalogueFilters

# The programme's records start here; anything far outside is a typo or a probe, not a month.
FIRST_MONTH = dt.date(2000, 1, 1)


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, read from the query string; an invalid value is reported and ignored."""

    # Reported beside the results it was left out of: the page is not a refused form, so no error
    # summary takes the focus from the results and no count goes in the title.
    shows_own_errors = True

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of training"),
        required=False,
        choices=[
            ("", _("All kinds")),
            ("introduction", _("Introduction sessions")),
            ("basic", _("Basic courses")),
            ("advanced", _("Advanced courses")),
            ("mindme", _("MindMe workshop series")),
        ],
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages"))]
        + [(value, label) for value, label in InstructionLanguage.choices if value != InstructionLanguage.BILINGUAL],
    )
    month = forms.ChoiceField(label=_("Month"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    when = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Upcoming")), ("past", _("Past"))],
    )

    def __init__(self, data, *, regions, audiences, months):
        super().__init__(data)
        self.fields["region"].choices = [("", _("All regions"))] + [(r.slug, r.name) for r in regions]
        self.fields["audience"].choices = [("", _("All audiences"))] + [(s.slug, s.name) for s in audiences]
        self.fields["month"].choices = [("", _("Any month"))] + [
            (month.strftime("%Y-%m"), formats.date_format(month, "YEAR_MONTH_FORMAT").capitalize()) for month in months
        ]
        # A month from a shared link may have passed since; keep accepting any well-formed month.
        requested = (data or {}).get("month", "")
        if requested and requested not in dict(self.fields["month"].choices):
            try:
                month = dt.datetime.strptime(requested, "%Y-%m").date()
            except ValueError:
                month = None
            if month and FIRST_MONTH <= month <= dt.date(dt.date.today().year + 10, 12, 1):
                self.fields["month"].choices.append(
                    (requested, formats.date_format(month, "YEAR_MONTH_FORMAT").capitalize())
                )

    def filters(self) -> CatalogueFilters:
        """The valid filters; a field with an error counts as not set."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        month = data.get("month")
        return CatalogueFilters(
            kind=data.get("kind", ""),
            region=data.get("region", ""),
            language=data.get("language", ""),
            month=dt.datetime.strptime(month, "%Y-%m").date() if month else None,
            audience=data.get("audience", ""),
            query=data.get("q", "").strip(),
            past=data.get("when") == "past",
        )

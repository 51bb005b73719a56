import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import InstructionLanguage
from lms.validators import validate_programme_date

from .selectors import GROUPS, MAX_PERIOD_DAYS, MENTORING, ReferenceData, ReportFilters, kind_of_content_type, this_year

KIND_CHOICES = [
    ("", gettext_lazy("All kinds")),
    ("introduction", gettext_lazy("Introduction sessions")),
    ("basic", gettext_lazy("Basic courses")),
    ("advanced", gettext_lazy("Advanced courses")),
    ("mindme", gettext_lazy("MindMe workshop series")),
    (GROUPS, gettext_lazy("Developer groups")),
    (MENTORING, gettext_lazy("Mentoring")),
]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """The report's period and filters, read from the query string.

    Unlike the catalogue, a value the form does not accept is not ignored: a report that silently
    left out a filter would show the funder the wrong figures, so the page shows the error instead.
    """

    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=_date_input(), validators=[validate_programme_date]
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=_date_input(), validators=[validate_programme_date]
    )
    kind = forms.ChoiceField(label=gettext_lazy("Programme kind"), required=False, choices=KIND_CHOICES)
    offering = forms.TypedChoiceField(
        label=gettext_lazy("Offering"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("Only this offering's enrolments, attendance, completions and certificates."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of instruction"),
        required=False,
        choices=[("", gettext_lazy("All languages"))]
        + [(value, label) for value, label in InstructionLanguage.choices if value != InstructionLanguage.BILINGUAL],
        help_text=gettext_lazy(
            "A bilingual offering counts as both Finnish and Swedish. Developer groups and mentoring have no "
            "language of instruction, so choosing one leaves them out."
        ),
    )
    held_in = forms.TypedChoiceField(
        label=gettext_lazy("Held in region"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy(
            "Where the training took place: the offering's region, the developer group's or the mentoring "
            "agreement's municipality."
        ),
    )
    region = forms.TypedChoiceField(
        label=gettext_lazy("Participants' region"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("Where the participants come from, as their profile states it."),
    )
    municipality = forms.TypedChoiceField(
        label=gettext_lazy("Participants' municipality"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("From the participant's profile."),
    )
    sector = forms.TypedChoiceField(
        label=gettext_lazy("Participants' sector"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("From the participant's profile."),
    )

    def __init__(self, data=None, *, reference: ReferenceData):
        default = this_year()
        super().__init__(data, initial={"date_from": default.date_from, "date_to": default.date_to})
        self.reference = reference
        # Only offerings that ran in the period asked for: any other has no figures in it.
        date_from, date_to = self._period_asked(data or {})
        self.fields["offering"].choices = [("", _("All offerings"))] + [
            (offering.pk, f"{offering.title} ({formats.date_format(offering.starts_on, 'SHORT_DATE_FORMAT')})")
            for offering in reference.offerings
            if offering.runs_in(date_from, date_to)
        ]
        regions = [(region.pk, region.name) for region in reference.regions]
        self.fields["held_in"].choices = [("", _("All regions")), *regions]
        self.fields["region"].choices = [("", _("All regions")), *regions]
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (
                region.name,
                [(place.pk, place.name) for place in reference.municipalities if place.region_id == region.pk],
            )
            for region in reference.regions
        ]
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (sector.pk, sector.name) for sector in reference.sectors
        ]

    @staticmethod
    def _period(date_from, date_to) -> tuple[dt.date, dt.date]:
        """The period for the dates given: one date alone means the rest (or the start) of its
        calendar year; none, this year."""
        default = this_year()
        return (
            date_from or (date_to.replace(month=1, day=1) if date_to else default.date_from),
            date_to or (date_from.replace(month=12, day=31) if date_from else default.date_to),
        )

    def _period_asked(self, data) -> tuple[dt.date, dt.date]:
        """The period as typed, before the form is validated (an unreadable date counts as not given)."""
        dates = []
        for name in ("date_from", "date_to"):
            try:
                dates.append(self.fields[name].clean(data.get(name)))
            except forms.ValidationError:
                dates.append(None)
        return self._period(*dates)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["date_from"], data["date_to"] = self._period(data.get("date_from"), data.get("date_to"))
        if data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The period must end on or after the day it starts."))
        elif (data["date_to"] - data["date_from"]).days > MAX_PERIOD_DAYS:
            self.add_error("date_to", _("A report covers at most ten years."))
        municipality, region = data.get("municipality"), data.get("region")
        if municipality and region:
            place = next(place for place in self.reference.municipalities if place.pk == municipality)
            if place.region_id != region:
                self.add_error("municipality", _("The municipality is not in the chosen region."))
        offering, kind = data.get("offering"), data.get("kind")
        if offering and kind:
            content_type = next(item.content_type for item in self.reference.offerings if item.pk == offering)
            if kind_of_content_type(content_type) != kind:
                self.add_error("offering", _("The offering is not of the chosen programme kind."))
        return data

    def filters(self) -> ReportFilters:
        """The filters of a valid form; this year and nothing else for a form not filled in."""
        if not self.is_bound:
            return this_year()
        data = self.cleaned_data
        return ReportFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            kind=data["kind"],
            offering=data["offering"],
            language=data["language"],
            held_in=data["held_in"],
            region=data["region"],
            municipality=data["municipality"],
            sector=data["sector"],
        )

    def description(self) -> list[tuple[str, str]]:
        """(filter, value) of every filter as chosen, in the active language: the page's and the
        files' statement of what the figures are of."""
        filters = self.filters()
        period = "{} – {}".format(
            formats.date_format(filters.date_from, "SHORT_DATE_FORMAT"),
            formats.date_format(filters.date_to, "SHORT_DATE_FORMAT"),
        )
        lines = [(_("Period"), period)]
        for name in ("kind", "offering", "language", "held_in", "region", "municipality", "sector"):
            value = getattr(filters, name)
            lines.append((str(self.fields[name].label), self._choice_label(name, value)))
        return lines

    def _choice_label(self, name: str, value) -> str:
        choices = self.fields[name].choices
        flat = []
        for key, label in choices:
            flat.extend(label if isinstance(label, list | tuple) else [(key, label)])
        labels = dict(flat)
        return str(labels.get(value if value is not None else "", labels[""]))

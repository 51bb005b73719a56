from django import forms
from django.utils.translation import gettext_lazy

from lms.validators import validate_programme_date

from .models import Entry
from .selectors import EntryFilters


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=_date_input(), validators=[validate_programme_date]
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=_date_input(), validators=[validate_programme_date]
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All actions")), *Entry.Action.choices],
    )
    actor = forms.CharField(
        label=gettext_lazy("Who"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Name or email of the coordinator or trainer."),
    )
    person = forms.CharField(
        label=gettext_lazy("Whose record"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Name or email of the person."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", gettext_lazy("The end of the period is before its start."))
        for name in ("actor", "person"):
            if "\x00" in cleaned.get(name, ""):
                self.add_error(name, gettext_lazy("Remove the null character."))
        return cleaned

    def filters(self) -> EntryFilters:
        data = self.cleaned_data if self.is_bound else {}
        return EntryFilters(**{name: value for name, value in data.items() if value not in (None, "")})

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import display_name
from certificates.names import NameField
from lms.identifiers import primary_keys

from .models import Attendance


@dataclass(frozen=True)
class RosterRow:
    enrolment: object
    status: forms.BoundField
    remark: forms.BoundField

    @property
    def name(self) -> str:
        return display_name(self.enrolment.user)

    @property
    def organisation(self) -> str:
        # Accounts made in the admin may have no profile yet; the roster does not make one.
        profile = getattr(self.enrolment.user, "profile", None)
        return profile.organisation if profile else ""


class RosterForm(forms.Form):
    """A status and a remark for each person on the roster, saved in one go.

    Only the rows the trainer was shown count: each posts its enrolment as `row`, so someone who
    enrolled after the page was loaded is neither marked present by "mark all present" nor touched.
    A person left without a status stays unmarked (the session may still be going on).
    """

    def __init__(self, data=None, *, roster, fill_present=False):
        self.roster = list(roster)
        roster_pks = {enrolment.pk for enrolment in self.roster}
        self.posted_rows = set()
        if data is not None:
            self.posted_rows = set(primary_keys(data.getlist("row")))
            if fill_present:
                # In the data itself, so that a page shown again after an error shows the filled rows.
                data = data.copy()
                for pk in self.posted_rows & roster_pks:
                    if not data.get(f"status-{pk}"):
                        data[f"status-{pk}"] = Attendance.Status.PRESENT
        super().__init__(data)
        for enrolment in self.roster:
            mark = enrolment.mark
            self.fields[f"status-{enrolment.pk}"] = forms.ChoiceField(
                label=display_name(enrolment.user),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=mark.status if mark else None,
            )
            self.fields[f"remark-{enrolment.pk}"] = forms.CharField(
                label=_("Remark"),
                max_length=255,
                required=False,
                initial=mark.remark if mark else "",
            )

    @property
    def rows(self) -> list[RosterRow]:
        return [
            RosterRow(enrolment, self[f"status-{enrolment.pk}"], self[f"remark-{enrolment.pk}"])
            for enrolment in self.roster
        ]

    def clean(self):
        cleaned_data = super().clean()
        if self.posted_rows - {enrolment.pk for enrolment in self.roster}:
            raise forms.ValidationError(
                _("Someone on the list has cancelled meanwhile. Check the list and save again."), code="roster"
            )
        for pk in self.posted_rows:
            if cleaned_data.get(f"remark-{pk}") and not cleaned_data.get(f"status-{pk}"):
                self.add_error(f"status-{pk}", _("Choose a status to go with the remark."))
        if not self.errors and not self.marks():
            raise forms.ValidationError(
                _("Choose a status for at least one person, or mark everyone present."), code="empty"
            )
        return cleaned_data

    def marks(self) -> dict[int, tuple[str, str]]:
        """{enrolment_pk: (status, remark)} of the shown rows that have a status, for save_roster."""
        marks = {}
        for enrolment in self.roster:
            status = self.cleaned_data.get(f"status-{enrolment.pk}")
            if enrolment.pk in self.posted_rows and status:
                marks[enrolment.pk] = (status, self.cleaned_data.get(f"remark-{enrolment.pk}", ""))
        return marks


# The trainer types another person's details: the browser is not to offer the trainer's own name
# and address, nor to keep these for whoever uses the device next.
SOMEONE_ELSE = {"autocomplete": "off"}


class WalkInForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs=SOMEONE_ELSE))
    first_name = NameField(label=_("First name"), widget=forms.TextInput(attrs=SOMEONE_ELSE))
    last_name = NameField(label=_("Last name"), widget=forms.TextInput(attrs=SOMEONE_ELSE))

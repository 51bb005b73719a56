import datetime as dt

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from allauth.account.fields import PasswordField, SetPasswordField

from accounts.forms import autocomplete_input
from accounts.models import Profile
from accounts.selectors import display_name
from attendance.forms import RosterForm
from certificates.names import NameField
from courses.models import Organisation, Sector
from lms.validators import validate_programme_date

from .models import Action, Membership


def _date_widget():
    # The browser's own date and time pickers: keyboard and screen-reader friendly, nothing of ours.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_widget():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_widget(), validators=[validate_programme_date])
    starts = forms.TimeField(label=_("Starts at"), widget=_time_widget())
    ends = forms.TimeField(label=_("Ends at"), widget=_time_widget())
    place = forms.CharField(label=_("Place"), max_length=200, required=False, help_text=_("Address and room."))
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give a place, a link, or both."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    @classmethod
    def for_meeting(cls, meeting, data=None):
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial = {
            "date": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
        }
        return cls(data, initial=initial)

    def clean(self):
        cleaned_data = super().clean()
        starts, ends = cleaned_data.get("starts"), cleaned_data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting must end after it starts."))
        if not (cleaned_data.get("place") or cleaned_data.get("online_url")) and not self.has_error("online_url"):
            self.add_error("place", _("Give a place or an online meeting link, or both."))
        return cleaned_data

    def meeting_fields(self) -> dict:
        """The service's keyword arguments: times in the site's time zone."""
        tz = timezone.get_current_timezone()
        data = self.cleaned_data
        return {
            "starts_at": dt.datetime.combine(data["date"], data["starts"], tzinfo=tz),
            "ends_at": dt.datetime.combine(data["date"], data["ends"], tzinfo=tz),
            "place": data["place"],
            "online_url": data["online_url"],
            "agenda": data["agenda"],
        }


class MeetingRosterForm(RosterForm):
    """A course roster's form for the members on a meeting's roster (memberships in place of enrolments)."""

    def clean(self):
        if self.posted_rows - {membership.pk for membership in self.roster}:
            raise forms.ValidationError(
                _("The list of members has changed meanwhile. Check the list and save again."), code="roster"
            )
        return super().clean()


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Seen by the group's members, its facilitators and the coordinators only."),
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj.user)


class ActionForm(forms.Form):
    """One action agreed at the meeting; a row left empty adds nothing."""

    title = forms.CharField(label=_("Action"), max_length=300, required=False)
    owner = MemberChoiceField(label=_("Owner"), queryset=Membership.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=_date_widget())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("title") and (cleaned_data.get("owner") or cleaned_data.get("due_on")):
            self.add_error("title", _("Say what is to be done."))
        return cleaned_data


class BaseActionFormSet(forms.BaseFormSet):
    def actions(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("title")]


ActionFormSet = forms.formset_factory(ActionForm, formset=BaseActionFormSet, extra=3, max_num=20)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)


def _privacy_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I have read the"),
        reverse_lazy("accounts:privacy"),
        _("privacy notice"),
    )


class AcceptWithAccountForm(forms.Form):
    """Accepting an invitation without an account: the name and a password, for the invited address."""

    first_name = NameField(label=_("First name"), widget=autocomplete_input("given-name"))
    last_name = NameField(label=_("Last name"), widget=autocomplete_input("family-name"))
    password1 = SetPasswordField(label=_("Password"))
    password2 = PasswordField(label=_("Password (again)"), autocomplete="new-password")
    privacy_consent = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={"required": _("Please read and accept the privacy notice to create an account.")},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password1")
        if password and cleaned_data.get("password2") and password != cleaned_data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        if password:
            # Checked again with the name and address the account gets: not a password like them.
            person = get_user_model()(
                email=self.email,
                first_name=cleaned_data.get("first_name", ""),
                last_name=cleaned_data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


# Coordinators' forms in the Wagtail admin


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = NameField(label=_("First name"), required=False)
    last_name = NameField(label=_("Last name"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=Profile.Language.choices,
        initial=Profile.Language.FINNISH,
        help_text=_("For someone without an account; a person with one is written to in their own language."),
    )


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "organisation", "sector", "joined_on", "left_on"]
        widgets = {"joined_on": _date_widget(), "left_on": _date_widget()}
        help_texts = {"left_on": _("A member leaves the group on this day; their history stays.")}

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import display_name
from certificates.names import NameField
from courses.models import Municipality, Organisation
from lms.identifiers import primary_keys
from lms.validators import validate_programme_date

from .models import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, Agreement, Mentee


class MenteeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, mentee):
        return display_name(mentee.user)

    def _check_values(self, value):
        # Django asks the database about every value: one past 64 bits cannot even be bound (SQLite
        # raised OverflowError, a 500). Refused here as any other value that is no mentee's.
        values = list(value) if isinstance(value, (list, tuple)) else value
        if isinstance(values, list):
            for pk in values:
                if not primary_keys([str(pk)]):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(values)


class SessionForm(forms.Form):
    """A session's date, time, length, topic, place and who took part (or is expected).

    `delivered` picks the fields: a planned session has a planned length; a logged one its
    duration, a summary for those who took part and the mentor's own notes. The length's bounds are
    the service's rules as well; the form checks them first so the message appears by the field.
    """

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_programme_date],
    )
    time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    planned_minutes = forms.IntegerField(
        label=_("Planned length (minutes)"), min_value=MIN_SESSION_MINUTES, max_value=MAX_SESSION_MINUTES, initial=90
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_SESSION_MINUTES,
        max_value=MAX_SESSION_MINUTES,
        help_text=_("How long the session actually lasted."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=300)
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    participants = MenteeChoiceField(
        label=_("Who took part"), queryset=Mentee.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("Summary for the participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed and agreed. Those who took part see it on their mentoring page."),
    )
    notes = forms.CharField(
        label=_("Working notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you see these: not the participants, not the coordinators."),
    )

    def __init__(self, *args, agreement: Agreement, delivered: bool, mentees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.delivered = delivered
        participants = self.fields["participants"]
        participants.queryset = mentees if mentees is not None else agreement.mentees.select_related("user")
        if delivered:
            del self.fields["planned_minutes"]
        else:
            participants.label = _("Who is expected")
            for name in ("duration_minutes", "summary", "notes"):
                del self.fields[name]

    @classmethod
    def initial_from(cls, session, *, delivered: bool) -> dict:
        """The form's initial values from a session; a planned session being logged offers its
        planned length as the duration."""
        local = timezone.localtime(session.starts_at)
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "topic": session.topic,
            "place": session.place,
            "participants": [mentee.pk for mentee in session.participants.all()],
        }
        if delivered:
            initial.update(
                duration_minutes=session.duration_minutes or session.planned_minutes,
                summary=session.summary,
                notes=session.notes,
            )
        else:
            initial["planned_minutes"] = session.planned_minutes
        return initial

    @property
    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))

    def session_fields(self) -> dict:
        """The keyword arguments of plan_session / reschedule_session or log_session."""
        data = self.cleaned_data
        fields = {
            "starts_at": self.starts_at,
            "topic": data["topic"],
            "place": data["place"].strip(),
            "participants": list(data["participants"]),
        }
        if self.delivered:
            fields.update(duration_minutes=data["duration_minutes"], summary=data["summary"], notes=data["notes"])
        else:
            fields["planned_minutes"] = data["planned_minutes"]
        return fields


class PersonForm(forms.Form):
    """A person by email; the names are used only when an account has to be made for them."""

    email = forms.EmailField(label=_("Email"))
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))


class AgreementForm(forms.Form):
    mentor_email = forms.EmailField(
        label=_("Mentor's email"),
        help_text=_("The mentor's account is found by this email; for anyone else an account is made."),
    )
    mentor_first_name = NameField(label=_("Mentor's first name"))
    mentor_last_name = NameField(label=_("Mentor's last name"))
    team = forms.CharField(
        label=_("Team or persons"), max_length=200, help_text=_("For example: Pori family social work, team 2.")
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.select_related("region"), required=False
    )
    # A date input's value is always ISO, whatever the language's own date format.
    starts_on = forms.DateField(
        label=_("Period starts"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_programme_date],
    )
    ends_on = forms.DateField(
        label=_("Period ends"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_programme_date],
    )
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 5}))
    planned_hours = forms.DecimalField(
        label=_("Planned hours"), min_value=Decimal("0.5"), max_digits=6, decimal_places=1, max_value=9999
    )

    @classmethod
    def initial_from(cls, agreement: Agreement) -> dict:
        mentor = agreement.mentor
        return {
            "mentor_email": mentor.email,
            "mentor_first_name": mentor.first_name,
            "mentor_last_name": mentor.last_name,
            "team": agreement.team,
            "organisation": agreement.organisation_id,
            "municipality": agreement.municipality_id,
            "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on,
            "goals": agreement.goals,
            "planned_hours": agreement.planned_hours,
        }

    def clean(self):
        cleaned_data = super().clean()
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned_data

    def agreement_fields(self) -> dict:
        """The keyword arguments of create_agreement / update_agreement, but the mentor."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("team", "goals", "starts_on", "ends_on", "planned_hours", "organisation", "municipality")
        }


class AgreementSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

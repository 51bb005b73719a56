from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from certificates.names import NameField
from courses.models import Municipality, Sector
from home.translation import current_language

from .models import Profile
from .selectors import profile_for
from .services import record_privacy_consent, update_profile


def autocomplete_input(purpose: str) -> forms.TextInput:
    """A text field about the person filling it in, with its purpose (WCAG 1.3.5): the browser
    offers what it knows of them, and assistive technology can say what the field is for."""
    return forms.TextInput(attrs={"autocomplete": purpose})


def _privacy_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I have read the"),
        reverse_lazy("accounts:privacy"),
        _("privacy notice"),
    )


class SignupForm(forms.Form):
    """allauth's sign-up with the person's name, language and consent to the privacy notice."""

    # allauth puts these fields before its own; consent reads best last, just above the button.
    field_order = ["first_name", "last_name", "email", "password1", "password2", "privacy_consent"]

    first_name = NameField(label=_("First name"), widget=autocomplete_input("given-name"))
    last_name = NameField(label=_("Last name"), widget=autocomplete_input("family-name"))
    privacy_consent = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={"required": _("Please read and accept the privacy notice to create an account.")},
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
        profile = profile_for(user)
        language = (get_language() or "fi")[:2]
        if language in Profile.Language.values:
            profile.preferred_language = language
            profile.save(update_fields=["preferred_language"])
        record_privacy_consent(profile)


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.region.name})"


class ProfileForm(forms.Form):
    first_name = NameField(label=_("First name"), widget=autocomplete_input("given-name"))
    last_name = NameField(label=_("Last name"), widget=autocomplete_input("family-name"))
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("For example: Porin kaupunki, perhesosiaalityö"),
        widget=autocomplete_input("organization"),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.select_related("region").order_by("name_fi")
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.order_by("sort_order", "name_fi"))
    job_title = forms.CharField(label=_("Job title"), max_length=200, widget=autocomplete_input("organization-title"))
    preferred_language = forms.ChoiceField(
        label=_("Language for emails"), choices=Profile.Language.choices, initial=Profile.Language.FINNISH
    )

    def __init__(self, *args, profile: Profile, **kwargs):
        self.profile = profile
        initial = {
            "first_name": profile.user.first_name,
            "last_name": profile.user.last_name,
            "organisation": profile.organisation,
            "municipality": profile.municipality_id,
            "sector": profile.sector_id,
            "job_title": profile.job_title,
            "preferred_language": profile.preferred_language,
        }
        super().__init__(*args, initial=initial, **kwargs)
        # Sorted by the name the reader sees: "Björneborg" belongs under B in Swedish.
        self.fields["municipality"].queryset = Municipality.objects.select_related("region").order_by(
            f"name_{current_language()}", "name_fi"
        )

    def save(self) -> Profile:
        return update_profile(self.profile, **self.cleaned_data)

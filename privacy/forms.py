from django import forms
from django.utils.translation import gettext_lazy as _


class EraseOwnAccountForm(forms.Form):
    """The person confirms with their password (if they have one) and a tick: erasing cannot be undone."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data are erased for good."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."), code="password")
        return password


class ErasePersonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How and when the person asked, for the audit log."),
    )
    confirm = forms.BooleanField(label=_("Erase this person's personal data for good."), required=True)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), max_length=100, required=False)

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "").strip()

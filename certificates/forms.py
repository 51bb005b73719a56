from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import normalise_code
from .names import NameField


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("16 letters and digits, printed on the certificate, for example 7K3M-9QX2-ABCD-EFGH."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("This is not a verification code. Check it against the certificate."))
        return code


class RevokeForm(forms.Form):
    # The service requires the reason and says so when it is missing.
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Kept for coordinators; the verification page says only that the certificate is revoked."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReissueForm(forms.Form):
    name = NameField(
        lines=2,
        label=_("Name on the new certificate"),
        required=False,
        help_text=_("Leave empty to print the name in the person's profile now."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Kept for coordinators; the old certificate's page says a newer one replaces it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

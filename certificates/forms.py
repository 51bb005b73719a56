from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import normalise_code


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

"""allauth's log-in form as the site uses it. Apart from accounts/forms.py, which allauth imports to
build its sign-up form: importing allauth's forms there would be circular."""

from django import forms

from allauth.account.forms import LoginForm as AllauthLoginForm

# The id templates/includes/form_fields.html gives a form's own errors.
NON_FIELD_ERRORS_ID = "non-field-errors"


class LoginForm(AllauthLoginForm):
    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # A refused address and password are one error of the form, not of either field: which
            # of the two is wrong is not told. Both are marked invalid, described by that error.
            for name in ("login", "password"):
                described_by = " ".join(filter(None, [NON_FIELD_ERRORS_ID, self[name].aria_describedby]))
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": described_by})
            raise

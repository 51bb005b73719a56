"""allauth's own forms as the site uses them (ACCOUNT_FORMS). A module of their own: allauth's forms
module imports accounts.forms (the sign-up's extra fields) as it loads, so subclasses of its forms
there would be circular.

Log-in: a refused address and password are one error of the form, marked on both fields.

Sign-up and password reset: an address that is only claimed must not count.
allauth looks accounts up by address whether or not it is verified, so whoever adds a stranger's
address to their own account first would block its owner from signing up and be sent the password
reset the owner asks for. Here an address counts for the accounts it names: the one it is verified
on, else those nobody can enter but through it (accounts.selectors.accounts_for_address).
"""

from django import forms

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm

from .selectors import accounts_for_address

# The id templates/includes/form_fields.html gives a form's own errors.
NON_FIELD_ERRORS_ID = "non-field-errors"


class LoginForm(AllauthLoginForm):
    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # Which of the two is wrong is not told: both are marked invalid, described by the
            # form's one error.
            for name in ("login", "password"):
                described_by = " ".join(filter(None, [NON_FIELD_ERRORS_ID, self[name].aria_describedby]))
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": described_by})
            raise


class SignupForm(AllauthSignupForm):
    def validate_unique_email(self, value) -> str:
        # As allauth does with enumeration prevention and mandatory verification: an address that
        # has an account is sent an "account already exists" email instead of being told here.
        self.account_already_exists = bool(accounts_for_address(value))
        return get_adapter().validate_unique_email(value)


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in accounts_for_address(email) if user.is_active]
        return email

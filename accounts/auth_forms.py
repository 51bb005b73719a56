"""allauth's own forms where an address that is only claimed must not count. A module of their
own: allauth's forms module imports accounts.forms (the sign-up's extra fields) as it loads.

allauth looks accounts up by address whether or not it is verified, so whoever adds a stranger's
address to their own account first would block its owner from signing up and be sent the password
reset the owner asks for. Here an address counts for the accounts it names: the one it is verified
on, else those nobody can enter but through it (accounts.selectors.accounts_for_address).
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm

from .selectors import accounts_for_address


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

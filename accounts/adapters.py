from allauth.mfa.adapter import DefaultMFAAdapter

from .permissions import must_use_two_factor


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Whoever must use a second factor (accounts.permissions) keeps it: it can be replaced
        (recovery codes, a new app after losing a phone, by an administrator), not switched off."""
        return not must_use_two_factor(authenticator.user)

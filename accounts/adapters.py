from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from lms.emails import base_context

from .permissions import must_use_two_factor


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails on the site's one base (lms/emails.py): its account/email/base_message.txt
        extends templates/email/base.txt, which greets the person by name where there is one and
        signs with the portal's name, never with the host the request came to."""
        super().send_mail(template_prefix, email, {**base_context(), "person": context.get("user"), **context})


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Whoever must use a second factor (accounts.permissions) keeps it: it can be replaced
        (recovery codes, a new app after losing a phone, by an administrator), not switched off."""
        return not must_use_two_factor(authenticator.user)

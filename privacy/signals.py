"""When the rules of services.py apply; the rules themselves live there."""

from django.dispatch import receiver

from allauth.account.signals import email_confirmed

from .services import take_over_placeholders


@receiver(email_confirmed)
def take_over_on_confirmation(sender, request, email_address, **kwargs):
    """Confirming an address proves its inbox: whatever a placeholder was given for it is the
    owner's now. allauth sends this for every confirmation, by link or by code."""
    take_over_placeholders(email_address.user, email=email_address.email)

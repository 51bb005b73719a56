"""Django's and allauth's signals the accounts app answers; the rules live in services.py."""

from django.dispatch import receiver

from allauth.account.signals import password_reset

from .services import confirm_sole_address


@receiver(password_reset)
def confirm_the_address_the_reset_went_to(sender, request, user, **kwargs):
    confirm_sole_address(user, request=request)

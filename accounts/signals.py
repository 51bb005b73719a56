"""Django's and allauth's signals the accounts app answers; the rules live in services.py."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver

from allauth.account.signals import password_reset

from .services import confirm_sole_address


@receiver(pre_save, sender=get_user_model())
def keep_the_address_in_lower_case(sender, instance, **kwargs):
    """Addresses are case-insensitive, and allauth finds an account by its address in lower case:
    an account saved with capitals in it (the Wagtail and Django admins' user forms keep what was
    typed) could never log in."""
    instance.email = instance.email.lower()


@receiver(password_reset)
def confirm_the_address_the_reset_went_to(sender, request, user, **kwargs):
    confirm_sole_address(user, request=request)

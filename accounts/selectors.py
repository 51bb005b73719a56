from django.utils.translation import gettext as _

from .models import Profile


def profile_for(user) -> Profile:
    """The person's profile, made on first use (accounts created in the admin have none yet)."""
    profile, _created = Profile.objects.select_related("user", "municipality", "sector").get_or_create(user=user)
    return profile


def display_name(user) -> str:
    """How the site names a person: their full name, else their email (allauth's ACCOUNT_USER_DISPLAY).
    An erased account has neither (privacy.services.erase_person)."""
    return user.get_full_name() or user.email or _("Erased person")


def name_with_address(user) -> str:
    """ "Tiina Kouluttaja (tiina@example.fi)": a person picked from a list, where two may share a name."""
    name = user.get_full_name()
    return f"{name} ({user.email})" if name and user.email else display_name(user)

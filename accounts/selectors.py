from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from .models import Profile


def profile_for(user) -> Profile:
    """The person's profile, made on first use (accounts created in the admin have none yet)."""
    profile, _created = Profile.objects.select_related("user", "municipality", "sector").get_or_create(user=user)
    return profile


def display_name(user) -> str:
    """How the site names a person: their full name, else their email (allauth's ACCOUNT_USER_DISPLAY).
    An erased account has neither (privacy.services.erase_person)."""
    return user.get_full_name() or user.email or _("Erased person")


# Who an email address names. Anyone can put any address on their own account, unverified (allauth's
# Email addresses page, or a sign-up never confirmed), so an address names the one account it is
# verified on (allauth keeps a verified address unique) and nobody else. Case never tells two
# addresses apart.


def verified_owner(email: str):
    """The account this address is verified on, or None."""
    address = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True).select_related("user").first()
    return address.user if address else None


def accounts_opened_only_by(email: str):
    """The accounts that nobody can enter but through this address, none of it verified: each holds
    this address and no other (a sign-up never confirmed, an account a coordinator made for it, one
    made in an admin). Whoever proves the inbox may take one of them over; an account that also holds
    another address is entered through that one and is only claiming this address."""
    email = email.strip()
    others = EmailAddress.objects.filter(user=OuterRef("pk")).filter(Q(verified=True) | ~Q(email__iexact=email))
    return get_user_model().objects.filter(is_active=True, email__iexact=email).exclude(Exists(others)).order_by("pk")


def accounts_for_address(email: str) -> list:
    """The accounts a sign-up with this address would duplicate and a password reset for it may
    open: its verified owner, else the accounts only it opens. Never one that merely claims it."""
    owner = verified_owner(email)
    return [owner] if owner is not None else list(accounts_opened_only_by(email))


def placeholders_for(email: str):
    """The accounts made for this address by a coordinator or a trainer (adding someone by hand, a
    walk-in, a mentee or mentor) before its owner had verified it anywhere: no password, nothing
    verified. The owner takes one over by verifying the address (accounts.services.get_or_create_person)."""
    return accounts_opened_only_by(email).filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)


def addresses_of(user) -> set[str]:
    """The addresses that name this person: those verified on the account, and a placeholder's own.
    An address the account only claims names somebody else, or nobody yet."""
    verified = {
        a.lower() for a in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }
    if user.email and placeholders_for(user.email).filter(pk=user.pk).exists():
        verified.add(user.email.lower())
    return verified


def name_with_address(user) -> str:
    """ "Tiina Kouluttaja (tiina@example.fi)": a person picked from a list, where two may share a name."""
    name = user.get_full_name()
    return f"{name} ({user.email})" if name and user.email else display_name(user)

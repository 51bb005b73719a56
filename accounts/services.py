from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress

from .models import PRIVACY_NOTICE_VERSION, Profile, new_feed_token
from .selectors import placeholders_for, verified_owner


def record_privacy_consent(profile: Profile) -> Profile:
    profile.privacy_consent_at = timezone.now()
    profile.privacy_notice_version = PRIVACY_NOTICE_VERSION
    profile.save(update_fields=["privacy_consent_at", "privacy_notice_version"])
    return profile


@transaction.atomic
def update_profile(profile: Profile, *, first_name: str, last_name: str, **fields) -> Profile:
    user = profile.user
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile.save()
    return profile


def reset_feed_token(profile: Profile) -> Profile:
    """A new secret for the calendar feed: the old address stops working at once."""
    profile.feed_token = new_feed_token()
    profile.save(update_fields=["feed_token"])
    return profile


@transaction.atomic
def get_or_create_person(*, email: str, first_name: str, last_name: str):
    """The person this email address names, or a placeholder account a coordinator (or a trainer)
    makes for them.

    An existing account is returned as it is: its name and profile are the person's own. A
    placeholder has no usable password and an unverified address. Its owner takes it over by
    proving the inbox: "forgot password" and then confirming the address like anyone signing up,
    or a developer-group invitation's link; or they confirm the address on an account of their
    own, which then takes over what the placeholder was given (privacy.services.take_over_placeholders).
    """
    email = email.strip().lower()
    if existing := person_with_email(email):
        return existing
    first_name, last_name = first_name.strip(), last_name.strip()
    user = get_user_model()(
        email=email,
        first_name=first_name,
        last_name=last_name,
        # The same username allauth would give at sign-up; log-in is by email, never by username.
        username=get_adapter().generate_unique_username([first_name, last_name, email, "user"]),
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


def person_with_email(email: str):
    """The account this email address names, or None: the one it is verified on, else the
    placeholder made for it. Never an account that only claims it (anyone can add any address to
    their own account, unverified, and would otherwise be given someone else's place)."""
    return verified_owner(email) or placeholders_for(email).first()


def confirm_sole_address(user, *, request) -> EmailAddress | None:
    """After a password reset: an account with a single address, none of it verified (a placeholder,
    a sign-up never confirmed), was sent its reset link at that address and nowhere else
    (accounts.auth_forms), so opening the link proved the inbox, and the address counts as
    confirmed. Otherwise allauth would send a confirmation to the same inbox at the next log-in,
    and its limit of one such email in three minutes, used up by a sign-up attempt that found the
    account, would leave the person waiting for an email that never comes. Confirming takes over any
    other placeholder made for the address (privacy.services.take_over_placeholders)."""
    addresses = list(EmailAddress.objects.filter(user=user))
    if not addresses and user.email:  # made in an admin: allauth has no address of it yet
        addresses = [EmailAddress.objects.create(user=user, email=user.email.lower(), primary=True)]
    if len(addresses) != 1 or addresses[0].verified:
        return None
    get_adapter(request).confirm_email(request, addresses[0])
    return addresses[0]

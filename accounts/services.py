from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress

from .models import PRIVACY_NOTICE_VERSION, Profile, new_feed_token


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
    """The account with this email address, or a new one a coordinator makes for someone.

    An existing account is returned as it is: its name and profile are the person's own. A new
    account has no usable password and an unverified address: to log in, the person sets a
    password through "forgot password", confirms the address like anyone signing up, and
    completes the profile.
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
    """The account this email address belongs to, or None."""
    # allauth's addresses first (a verified one wins), then the account's own field, which accounts
    # made in the Django admin may be the only one to have; case never tells two people apart.
    address = (
        EmailAddress.objects.filter(email__iexact=email).select_related("user").order_by("-verified", "pk").first()
    )
    if address:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).order_by("pk").first()

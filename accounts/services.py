from django.db import transaction
from django.utils import timezone

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

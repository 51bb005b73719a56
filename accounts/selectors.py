from .models import Profile


def profile_for(user) -> Profile:
    """The person's profile, made on first use (accounts created in the admin have none yet)."""
    profile, _created = Profile.objects.select_related("user", "municipality", "sector").get_or_create(user=user)
    return profile

"""Who must protect their account with a second factor."""

from django.conf import settings

COORDINATORS = "Coordinators"


def must_use_two_factor(user) -> bool:
    """Coordinators (and superusers) see and change everyone's records: their accounts need an
    authenticator app as well as the password. Trainers and editors may use one; nobody else is
    asked."""
    if not (settings.COORDINATORS_MUST_USE_TWO_FACTOR and user.is_authenticated):
        return False
    return user.is_superuser or user.groups.filter(name=COORDINATORS).exists()

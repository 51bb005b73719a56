"""Who must protect their account with a second factor."""

from django.conf import settings
from django.core.cache import cache

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

COORDINATORS = "Coordinators"

# The permissions that open other people's records, or hand out access to them: personal data,
# reports, the audit log, enrolment lists, certificates, developer groups' and mentoring's people,
# and the user admin (whoever may change users or groups may give themselves any of the others).
SENSITIVE_PERMISSIONS = frozenset(
    {
        "privacy.manage_personal_data",
        "reports.view_reports",
        "audit.view_entry",
        *(f"enrolment.{action}_enrolment" for action in ("add", "change", "view")),
        *(f"certificates.{action}_certificate" for action in ("add", "change", "view")),
        *(f"certificates.{action}_issuebatch" for action in ("add", "change", "view")),
        *(f"developer_groups.{action}_developergroup" for action in ("add", "change", "view")),
        *(f"mentoring.{action}_{model}" for action in ("add", "change", "view") for model in ("agreement", "mentee")),
        *(f"auth.{action}_user" for action in ("add", "change", "delete", "view")),
        *(f"auth.{action}_group" for action in ("add", "change", "delete")),
    }
)

# The answer is kept per person until their groups, permissions, staff status or authenticators
# change (accounts.signals forgets it then); the timeout only bounds a change made where no signal
# is sent, such as a permission deleted with its rows, or a forgetting lost while Redis was down.
ANSWER_SECONDS = 15 * 60


def must_use_two_factor(user) -> bool:
    """Whoever may see or change other people's records needs an authenticator app as well as the
    password: staff and superusers, and every holder of a sensitive permission, through any group
    or on their own; a group's name decides nothing. Trainers and editors may use one."""
    if not (settings.COORDINATORS_MUST_USE_TWO_FACTOR and user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return not SENSITIVE_PERMISSIONS.isdisjoint(user.get_all_permissions())


def answer_key(user_pk) -> str:
    return f"accounts:must-set-up-second-factor:{user_pk}"


def must_set_up_second_factor(user) -> bool:
    """Whether the person must use a second factor and has no authenticator app yet. Asked on every
    request (accounts.middleware), so answered from the cache, without a query."""
    key = answer_key(user.pk)
    answer = cache.get(key)
    if answer is None:
        answer = must_use_two_factor(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        cache.set(key, answer, ANSWER_SECONDS)
    return answer


def forget_second_factor_answers(user_pks) -> None:
    cache.delete_many([answer_key(pk) for pk in user_pks])

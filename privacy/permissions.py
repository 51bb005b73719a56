"""Who may erase whose data; used by views and templates alike."""

from django.utils.translation import gettext_lazy as _

from accounts.permissions import COORDINATORS
from accounts.roles import TRAINERS


def can_manage_personal_data(user) -> bool:
    """Coordinators: hand a person a copy of their data and erase it at their request."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("privacy.manage_personal_data")))


def why_not_self_erase(user) -> str:
    """Why this person cannot erase their own account online ("" if they can). Staff accounts
    hold other people's records (rosters, groups, agreements, the audit log's authors): a
    coordinator erases them once their duties have been handed over."""
    from django.utils import timezone

    from developer_groups.models import Membership
    from mentoring.models import Agreement

    today = timezone.localdate()
    if user.is_staff or user.is_superuser or user.groups.filter(name__in=[COORDINATORS, TRAINERS]).exists():
        return str(_("Your account has staff duties. Ask a coordinator to erase it once they have been handed over."))
    if Agreement.objects.filter(mentor=user, ends_on__gte=today).exists():
        return str(_("You are the mentor of a running mentoring agreement. Ask a coordinator to erase your account."))
    if (
        Membership.objects.current(today)
        .filter(user=user, group__ends_on__gte=today, role__in=[Membership.Role.FACILITATOR, Membership.Role.CONTACT])
        .exists()
    ):
        return str(_("You facilitate a developer group. Ask a coordinator to erase your account."))
    return ""

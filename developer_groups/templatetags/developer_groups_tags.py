from django import template

from developer_groups.models import Membership

register = template.Library()


@register.filter
def in_a_group(user) -> bool:
    """`{% if user|in_a_group %}`: one query, and none for a visitor who is not logged in."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, left_on__isnull=True).exists()

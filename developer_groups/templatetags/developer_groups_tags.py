from django import template

from developer_groups.models import DeveloperGroupIndexPage, Membership

register = template.Library()


@register.filter
def in_a_group(user) -> bool:
    """`{% if user|in_a_group %}`: one query, and none for a visitor who is not logged in."""
    if not user.is_authenticated:
        return False
    return Membership.objects.current().filter(user=user).exists()


@register.simple_tag
def developer_groups_page():
    """The published page listing the developer groups, for a link to it; None if there is none."""
    return DeveloperGroupIndexPage.objects.live().only("url_path").first()

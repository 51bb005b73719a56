from django import template

from attendance import permissions

register = template.Library()


@register.filter
def trains_a_course(user) -> bool:
    """`{% if user|trains_a_course %}`: one query, and none for a visitor who is not logged in."""
    return permissions.trains_a_course(user)

from django import template

from mentoring.models import Agreement, Mentee

register = template.Library()


@register.filter
def in_mentoring(user) -> bool:
    """`{% if user|in_mentoring %}`: whether the person mentors or is mentored; none for a visitor."""
    if not user.is_authenticated:
        return False
    return Agreement.objects.filter(mentor=user).exists() or Mentee.objects.filter(user=user).exists()

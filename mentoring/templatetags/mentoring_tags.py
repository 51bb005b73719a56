from decimal import Decimal

from django import template

from certificates.content import hours as minutes_as_hours
from mentoring.models import Agreement, Mentee

register = template.Library()


@register.filter
def in_mentoring(user) -> bool:
    """`{% if user|in_mentoring %}`: whether the person mentors or is mentored; none for a visitor."""
    if not user.is_authenticated:
        return False
    return Agreement.objects.filter(mentor=user).exists() or Mentee.objects.filter(user=user).exists()


@register.filter
def hours(minutes) -> Decimal:
    """`{{ minutes|hours|floatformat:"-1" }}`: minutes as hours to the nearest tenth, rounded as the
    attestations round them, so a page and an attestation never disagree."""
    return minutes_as_hours(minutes or 0)

from django import template

from accounts.selectors import display_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A person as the site names them ("Erased person" once their data is erased)."""
    return display_name(user)

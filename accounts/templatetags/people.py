from django import template

from accounts.selectors import display_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A person as the site names them ("Erased person" once their data is erased); "" for nobody
    (a record whose author's account is gone)."""
    return display_name(user) if user is not None else ""


@register.filter
def public_names(users) -> list[str]:
    """The full names of people shown on public pages (an offering's trainers): never an email,
    and nobody without a name or whose data is erased."""
    return [name for name in (" ".join(user.get_full_name().split()) for user in users) if name]

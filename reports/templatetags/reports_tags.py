from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def figure(value) -> str:
    """A figure as the tables show it: in the active language's format, with a decimal only where
    it has one; "–" where there is nothing to show (an attendance rate without marks). A filter, not
    an include: the tables have hundreds of cells."""
    if value is None:
        return "–"
    return floatformat(value, -1)

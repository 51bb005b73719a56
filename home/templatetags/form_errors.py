"""The error summary of every page of the site: what each bound form on the page refused, with a link
to the control to correct, and the count at the head of the page's title (base.html)."""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.html import strip_tags
from django.utils.translation import ngettext

register = template.Library()


@dataclass(frozen=True)
class FormError:
    message: str
    label: str  # the field's label ("" for the form as a whole): a roster's row is named by its person
    target: str  # the id of the control the summary links to ("" for none)


def _target(bound_field) -> str:
    if bound_field.is_hidden:
        return ""
    # A group of radios or checkboxes has no one control for its label: the first of them.
    return bound_field.id_for_label or next((widget.id_for_label for widget in bound_field.subwidgets), "")


def _first_control(form) -> str:
    return next((_target(form[name]) for name in form.fields if not form[name].is_hidden), "")


def _form_errors(form) -> list[FormError]:
    errors = [FormError(str(message), "", _first_control(form)) for message in form.non_field_errors()]
    for name in form.fields:
        field = form[name]
        # As text: the summary's entry is a link itself (the privacy consent's label holds one).
        label = strip_tags(str(field.label or ""))
        errors += [FormError(str(message), label, _target(field)) for message in field.errors]
    return errors


def _forms(context):
    seen = set()
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate a lazy object (the user, the catalogue's
        # address) only to learn that it is not a form.
        if not issubclass(type(value), BaseForm | BaseFormSet) or id(value) in seen:
            continue
        seen.add(id(value))
        if value.is_bound and not getattr(value, "shows_own_errors", False):
            yield value


def errors_on_page(context) -> list[FormError]:
    """Every error of every bound form in the template's context, form by form in field order (a
    formset's own errors before its forms'). A form that reports its errors otherwise (the
    catalogue's filters, left out beside the results) sets `shows_own_errors`."""
    errors = []
    for found in _forms(context):
        forms = found.forms if isinstance(found, BaseFormSet) else [found]
        if isinstance(found, BaseFormSet) and forms:
            errors += [FormError(str(message), "", _first_control(forms[0])) for message in found.non_form_errors()]
        for form in forms:
            errors += _form_errors(form)
    return errors


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    return {"errors": errors_on_page(context)}


@register.simple_tag(takes_context=True)
def error_title(context) -> str:
    """The count of errors before the page's title ("Virhe (2): …") while it shows them: a screen
    reader says it first."""
    count = len(errors_on_page(context))
    if not count:
        return ""
    return ngettext("Error (%(count)d): ", "Errors (%(count)d): ", count) % {"count": count}

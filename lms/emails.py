"""Every email the site sends is made here, on one base template (templates/email/base.txt): it
greets the person, leaves the email's own template to fill its `content` block, and signs as the
programme, naming the portal (PORTAL_NAME) and its address. django-allauth's emails take the same
base (accounts.adapters.AccountAdapter). A new email is a template that extends the base and fills
`content` (and, when the greeting is not "Hello <first name>,", `greeting`), and a subject template.

Render inside the language the email is written in (translation.override)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .links import absolute


def base_context() -> dict:
    """What the base template names besides the email's own context: the portal and its front page
    in the active language."""
    return {"portal_name": settings.PORTAL_NAME, "portal_url": absolute(f"/{get_language()}/")}


def make_email(template: str, context: dict, *, to: str) -> EmailMultiAlternatives:
    """The email of `template` (`<template>.txt`, `<template>_subject.txt`) to one address."""
    context = {**base_context(), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to])

"""Shared by the property tests: each generated example runs in a savepoint that is rolled back, on
an empty cache (so the rate limits of one example do not answer for the next) and with a new
client, and the rows it may not touch are counted before and after."""

from contextlib import contextmanager

from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client


@contextmanager
def example(user=None):
    """One example's world: a savepoint rolled back at the end, an empty cache and outbox, and a
    client logged in as `user`, if given."""
    cache.clear()
    mail.outbox = []
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        yield client
        transaction.set_rollback(True)


def rows(*models) -> dict:
    """How many rows each model has: compared before and after a refused input."""
    return {model._meta.label: model.objects.count() for model in models}

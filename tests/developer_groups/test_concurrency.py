"""Presses of "create the account and join" arriving at once, on PostgreSQL with real row locks.

A phone's double tap, or a reload while the first request is under way, sends the same invitation
twice. Each thread has its own connection, as each gunicorn worker would. Looking up the invited
address is slowed in both runs so that the race is certain; only the invitation's row lock
differs, so the control run proves the test can fail: without the lock every press gets past the
checks and all but one fail on the username's unique constraint.
"""

import time

from django.contrib.auth import get_user_model
from django.db import IntegrityError

import pytest

from developer_groups import services
from developer_groups.models import Invitation, Membership
from tests.concurrency import run_at_once
from tests.factories import DeveloperGroupFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


@pytest.fixture
def slow_lookup(monkeypatch):
    real = services.person_with_email

    def looked_up_slowly(email):
        person = real(email)
        time.sleep(0.05)
        return person

    monkeypatch.setattr(services, "person_with_email", looked_up_slowly)


@pytest.fixture
def invitation(db):
    group = DeveloperGroupFactory()
    return services.invite(group, email="aino@example.fi", by=None)


def accept(invitation):
    return services.accept_with_new_account(
        invitation, first_name="Aino", last_name="Aalto", password="kehittaja-2026!", language="fi"
    )


def test_five_presses_at_once_make_one_account_and_one_membership(invitation, slow_lookup):
    results, errors = run_at_once([lambda: accept(invitation)] * 5)

    assert len(results) == 1, errors
    assert len(errors) == 4
    assert {error.code for error in errors} == {"used"}
    assert get_user_model().objects.filter(email="aino@example.fi").count() == 1
    assert Membership.objects.count() == 1


def test_without_the_invitations_lock_the_presses_race_into_database_errors(invitation, slow_lookup, monkeypatch):
    monkeypatch.setattr(services, "_locked_invitation", lambda pk: Invitation.objects.get(pk=pk))

    results, errors = run_at_once([lambda: accept(invitation)] * 5)

    # The username's unique constraint still keeps it to one account, but the other presses fail
    # with a database error (a server error for the person) instead of "already used".
    assert get_user_model().objects.filter(email="aino@example.fi").count() == 1
    assert any(isinstance(error, IntegrityError) for error in errors), errors

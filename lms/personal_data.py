"""What the portal keeps about a person, declared by each app beside its own models; privacy/ runs
the declarations for the person's download, erasure and the daily retention.

An app that keeps something about a person (a model with a foreign key to the account, or text
someone wrote about them) says so in its `personal_data.py`: which models, what of them goes into
the person's download, and what erasure does to them, side by side, as pretix's data shredders do.
Its AppConfig names the declaration: `personal_data = "enrolment.personal_data.EnrolmentData"`.
tests/privacy/test_declarations.py fails when a model that holds a person is declared by no app.

Declarations run in INSTALLED_APPS order for the download (the order of data.json's sections) and
in the reverse order for erasure: what hangs on the account goes first, the account itself last.
"""

import datetime as dt
import functools
from collections.abc import Iterator

from django.apps import apps
from django.db.models import Q
from django.utils.module_loading import import_string


def iso(value) -> str | None:
    """A date or time as data.json writes it: ISO 8601, for programs; None when unset."""
    return value.isoformat() if value else None


class PersonalData:
    """One app's declaration. Each method does nothing by default: an app writes those that apply."""

    # "app_label.ModelName" of each model that holds a person or what was written about them. A
    # model listed here whose data neither goes into the download nor is erased says why where it
    # is listed.
    models: tuple[str, ...] = ()

    def export(self, user) -> dict:
        """The person's sections of data.json, by key, in the order they are shown. Fixed English
        keys; words (statuses, roles) in the active language. A constant number of queries."""
        return {}

    def files(self, user) -> Iterator[tuple[str, bytes]]:
        """Files that go into the download beside data.json: (path in the ZIP, content)."""
        return iter(())

    def has_records(self, user) -> bool:
        """Whether the person is in this app's records, which the funder's figures count: such an
        account is erased, never deleted."""
        return False

    def in_use_since(self, day: dt.date) -> list[Q]:
        """Conditions on the user model, each true of someone with something here running on or
        after `day` (a training, a group, an agreement): their account is not unused."""
        return []

    def erase(self, user, *, by, today: dt.date) -> None:
        """Anonymise what names the person or was written about them; keep what the funder counts.
        `by` erases (None: the retention schedule), on `today` for every app alike. Runs inside the
        erasure's transaction; running it twice changes nothing."""

    def expire(self, now: dt.datetime) -> dict[str, int]:
        """Delete what is kept no longer than needed (the daily retention run); how many, by name."""
        return {}


@functools.cache
def declarations() -> tuple[PersonalData, ...]:
    """Every app's declaration, in INSTALLED_APPS order."""
    return tuple(
        import_string(config.personal_data)()
        for config in apps.get_app_configs()
        if getattr(config, "personal_data", None)
    )

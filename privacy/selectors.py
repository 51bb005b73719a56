"""Everything the portal keeps about one person, for them to download (the right of access), as
each app declares it (lms.personal_data).

Keys are English and fixed, so a program can read the file; values that are words (statuses,
roles) are in the language the file is made in, so a person can read it too. A constant number of
queries whatever the person has done.
"""

from django.utils import timezone

from lms.personal_data import declarations, iso


def has_records(user) -> bool:
    """Whether the person is in the programme's records (and so is erased, never deleted)."""
    return any(declaration.has_records(user) for declaration in declarations())


def personal_data(user) -> dict:
    data = {"generated_at": iso(timezone.now())}
    for declaration in declarations():
        data.update(declaration.export(user))
    return data

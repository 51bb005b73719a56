"""Permission-matrix rows of mentoring (see test_matrix.py): (name, url template, {role: status}),
with every role of roles.ALL_ROLES named."""

from .roles import ALL_ROLES  # noqa: F401

# The URL namespaces of the app: every URL name in them must be a row here.
NAMESPACES = ()

ROWS = []


def objects(people) -> dict:
    """What the rows' URL templates need, made for the matrix's people (see test_matrix.people)."""
    return {}

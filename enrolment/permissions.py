"""Who may do what with enrolments; used by the admin views, hooks and templates alike."""


def can_manage_enrolments(user) -> bool:
    """Coordinators: read every participant list, approve, move, add and cancel on someone's behalf.

    One permission for the whole area: a coordinator who may change enrolments needs to see them,
    and nobody is given one without the other.
    """
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("enrolment.change_enrolment")))

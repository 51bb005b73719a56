"""Who may see and do what in mentoring; used by views, admin views and templates alike.

The front-end pages are the mentor's and the mentees': an agreement someone neither mentors nor is
a mentee in answers 404, and so does a session they may not see. Coordinators work in the Wagtail
admin, where they see every agreement but not the mentor's working notes.
"""

from .models import Agreement, MentoringSession


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage_mentoring(user) -> bool:
    """Coordinators: every agreement, its mentees and its hours, in the admin; the permission to
    change agreements, given to the Coordinators group, covers all of it."""
    return _active(user) and (user.is_superuser or user.has_perm("mentoring.change_agreement"))


def is_mentor_of(user, agreement: Agreement) -> bool:
    return _active(user) and agreement.mentor_id == user.pk


def is_mentee_of(user, agreement: Agreement) -> bool:
    return _active(user) and agreement.mentees.filter(user_id=user.pk).exists()


def can_view_agreement(user, agreement: Agreement) -> bool:
    """Its mentor (the whole agreement) and its mentees (their own sessions only)."""
    return is_mentor_of(user, agreement) or is_mentee_of(user, agreement)


def can_log_sessions(user, agreement: Agreement) -> bool:
    """Only the agreement's mentor plans and logs its sessions."""
    return is_mentor_of(user, agreement)


def can_see_session(user, session: MentoringSession) -> bool:
    """The mentor, and a mentee who took part in (or is expected at) the session."""
    return is_mentor_of(user, session.agreement) or (
        _active(user) and session.participants.filter(user_id=user.pk).exists()
    )


def can_read_notes(user, session: MentoringSession) -> bool:
    """The working notes are the mentor's own. Participants read the session's summary instead."""
    return is_mentor_of(user, session.agreement)

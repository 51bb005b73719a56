"""Who may see and mark attendance. Someone else's session answers 404."""

from enrolment.permissions import can_manage_enrolments


def is_trainer_of(user, offering) -> bool:
    return bool(user.is_authenticated and offering.trainers.filter(pk=user.pk).exists())


def can_mark_attendance(user, session) -> bool:
    """The course's own trainers, and coordinators (who correct marks after the fact)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return can_manage_enrolments(user) or is_trainer_of(user, session.offering)


def trains_a_course(user) -> bool:
    """Whether the header shows the trainer's page: someone who trains at least one published course."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.trained_offerings.filter(live=True).exists()

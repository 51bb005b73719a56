"""Erasing a person's data, and deleting what is kept no longer than needed.

Erasure anonymises rather than deletes. The account row stays, emptied (no name, no email, no
password, inactive), so that every enrolment, attendance mark, membership and mentoring session
still points at one person: the funder's figures for past periods (people trained, by municipality
and sector, attendance, completions) stay exactly as they were. What identifies the person or was
written about them goes: names, addresses, organisation and job title, answers, remarks and
reasons, invitations, a mentor's working notes, and the certificates' PDFs. Issued certificates
stay valid and verifiable with the name withheld: an employer who holds the paper can still check
its number, training and dates, and revoking would read as a withdrawal the person never earned.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import Profile, new_feed_token
from accounts.permissions import COORDINATORS
from accounts.roles import TRAINERS
from accounts.selectors import addresses_of, placeholders_for
from attendance.models import Attendance, AttendanceChange
from audit import services as audit
from background.services import enqueue_on_commit
from certificates.models import Certificate
from developer_groups.models import Invitation, MeetingAttendance, Membership
from enrolment.models import Enrolment, EnrolmentEvent
from enrolment.services import cancel_enrolment
from mentoring.models import Agreement, Mentee, MentoringSession

from .permissions import why_not_self_erase

logger = logging.getLogger(__name__)

OWN_REQUEST, BY_COORDINATOR, INACTIVE = "own_request", "coordinator", "inactive"
# An account's last sign of life: its last log-in, or its making if it never logged in.
LAST_SEEN = Coalesce(F("last_login"), F("date_joined"))


class ErasureRefused(Exception):
    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def is_erased(user) -> bool:
    return Profile.objects.filter(user=user, erased_at__isnull=False).exists()


def erase_own_account(user) -> None:
    """The person's own request, from their data page: refused for staff (permissions)."""
    if why := why_not_self_erase(user):
        raise ErasureRefused(why, code="staff")
    erase_person(user, by=user, why=OWN_REQUEST)


def erase_for(user, *, by, reason: str) -> None:
    """A coordinator erases someone on their request (by email or letter), with a reason kept in the
    audit log. Nobody erases their own account this way, nor a superuser's."""
    if not reason.strip():
        raise ErasureRefused(_("Give a reason, such as how and when the person asked."), code="reason")
    if user.pk == by.pk:
        raise ErasureRefused(_("Erase your own account from your own data page."), code="self")
    if user.is_superuser:
        raise ErasureRefused(_("A system administrator's account is not erased here."), code="superuser")
    erase_person(user, by=by, why=BY_COORDINATOR, reason=reason)


def erase_person(user, *, by, why: str, reason: str = "") -> None:
    """Anonymise the account and everything written about the person, in one transaction.

    Places on trainings still to come are cancelled first, through the enrolment rules, so that
    the next in line gets the seat. Erasing an erased account again changes nothing.
    """
    User = get_user_model()
    today = timezone.localdate()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        if profile.erased_at:
            return
        upcoming = Enrolment.objects.filter(user=user).exclude(status=Enrolment.Status.CANCELLED)
        for enrolment in upcoming.filter(Q(offering__ends_on__gte=today) | Q(offering__ends_on__isnull=True)):
            cancel_enrolment(enrolment, by=by, reason="")

        # Invitations sent to an address the account only claims are somebody else's.
        _erase_records(user, addresses=addresses_of(user), today=today)
        _erase_account(user, profile)
        audit.record(
            audit.Action.ACCOUNT_ERASED,
            actor=by,
            subject=user,
            details={"why": why},
            reason=reason,
        )
    logger.info("Personal data of account %s erased (%s)", user.pk, why)


def take_over_placeholders(owner, *, email: str) -> int:
    """`email` has just been verified on `owner`'s account: the placeholders made for that address
    (a coordinator adding someone by hand, a mentee or a mentor, a trainer's walk-in), which its
    owner had no way to log in to, hand what they were given over to that account and close. How
    many were taken over.

    Where the account already has the same of its own (a place on the same training, a place in
    the same mentoring agreement or the other side of it), the placeholder's stays with the closed
    placeholder; a second place on a training is cancelled under the enrolment rules first, so its
    seat goes to the next in line. The closed placeholder keeps its name, so the audit log and
    whatever stayed with it still read right, but no address: nothing names or emails it again.
    """
    placeholders = list(placeholders_for(email).exclude(pk=owner.pk))
    for placeholder in placeholders:
        _take_over(placeholder, owner=owner)
    return len(placeholders)


def _take_over(placeholder, *, owner) -> None:
    User = get_user_model()
    cancelled = Enrolment.Status.CANCELLED
    with transaction.atomic():
        placeholder = User.objects.select_for_update().get(pk=placeholder.pk)
        if not placeholder.is_active:  # a confirmation that arrived twice: taken over already
            return
        own_trainings = Enrolment.objects.filter(user=owner).exclude(status=cancelled).values("offering_id")
        duplicates = Enrolment.objects.filter(user=placeholder, offering_id__in=own_trainings)
        for duplicate in duplicates.exclude(status=cancelled):
            cancel_enrolment(duplicate, by=None)
        Enrolment.objects.filter(user=placeholder).exclude(offering_id__in=own_trainings).update(user=owner)

        own_agreements = Agreement.objects.filter(Q(mentor=owner) | Q(mentees__user=owner)).values("pk")
        Mentee.objects.filter(user=placeholder).exclude(agreement__in=own_agreements).update(user=owner)
        Agreement.objects.filter(mentor=placeholder).exclude(pk__in=own_agreements).update(mentor=owner)
        # Certificates follow the place they were issued for.
        Certificate.objects.filter(subject=placeholder).filter(Q(enrolment__user=owner) | Q(mentee__user=owner)).update(
            subject=owner
        )

        EmailAddress.objects.filter(user=placeholder).delete()
        placeholder.email = ""
        placeholder.is_active = False
        placeholder.save(update_fields=["email", "is_active"])
    logger.info("Placeholder account %s taken over by account %s", placeholder.pk, owner.pk)


def _erase_account(user, profile: Profile) -> None:
    user.first_name = user.last_name = user.email = ""
    # The username is the account's unique key; log-in is by email, so nobody logs in as this.
    user.username = f"erased-{user.pk}"
    user.is_active = False
    # An unusable password also changes the session hash, which ends the person's sessions everywhere.
    user.set_unusable_password()
    user.save()
    profile.organisation = profile.job_title = ""
    profile.privacy_consent_at = None
    profile.privacy_notice_version = ""
    profile.feed_token = new_feed_token()
    profile.erased_at = timezone.now()
    profile.inactivity_notice_sent_at = None
    # Municipality, sector and language stay: they carry no name, and the funder's breakdowns of
    # past trainings count by them.
    profile.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    from wagtail.users.models import UserProfile

    for wagtail_profile in UserProfile.objects.filter(user=user):
        if wagtail_profile.avatar:
            wagtail_profile.avatar.delete(save=False)
        wagtail_profile.delete()


def _erase_records(user, *, addresses: set[str], today: dt.date) -> None:
    enrolments = Enrolment.objects.filter(user=user)
    enrolments.update(answers={}, completion_override_reason="")
    EnrolmentEvent.objects.filter(enrolment__in=enrolments).update(reason="")
    Attendance.objects.filter(enrolment__in=enrolments).update(remark="")
    AttendanceChange.objects.filter(attendance__enrolment__in=enrolments).update(from_remark="", to_remark="")

    for certificate in Certificate.objects.filter(subject=user):
        certificate.data = {**certificate.data, "name": "", "name_withheld": True}
        certificate.revoked_reason = ""
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.save(update_fields=["data", "revoked_reason", "pdf"])

    memberships = Membership.objects.filter(user=user)
    memberships.filter(Q(left_on__isnull=True) | Q(left_on__gt=today)).update(left_on=today)
    MeetingAttendance.objects.filter(membership__in=memberships).update(remark="")
    invitations = Q(membership__in=memberships)
    for address in addresses:
        invitations |= Q(email__iexact=address)
    Invitation.objects.filter(invitations).delete()

    # A mentor's working notes are theirs alone; the summaries belong to the mentees and stay.
    MentoringSession.objects.filter(agreement__in=Agreement.objects.filter(mentor=user)).update(notes="")


def purge_expired_answers(*, today: dt.date | None = None) -> int:
    """Delete the answers to courses' own questions (such as dietary needs) once the course ended
    ENROLMENT_ANSWERS_RETENTION_DAYS ago; how many enrolments had some. One audit entry per course."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.ENROLMENT_ANSWERS_RETENTION_DAYS)
    expired = Enrolment.objects.filter(offering__ends_on__lt=cutoff).exclude(answers={})
    per_offering = list(expired.values("offering_id").annotate(count=Count("pk")).order_by("offering_id"))
    if not per_offering:
        return 0
    with transaction.atomic():
        purged = expired.update(answers={})
        audit.record_many(
            [
                audit.entry(
                    audit.Action.ANSWERS_PURGED,
                    actor=None,
                    offering=row["offering_id"],
                    details={"count": row["count"]},
                )
                for row in per_offering
            ]
        )
    return purged


def _inactive_since(cutoff: dt.datetime):
    """Accounts whose last sign of life (log-in, or joining if never logged in) is before `cutoff`,
    that have no training, group or agreement running since then, and no staff duties."""
    User = get_user_model()
    cutoff_day = timezone.localdate(cutoff)
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(profile__erased_at__isnull=False)
        .exclude(groups__name__in=[COORDINATORS, TRAINERS])
        .exclude(enrolments__offering__ends_on__gte=cutoff_day)
        .exclude(group_memberships__group__ends_on__gte=cutoff_day)
        .exclude(mentee_of__agreement__ends_on__gte=cutoff_day)
        .exclude(mentoring_agreements__ends_on__gte=cutoff_day)
    )


def send_inactivity_notices(*, now: dt.datetime | None = None) -> int:
    """Tell those whose account will be erased in INACTIVE_ACCOUNT_NOTICE_DAYS that logging in
    keeps it; how many were told. A notice is sent once per spell of inactivity."""
    now = now or timezone.now()
    days, notice_days = settings.INACTIVE_ACCOUNT_DAYS, settings.INACTIVE_ACCOUNT_NOTICE_DAYS
    candidates = _inactive_since(now - dt.timedelta(days=days - notice_days)).filter(
        Q(profile__isnull=True)
        | Q(profile__inactivity_notice_sent_at__isnull=True)
        | Q(profile__inactivity_notice_sent_at__lt=LAST_SEEN)
    )
    told = 0
    for user in candidates.distinct():
        with transaction.atomic():
            profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
            last_seen = user.last_login or user.date_joined
            if profile.inactivity_notice_sent_at and profile.inactivity_notice_sent_at >= last_seen:
                continue
            profile.inactivity_notice_sent_at = now
            profile.save(update_fields=["inactivity_notice_sent_at"])
            enqueue_on_commit("privacy.tasks.send_inactivity_notice", user.pk)
            told += 1
    return told


def erase_inactive_accounts(*, now: dt.datetime | None = None) -> int:
    """Erase the accounts inactive for INACTIVE_ACCOUNT_DAYS whose notice went out at least
    INACTIVE_ACCOUNT_NOTICE_DAYS ago (and after they were last seen); how many."""
    now = now or timezone.now()
    noticed_before = now - dt.timedelta(days=settings.INACTIVE_ACCOUNT_NOTICE_DAYS)
    due = _inactive_since(now - dt.timedelta(days=settings.INACTIVE_ACCOUNT_DAYS)).filter(
        profile__inactivity_notice_sent_at__lte=noticed_before,
        profile__inactivity_notice_sent_at__gte=LAST_SEEN,
    )
    erased = 0
    for user in due.distinct():
        erase_person(user, by=None, why=INACTIVE)
        erased += 1
    return erased

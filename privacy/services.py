"""Erasing a person's data, and the accounts that go unused.

Erasure anonymises rather than deletes. The account row stays, emptied (no name, no email, no
password, inactive), so that every enrolment, attendance mark, membership and mentoring session
still points at one person: the funder's figures for past periods (people trained, by municipality
and sector, attendance, completions) stay exactly as they were. What identifies the person or was
written about them goes: names, addresses, organisation and job title, answers, remarks and
reasons, invitations, a mentor's working notes, and the certificates' PDFs. Issued certificates
stay valid and verifiable with the name withheld: an employer who holds the paper can still check
its number, training and dates, and revoking would read as a withdrawal the person never earned.
Each app says what erasure does to its own records, beside its models (lms.personal_data).
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.account.models import EmailAddress

from accounts.models import Profile
from accounts.permissions import COORDINATORS
from accounts.roles import TRAINERS
from accounts.selectors import placeholders_for
from audit import services as audit
from background.services import enqueue_on_commit
from certificates.models import Certificate
from enrolment.models import Enrolment
from enrolment.services import cancel_enrolment
from lms.personal_data import declarations
from mentoring.models import Agreement, Mentee

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
    """Anonymise the account and everything written about the person, in one transaction: each
    app's part (lms.personal_data), the account's own last.

    Places on trainings still to come are cancelled first, through the enrolment rules, so that
    the next in line gets the seat. Erasing an erased account again changes nothing.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        if profile.erased_at:
            return
        today = timezone.localdate()
        for declaration in reversed(declarations()):
            declaration.erase(user, by=by, today=today)
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


def _inactive_since(cutoff: dt.datetime):
    """Accounts whose last sign of life (log-in, or joining if never logged in) is before `cutoff`,
    that have no training, group or agreement running since then, and no staff duties."""
    User = get_user_model()
    cutoff_day = timezone.localdate(cutoff)
    people = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(profile__erased_at__isnull=False)
        .exclude(groups__name__in=[COORDINATORS, TRAINERS])
    )
    for declaration in declarations():
        for running in declaration.in_use_since(cutoff_day):
            people = people.exclude(running)
    return people


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

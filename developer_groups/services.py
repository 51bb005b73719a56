"""Groups, invitations, meetings, attendance, notes and actions.

Emails (invitations, meeting reminders, cancellations) go out after the transaction commits,
through django-q2 tasks that take primary keys and send each email once (see tasks.py).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress

from accounts.selectors import profile_for, verified_owner
from accounts.services import person_with_email, record_privacy_consent
from attendance.models import Attendance
from attendance.services import RosterSaved
from audit import services as audit

from . import tasks
from .models import Action, DeveloperGroup, Invitation, Meeting, MeetingAttendance, Membership, new_token

Role = Membership.Role


class GroupRefused(Exception):
    """A rule says no; `message` tells the person why, in their language."""

    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def create_group(*, by=None, **fields) -> DeveloperGroup:
    """A new group from the coordinators' form in the Wagtail admin (wagtail_hooks.GroupCreateView);
    the creation is in the group's history there, as Wagtail's own create view would log it."""
    group = DeveloperGroup(**fields)
    group.full_clean()
    group.save()
    log(instance=group, action="wagtail.create", user=by, content_changed=True)
    return group


def update_group(group: DeveloperGroup, *, by=None, **fields) -> DeveloperGroup:
    """Change a group's period, municipality, listing and texts (wagtail_hooks.GroupEditView); the
    change is in the group's history, and saving without a change writes nothing."""
    stored = DeveloperGroup.objects.get(pk=group.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name, value in fields.items():
        setattr(group, name, value)
    if changed:
        group.full_clean()
        group.save(update_fields=changed)
        log(instance=group, action="wagtail.edit", user=by, content_changed=True)
    return group


# Invitations


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.DEVELOPER_GROUP_INVITATION_DAYS)


def invite(
    group: DeveloperGroup,
    *,
    email: str,
    by,
    role: str = Role.MEMBER,
    first_name: str = "",
    last_name: str = "",
    organisation=None,
    sector=None,
    language: str = "fi",
) -> Invitation:
    """Invite someone by email to the group; the email with the link goes out after commit.

    Inviting a person again renews their open invitation (new link, new expiry; the old link stops
    working) instead of adding a second one. A current member is not invited again.
    """
    email = email.strip().lower()
    fields = {
        "role": role,
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "organisation": organisation,
        "sector": sector,
        "language": language,
        "invited_by": by,
    }
    person = person_with_email(email)
    if person and Membership.objects.current().filter(group=group, user=person).exists():
        raise GroupRefused(_("%(email)s is already a member of the group.") % {"email": email}, code="already_member")
    try:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update()
                .filter(group=group, email=email, accepted_at__isnull=True)
                .first()
            )
            if invitation is None:
                invitation = Invitation.objects.create(group=group, email=email, expires_at=_expiry(), **fields)
            else:
                for name, value in fields.items():
                    setattr(invitation, name, value)
                _renew(invitation)
            tasks.queue_invitation_email(invitation)
            return invitation
    except IntegrityError:
        # Two coordinators invited the same address at once; the constraint let one through.
        existing = Invitation.objects.filter(group=group, email=email, accepted_at__isnull=True).first()
        if existing is None:
            raise
        return existing


def _renew(invitation: Invitation) -> None:
    invitation.token = new_token()
    invitation.expires_at = _expiry()
    invitation.save()


def resend_invitation(invitation: Invitation, *, by) -> Invitation:
    """Send the invitation again with a new link and a new expiry; the old link stops working."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise GroupRefused(_("This invitation has already been accepted."), code="accepted")
        _renew(invitation)
        tasks.queue_invitation_email(invitation)
    return invitation


def withdraw_invitation(invitation: Invitation, *, by) -> None:
    """Remove an invitation not yet accepted: its link stops working."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if invitation is None:
            return
        if invitation.accepted_at:
            raise GroupRefused(_("This invitation has already been accepted."), code="accepted")
        invitation.delete()


def check_invitation(invitation: Invitation, *, user=None) -> None:
    """GroupRefused if the invitation cannot be accepted (by this person, when given) now."""
    if invitation.accepted_at:
        if user is not None and invitation.membership and invitation.membership.user_id == user.pk:
            raise GroupRefused(_("You have already accepted this invitation."), code="accepted_by_you")
        raise GroupRefused(
            _("This invitation has already been used. If you have an account, log in to see your groups."),
            code="used",
        )
    if invitation.expires_at <= timezone.now():
        raise GroupRefused(
            _("This invitation has expired. Ask the group's coordinator to send you a new one."), code="expired"
        )
    if user is not None:
        _check_address(invitation, user)


def _check_address(invitation: Invitation, user) -> None:
    """A logged-in person joins only with the invited address verified on their own account.

    Holding the link proves nothing about who holds the inbox: an invitation can be forwarded. So
    the address is never added to the account here; the person logs in with it, or adds it to
    their account and confirms it through allauth's own email confirmation, then comes back."""
    email = invitation.email
    if EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        return
    if verified_owner(email) is not None:
        raise GroupRefused(
            _(
                "This invitation was sent to %(email)s, which belongs to another account. "
                "Log out and log in with that address to accept it."
            )
            % {"email": email},
            code="other_account",
        )
    if EmailAddress.objects.filter(user=user, email__iexact=email).exists():
        raise GroupRefused(
            _(
                "This invitation was sent to %(email)s, which is on your account but not yet confirmed. "
                "Confirm it with the link we sent to it (you can send a new one under Email addresses), "
                "then open this invitation again."
            )
            % {"email": email},
            code="unconfirmed_address",
        )
    # Nobody has verified the address: a placeholder a coordinator made for it, or an account that
    # only claims it, is no reason to refuse. Confirming it on this account takes the placeholder over.
    raise GroupRefused(
        _(
            "This invitation was sent to %(email)s, and you are logged in with another address. To accept "
            "it, log out and open the invitation again, or add %(email)s to your account under Email "
            "addresses and confirm it, then open the invitation again."
        )
        % {"email": email},
        code="other_address",
    )


def _locked_invitation(pk: int) -> Invitation:
    """The invitation's row, locked until the transaction ends: of two presses of "join" (or of
    "create the account") at once, the second waits and then finds the invitation used."""
    return Invitation.objects.select_for_update(of=("self",)).select_related("membership").get(pk=pk)


def accept_invitation(invitation: Invitation, *, user) -> Membership:
    """The logged-in person joins the group in the invitation's role.

    Someone who was in the group before comes back; a current member takes the invitation's role.
    The invited address must be verified on the person's account (see `_check_address`).
    Accepting twice returns the membership of the first time.
    """
    with transaction.atomic():
        invitation = _locked_invitation(invitation.pk)
        try:
            check_invitation(invitation, user=user)
        except GroupRefused as refusal:
            if refusal.code == "accepted_by_you":
                return invitation.membership
            raise
        membership, created = Membership.objects.get_or_create(
            group_id=invitation.group_id,
            user=user,
            defaults={
                "role": invitation.role,
                "organisation": invitation.organisation,
                "sector": invitation.sector,
                "joined_on": timezone.localdate(),
            },
        )
        if not created:
            membership.role = invitation.role
            membership.left_on = None
            membership.organisation = invitation.organisation or membership.organisation
            membership.sector = invitation.sector or membership.sector
            membership.save(update_fields=["role", "left_on", "organisation", "sector"])
        invitation.accepted_at = timezone.now()
        invitation.membership = membership
        invitation.save(update_fields=["accepted_at", "membership"])
    return membership


def accept_with_new_account(
    invitation: Invitation, *, first_name: str, last_name: str, password: str, language: str
) -> Membership:
    """Someone without a password accepts: an account is made for the invited address (or, if a
    coordinator made one without a password, that one is taken) with this password, the address
    counts as verified, since the link reached it, and the person joins the group.

    An account that already has a password is not touched: its holder logs in to accept.
    """
    with transaction.atomic():
        invitation = _locked_invitation(invitation.pk)
        check_invitation(invitation)
        person = person_with_email(invitation.email)
        if person is not None and person.has_usable_password():
            raise GroupRefused(
                _("There is already an account with this email address. Log in to accept the invitation."),
                code="account_exists",
            )
        first_name, last_name = first_name.strip(), last_name.strip()
        if person is None:
            person = get_user_model()(
                email=invitation.email,
                # The same username allauth would give at sign-up; log-in is by email, never by username.
                username=get_adapter().generate_unique_username([first_name, last_name, invitation.email, "user"]),
            )
        person.first_name, person.last_name = first_name, last_name
        person.set_password(password)
        person.save()
        EmailAddress.objects.update_or_create(
            user=person, email__iexact=invitation.email, defaults={"email": invitation.email, "verified": True}
        )
        if not EmailAddress.objects.filter(user=person, primary=True).exists():
            EmailAddress.objects.filter(user=person, email__iexact=invitation.email).update(primary=True)
        profile = profile_for(person)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        record_privacy_consent(profile)
        return accept_invitation(invitation, user=person)


# Memberships


def update_membership(
    membership: Membership, *, by, role: str, organisation, sector, joined_on: dt.date, left_on: dt.date | None
) -> Membership:
    """A coordinator corrects a membership: role, organisation, sector, and the days it began and
    ended (a member leaves by being given a leaving day; their history stays)."""
    if left_on is not None and left_on < joined_on:
        raise GroupRefused(_("The leaving day cannot be before the joining day."), code="dates")
    membership.role, membership.organisation, membership.sector = role, organisation, sector
    membership.joined_on, membership.left_on = joined_on, left_on
    membership.save(update_fields=["role", "organisation", "sector", "joined_on", "left_on"])
    return membership


# Meetings


def _check_meeting_fields(starts_at: dt.datetime, ends_at: dt.datetime, place: str, online_url: str) -> None:
    if ends_at <= starts_at:
        raise GroupRefused(_("The meeting must end after it starts."), code="times")
    if not (place.strip() or online_url.strip()):
        raise GroupRefused(_("Give a place or an online meeting link, or both."), code="where")


def plan_meeting(
    group: DeveloperGroup,
    *,
    by,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Meeting:
    """A facilitator plans a meeting; members are reminded of it before it starts (tasks.py)."""
    _check_meeting_fields(starts_at, ends_at, place, online_url)
    return Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        agenda=agenda.strip(),
        created_by=by,
    )


def update_meeting(
    meeting: Meeting, *, by, starts_at: dt.datetime, ends_at: dt.datetime, place: str, online_url: str, agenda: str
) -> Meeting:
    """Change a meeting's time, place, link or agenda. A meeting moved to another time is reminded
    of again before its new time; any change raises its calendar version, so calendars update."""
    if meeting.is_cancelled:
        raise GroupRefused(_("This meeting has been cancelled."), code="cancelled")
    _check_meeting_fields(starts_at, ends_at, place, online_url)
    if starts_at != meeting.starts_at:
        meeting.reminder_sent_at = None
    event = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url, meeting.agenda)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.online_url, meeting.agenda = place.strip(), online_url.strip(), agenda.strip()
    if (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url, meeting.agenda) != event:
        meeting.bump_calendar_version()
    meeting.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "agenda",
            "reminder_sent_at",
            "sequence",
            "changed_at",
        ]
    )
    return meeting


def cancel_meeting(meeting: Meeting, *, by) -> Meeting:
    """Cancel a meeting that has not been held: it stays on the group's page and in calendars as
    cancelled, no reminder goes out, and the members are told if it was still to come. A meeting
    with attendance marked took place and cannot be cancelled. Cancelling twice changes nothing."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            return meeting
        if MeetingAttendance.objects.filter(meeting=meeting).exists():
            raise GroupRefused(
                _("Attendance has been taken at this meeting, so it took place and cannot be cancelled."),
                code="held",
            )
        meeting.cancelled_at = timezone.now()
        meeting.bump_calendar_version()
        meeting.save(update_fields=["cancelled_at", "sequence", "changed_at"])
        if meeting.starts_at > meeting.cancelled_at:
            tasks.queue_meeting_emails(meeting, "cancelled")
    return meeting


def _check_held(meeting: Meeting) -> None:
    """Attendance and notes are for a meeting that is not cancelled, from its day on."""
    if meeting.is_cancelled:
        raise GroupRefused(_("This meeting has been cancelled."), code="cancelled")
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise GroupRefused(_("Attendance and notes are recorded from the meeting's day on."), code="future")


def save_meeting_attendance(meeting: Meeting, *, marks: dict[int, tuple[str, str]], by) -> RosterSaved:
    """Record `marks` ({membership_pk: (status, remark)}) with the statuses of a course roster, in a
    fixed number of queries however many people there are. Memberships of another group are refused
    as a whole, and so are members who were not on the roster that day (joined after it or left
    before it, and not marked), so nothing is half written; saving the same marks again writes
    nothing."""
    _check_held(meeting)
    valid = set(Attendance.Status.values)
    if any(status not in valid for status, _remark in marks.values()):
        raise GroupRefused(_("Choose an attendance status for each person."), code="status")
    with transaction.atomic():
        on_roster = set(Membership.objects.on_roster(meeting).filter(pk__in=marks).values_list("pk", flat=True))
        if on_roster != set(marks):
            raise GroupRefused(_("The list of members has changed. Please reload the page."), code="roster")
        existing = {
            mark.membership_id: mark
            for mark in MeetingAttendance.objects.filter(meeting=meeting, membership_id__in=marks).select_related(
                "membership"
            )
        }
        now = timezone.now()
        new, changed, corrections = [], [], []
        for membership_pk, (status, remark) in marks.items():
            remark = remark.strip()[:255]
            mark = existing.get(membership_pk)
            if mark is None:
                new.append(
                    MeetingAttendance(
                        meeting=meeting,
                        membership_id=membership_pk,
                        status=status,
                        remark=remark,
                        marked_by=by,
                        marked_at=now,
                    )
                )
            elif (mark.status, mark.remark) != (status, remark):
                # A correction of someone's mark is in the audit log (the mark keeps only the latest).
                corrections.append(
                    audit.entry(
                        audit.Action.MEETING_ATTENDANCE_CORRECTED,
                        actor=by,
                        subject=mark.membership.user_id,
                        group=meeting.group_id,
                        details={
                            "date": timezone.localdate(meeting.starts_at).isoformat(),
                            "from": mark.status,
                            "to": status,
                        },
                    )
                )
                mark.status, mark.remark, mark.marked_by, mark.marked_at = status, remark, by, now
                changed.append(mark)
        MeetingAttendance.objects.bulk_create(new)
        MeetingAttendance.objects.bulk_update(changed, ["status", "remark", "marked_by", "marked_at"])
        audit.record_many(corrections)
    return RosterSaved(created=len(new), changed=len(changed))


def record_meeting(meeting: Meeting, *, notes: str, actions: list[dict], by) -> list[Action]:
    """Save the meeting's notes and add the actions agreed at it (each a dict of title, owner (a
    membership of the group or None) and due_on). Returns the new actions."""
    _check_held(meeting)
    owners = {action["owner"].pk for action in actions if action.get("owner")}
    if owners and Membership.objects.filter(pk__in=owners, group_id=meeting.group_id).count() != len(owners):
        raise GroupRefused(_("An action's owner must be a member of the group."), code="owner")
    notes = notes.strip()
    with transaction.atomic():
        if notes != meeting.notes:
            meeting.notes, meeting.notes_updated_at = notes, timezone.now()
            meeting.save(update_fields=["notes", "notes_updated_at"])
        return Action.objects.bulk_create(
            Action(
                group_id=meeting.group_id,
                meeting=meeting,
                title=action["title"].strip(),
                owner=action.get("owner"),
                due_on=action.get("due_on"),
            )
            for action in actions
        )


def update_action_status(action: Action, *, status: str, by) -> Action:
    if status not in Action.Status.values:
        raise GroupRefused(_("Choose the action's status."), code="status")
    if status != action.status:
        action.status = status
        action.save(update_fields=["status", "updated_at"])
    return action

"""Everything the portal keeps about one person, for them to download (the right of access).

Keys are English and fixed, so a program can read the file; values that are words (statuses,
roles) are in the language the file is made in, so a person can read it too. A constant number of
queries whatever the person has done.
"""

from django.db.models import Prefetch
from django.utils import timezone

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.selectors import addresses_of, profile_for
from attendance.models import Attendance
from certificates.models import Certificate
from courses.models import Session
from developer_groups.models import Action, Invitation, MeetingAttendance, Membership
from enrolment.exports import answer
from enrolment.models import Enrolment, EnrolmentEvent
from mentoring.models import Agreement, Mentee, MentoringSession


def has_records(user) -> bool:
    """Whether the person is in the programme's records (and so is erased, never deleted)."""
    return (
        Enrolment.objects.filter(user=user).exists()
        or Membership.objects.filter(user=user).exists()
        or Mentee.objects.filter(user=user).exists()
        or Agreement.objects.filter(mentor=user).exists()
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _name(user) -> str:
    return user.get_full_name() if user else ""


def personal_data(user) -> dict:
    profile = profile_for(user)
    return {
        "generated_at": _iso(timezone.now()),
        "account": {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "joined_at": _iso(user.date_joined),
            "last_login_at": _iso(user.last_login),
            # Whether a second factor is set up, never its secret.
            "two_factor_methods": sorted(
                str(Authenticator.Type(kind).label)
                for kind in Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        },
        "profile": {
            "organisation": profile.organisation,
            "municipality": profile.municipality.name if profile.municipality else "",
            "sector": profile.sector.name if profile.sector else "",
            "job_title": profile.job_title,
            "preferred_language": profile.get_preferred_language_display(),
            "privacy_notice_accepted_at": _iso(profile.privacy_consent_at),
            "privacy_notice_version": profile.privacy_notice_version,
        },
        "enrolments": _enrolments(user),
        "certificates": _certificates(user),
        "developer_groups": _memberships(user),
        "developer_group_invitations": _invitations(user),
        "mentoring_received": _mentoring_received(user),
        "mentoring_given": _mentoring_given(user),
    }


def _enrolments(user) -> list[dict]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("offering")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("session").order_by("session__date")),
            Prefetch("events", queryset=EnrolmentEvent.objects.order_by("at", "pk")),
            Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "starts_at")),
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "training": enrolment.offering.localized_title,
            "first_day": _iso(enrolment.offering.starts_on),
            "last_day": _iso(enrolment.offering.ends_on),
            "status": enrolment.get_status_display(),
            "enrolled_at": _iso(enrolment.created_at),
            "confirmed_at": _iso(enrolment.confirmed_at),
            "cancelled_at": _iso(enrolment.cancelled_at),
            "late_cancellation": enrolment.late_cancellation,
            "answers": {
                (item.get("question") if isinstance(item, dict) else "") or key: answer(enrolment, key)
                for key, item in (enrolment.answers or {}).items()
            },
            "completed": enrolment.completed,
            "completion_decided_by_coordinator": enrolment.completion_override,
            "completion_decision_reason": enrolment.completion_override_reason,
            "attendance": [
                {
                    "day": _iso(mark.session.date),
                    "status": mark.get_status_display(),
                    "remark": mark.remark,
                    "checked_in_yourself": mark.checked_in,
                }
                for mark in enrolment.attendances.all()
            ],
            "history": [
                {"at": _iso(event.at), "event": event.get_action_display(), "reason": event.reason}
                for event in enrolment.events.all()
            ],
        }
        for enrolment in enrolments
    ]


def _certificates(user) -> list[dict]:
    return [
        {
            "number": certificate.number,
            "verification_code": certificate.display_code,
            "kind": certificate.get_kind_display(),
            "status": certificate.get_status_display(),
            "issued_at": _iso(certificate.issued_at),
            "name_on_it": certificate.data.get("name", ""),
            "title": certificate.data.get("title_fi", ""),
            "verification_address": certificate.data.get("verification_url", ""),
        }
        for certificate in Certificate.objects.filter(subject=user).order_by("issued_at", "pk")
    ]


def _memberships(user) -> list[dict]:
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("group", "organisation", "sector")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=MeetingAttendance.objects.select_related("meeting").order_by("meeting__starts_at"),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("pk")),
        )
        .order_by("joined_on", "pk")
    )
    return [
        {
            "group": membership.group.name,
            "role": membership.get_role_display(),
            "organisation": membership.organisation.name if membership.organisation else "",
            "sector": membership.sector.name if membership.sector else "",
            "joined_on": _iso(membership.joined_on),
            "left_on": _iso(membership.left_on),
            "meetings": [
                {
                    "starts_at": _iso(mark.meeting.starts_at),
                    "status": mark.get_status_display(),
                    "remark": mark.remark,
                }
                for mark in membership.attendances.all()
            ],
            "actions_you_own": [
                {"action": action.title, "status": action.get_status_display(), "due_on": _iso(action.due_on)}
                for action in membership.actions.all()
            ],
        }
        for membership in memberships
    ]


def _invitations(user) -> list[dict]:
    # Not those sent to an address the account only claims: they are somebody else's.
    invitations = Invitation.objects.filter(email__in=addresses_of(user)).select_related("group").order_by("created_at")
    return [
        {
            "group": invitation.group.name,
            "email": invitation.email,
            "invited_at": _iso(invitation.created_at),
            "accepted_at": _iso(invitation.accepted_at),
        }
        for invitation in invitations
    ]


def _mentoring_received(user) -> list[dict]:
    mentees = (
        Mentee.objects.filter(user=user)
        .select_related("agreement", "agreement__mentor")
        .prefetch_related(
            Prefetch("sessions", queryset=MentoringSession.objects.order_by("starts_at"), to_attr="attended")
        )
        .order_by("added_at", "pk")
    )
    return [
        {
            "team": mentee.agreement.team,
            "mentor": _name(mentee.agreement.mentor),
            "period": [_iso(mentee.agreement.starts_on), _iso(mentee.agreement.ends_on)],
            "goals": mentee.agreement.goals,
            "sessions": [
                {
                    "starts_at": _iso(session.starts_at),
                    "duration_minutes": session.duration_minutes,
                    "topic": session.topic,
                    "summary": session.summary,
                }
                for session in mentee.attended
            ],
        }
        for mentee in mentees
    ]


def _mentoring_given(user) -> list[dict]:
    agreements = (
        Agreement.objects.filter(mentor=user)
        .prefetch_related(Prefetch("sessions", queryset=MentoringSession.objects.order_by("starts_at")))
        .order_by("starts_on", "pk")
    )
    return [
        {
            "team": agreement.team,
            "period": [_iso(agreement.starts_on), _iso(agreement.ends_on)],
            "goals": agreement.goals,
            "sessions": [
                {
                    "starts_at": _iso(session.starts_at),
                    "duration_minutes": session.duration_minutes,
                    "topic": session.topic,
                    "summary": session.summary,
                    "your_notes": session.notes,
                }
                for session in agreement.sessions.all()
            ],
        }
        for agreement in agreements
    ]

"""Mentoring received and given (lms.personal_data).

Erasure keeps the agreements, places and sessions, which the funder's mentoring hours count, and
removes a mentor's working notes, which are theirs alone. A session's summary is the mentor's
record of the work for its mentees: it stays. A sent reminder's row (`SentReminder`) only says
which email about a session went to whom, and names nobody once the account is erased."""

import datetime as dt

from django.db.models import Prefetch, Q

from lms.personal_data import PersonalData, iso

from .models import Agreement, Mentee, MentoringSession


class MentoringData(PersonalData):
    models = ("mentoring.Agreement", "mentoring.Mentee", "mentoring.MentoringSession", "mentoring.SentReminder")

    def export(self, user) -> dict:
        mentees = (
            Mentee.objects.filter(user=user)
            .select_related("agreement", "agreement__mentor")
            .prefetch_related(
                Prefetch("sessions", queryset=MentoringSession.objects.order_by("starts_at"), to_attr="attended")
            )
            .order_by("added_at", "pk")
        )
        agreements = (
            Agreement.objects.filter(mentor=user)
            .prefetch_related(Prefetch("sessions", queryset=MentoringSession.objects.order_by("starts_at")))
            .order_by("starts_on", "pk")
        )
        return {
            "mentoring_received": [
                {
                    "team": mentee.agreement.team,
                    "mentor": mentee.agreement.mentor.get_full_name(),
                    "period": [iso(mentee.agreement.starts_on), iso(mentee.agreement.ends_on)],
                    "goals": mentee.agreement.goals,
                    "sessions": [
                        {
                            "starts_at": iso(session.starts_at),
                            "duration_minutes": session.duration_minutes,
                            "topic": session.topic,
                            "summary": session.summary,
                        }
                        for session in mentee.attended
                    ],
                }
                for mentee in mentees
            ],
            "mentoring_given": [
                {
                    "team": agreement.team,
                    "period": [iso(agreement.starts_on), iso(agreement.ends_on)],
                    "goals": agreement.goals,
                    "sessions": [
                        {
                            "starts_at": iso(session.starts_at),
                            "duration_minutes": session.duration_minutes,
                            "topic": session.topic,
                            "summary": session.summary,
                            "your_notes": session.notes,
                        }
                        for session in agreement.sessions.all()
                    ],
                }
                for agreement in agreements
            ],
        }

    def has_records(self, user) -> bool:
        return Mentee.objects.filter(user=user).exists() or Agreement.objects.filter(mentor=user).exists()

    def in_use_since(self, day: dt.date) -> list[Q]:
        return [Q(mentee_of__agreement__ends_on__gte=day), Q(mentoring_agreements__ends_on__gte=day)]

    def erase(self, user, *, by, today: dt.date) -> None:
        MentoringSession.objects.filter(agreement__mentor=user).update(notes="")

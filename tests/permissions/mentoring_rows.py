"""Permission-matrix rows of mentoring (see test_matrix.py): (name, url template, {role: status}),
with every role of roles.ALL_ROLES named.

The matrix's mentor mentors `agreement`, and its mentee is a mentee there. The front-end pages are
theirs: the mentor's workspace and session forms answer the mentor only, the agreement page also
the mentee (their own sessions); anyone else, coordinators included, gets 404, and so does the
mentor for another mentor's agreement. Coordinators work in the Wagtail admin, which sends anyone
without admin access to its log-in.
"""

from django.contrib.auth.models import Group, Permission

from mentoring.models import MentoringSession
from tests.factories import AgreementFactory, MenteeFactory, MentoringSessionFactory

from .roles import ALL_ROLES

LOGGED_IN = {**dict.fromkeys(ALL_ROLES, 200), "anonymous": 302}
NOBODYS = {**dict.fromkeys(ALL_ROLES, 404), "anonymous": 302}
MENTOR_ONLY = {**NOBODYS, "mentor": 200}
MENTOR_AND_MENTEE = {**MENTOR_ONLY, "mentee": 200}
POST_ONLY = dict.fromkeys(ALL_ROLES, 405)
ADMIN_ONLY = {**dict.fromkeys(ALL_ROLES, 302), "coordinator": 200}
ADMIN_404 = {**ADMIN_ONLY, "coordinator": 404}
ADMIN_POST_ONLY = {**ADMIN_ONLY, "coordinator": 405}

ROWS = [
    # The mentor's and mentees' pages
    ("mentoring:my_mentoring", "/{lang}/my/mentoring/", LOGGED_IN),
    ("mentoring:agreement", "/{lang}/my/mentoring/{agreement_id}/", MENTOR_AND_MENTEE),
    ("agreement-of-another-mentor", "/{lang}/my/mentoring/{other_agreement_id}/", NOBODYS),
    ("agreement-missing", "/{lang}/my/mentoring/999999/", NOBODYS),
    ("mentoring:plan_session", "/{lang}/my/mentoring/{agreement_id}/plan/", MENTOR_ONLY),
    ("plan-session-of-another-mentor", "/{lang}/my/mentoring/{other_agreement_id}/plan/", NOBODYS),
    ("mentoring:log_session", "/{lang}/my/mentoring/{agreement_id}/log/", MENTOR_ONLY),
    ("mentoring:edit_session", "/{lang}/my/mentoring/sessions/{planned_session_id}/", MENTOR_ONLY),
    ("edit-delivered-session", "/{lang}/my/mentoring/sessions/{delivered_session_id}/", MENTOR_ONLY),
    ("edit-session-of-another-mentor", "/{lang}/my/mentoring/sessions/{other_session_id}/", NOBODYS),
    ("mentoring:log_planned_session", "/{lang}/my/mentoring/sessions/{planned_session_id}/log/", MENTOR_ONLY),
    ("log-session-of-another-mentor", "/{lang}/my/mentoring/sessions/{other_session_id}/log/", NOBODYS),
    ("mentoring:cancel_session", "/{lang}/my/mentoring/sessions/{planned_session_id}/cancel/", POST_ONLY),
    # Coordinators' pages in the Wagtail admin
    ("mentoring_admin:index", "/admin/mentoring/", ADMIN_ONLY),
    ("mentoring_admin:add", "/admin/mentoring/add/", ADMIN_ONLY),
    ("mentoring_admin:agreement", "/admin/mentoring/{agreement_id}/", ADMIN_ONLY),
    ("mentoring-admin-missing-agreement", "/admin/mentoring/999999/", ADMIN_404),
    ("mentoring_admin:edit", "/admin/mentoring/{agreement_id}/edit/", ADMIN_ONLY),
    ("mentoring-admin-edit-missing", "/admin/mentoring/999999/edit/", ADMIN_404),
    ("mentoring_admin:add_mentee", "/admin/mentoring/{agreement_id}/mentees/add/", ADMIN_POST_ONLY),
    (
        "mentoring_admin:remove_mentee",
        "/admin/mentoring/{agreement_id}/mentees/{mentee_id}/remove/",
        ADMIN_POST_ONLY,
    ),
]


def objects(people) -> dict:
    """The mentor's agreement with the mentee in it (a planned and a delivered session), and another
    mentor's agreement. The Coordinators group gets the mentoring permissions the demo gives it."""
    coordinators = Group.objects.get(name="Coordinators")
    for codename in ("add_agreement", "change_agreement", "view_agreement", "add_mentee", "change_mentee"):
        coordinators.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="mentoring"))

    def session(agreement, days, minutes, mentee) -> MentoringSession:
        return MentoringSessionFactory(
            agreement=agreement, days=days, duration_minutes=minutes, topic="Aihe", participants=[mentee]
        )

    agreement = AgreementFactory(mentor=people["mentor"])
    mentee = MenteeFactory(agreement=agreement, user=people["mentee"])
    other = AgreementFactory()
    stranger = MenteeFactory(agreement=other)
    return {
        "agreement_id": agreement.pk,
        "mentee_id": mentee.pk,
        "planned_session_id": session(agreement, 7, None, mentee).pk,
        "delivered_session_id": session(agreement, -7, 60, mentee).pk,
        "other_agreement_id": other.pk,
        "other_session_id": session(other, 7, None, stranger).pk,
    }

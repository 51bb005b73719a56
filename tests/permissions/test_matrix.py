"""URL × role → what each person gets. Every URL the project adds joins this matrix: the
completeness test finds every URL whose view or urls module is in one of the project's apps (those
of INSTALLED_APPS in this repository), namespaced or not, and fails on any that is not a row.

Expectations: 200 shown, 302 to log-in, 400 a refusal the person is told about (a check-in code
that is not theirs to use), 403 refused, 404 not found (someone else's object or a draft), 405 a
POST-only address asked with GET. Roles are built the way the demo builds them.

Trainers see the rosters of the courses they train (the matrix's trainer trains `offering`), and
coordinators every roster; anyone else, participants included, gets 404. The trainer's dashboard
is open to anyone logged in: someone who trains nothing sees it empty. The check-in code's address
is checked when it is opened, logged in or not (a code that is not valid: 400), and sends the browser
on to the confirmation page (302), which checks every rule before showing its button; asked without
a code scanned first, it tells the person to scan one (400).

The coordinators' enrolment pages live inside the Wagtail admin: anyone without admin access is
sent to the admin log-in (302) by Wagtail, before our views run. An admin user without the
enrolment permission is refused with PermissionDenied, which Wagtail answers with a redirect to
its dashboard (tests/enrolment/test_admin.py); a missing offering or enrolment is 404.

The coordinators' reports sit in the admin like the enrolment pages (their own permission, "Can
view reports"); filters the form refuses answer 400 with the form and its errors.

Anyone may verify a certificate by its code; only its holder (the matrix's participant) downloads
its PDF, and anyone else logged in gets 404. The coordinators' certificate pages sit in the admin
like the enrolment pages; a certificate asked for under another offering's address is 404, and so
is a developer group's attestation under a mentoring agreement's address and the other way round.

Everyone logged in has a data page of their own (download, erasure; staff are told there that a
coordinator erases their account). The coordinators' personal-data pages and the audit log sit in
the admin like the enrolment pages, each with its own permission.

Every log-in ends at allauth's: the admins' own log-in pages and Wagtail's front-end one redirect
there, the admin's password reset to allauth's reset, and Wagtail's shared-password forms are off
(404). The coordinator, who has an authenticator, is logged in as allauth leaves a session: with
the password and the second factor.

The rows of developer groups and mentoring live beside this file (developer_groups_rows.py,
mentoring_rows.py), with the objects they need and four more roles: a group's member and
facilitator, a mentor and a mentee. Rows state which roles they check; the four roles above are
checked on every row, the other four where the row names them.
"""

import datetime as dt
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from wagtail.models import GroupPagePermission, Locale, Page, PageViewRestriction, Site

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.selectors import profile_for
from attendance.services import check_in_token
from certificates import services as certificate_services
from certificates.models import AttestationSettings
from lms.portal import site_record_name
from tests.factories import (
    AgreementFactory,
    CataloguePageFactory,
    DeveloperGroupFactory,
    EnrolmentFactory,
    HomePageFactory,
    IntroductionSessionPageFactory,
    IssueBatchFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MenteeFactory,
    MentoringSessionFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    log_in_with_second_factor,
)

from . import developer_groups_rows, mentoring_rows
from .roles import ROLES

pytestmark = pytest.mark.django_db

PUBLIC = dict.fromkeys(ROLES, 200)
ADMIN_ONLY = {"anonymous": 302, "participant": 302, "trainer": 302, "coordinator": 200}
LOGGED_IN = {"anonymous": 302, "participant": 200, "trainer": 200, "coordinator": 200}
LOGGED_IN_404 = {"anonymous": 302, "participant": 404, "trainer": 404, "coordinator": 404}
OWN_COURSE_TRAINER = {"anonymous": 302, "participant": 404, "trainer": 200, "coordinator": 200}
NOT_TRAINED_COURSE = {**LOGGED_IN_404, "coordinator": 200}
ADMIN_POST_ONLY = {**ADMIN_ONLY, "coordinator": 405}
ADMIN_404 = {**ADMIN_ONLY, "coordinator": 404}

# (name, url template filled from the fixtures, expected status per role)
MATRIX = [
    ("root", "/", dict.fromkeys(ROLES, 302)),
    ("home", "/{lang}/", PUBLIC),
    ("catalogue", "/{lang}/koulutukset/", PUBLIC),
    ("catalogue-filtered", "/{lang}/koulutukset/?kind=mindme&region=satakunta&when=past", PUBLIC),
    ("offering", "/{lang}/koulutukset/{offering}/", PUBLIC),
    ("draft-offering", "/{lang}/koulutukset/{draft}/", dict.fromkeys(ROLES, 404)),
    ("missing-page", "/{lang}/ei-ole/", dict.fromkeys(ROLES, 404)),
    ("wagtail-admin", "/admin/", ADMIN_ONLY),
    ("admin-add-offering", "/admin/pages/{catalogue_id}/add_subpage/", ADMIN_ONLY),
    ("admin-edit-offering", "/admin/pages/{offering_id}/edit/", ADMIN_ONLY),
    ("admin-regions", "/admin/snippets/courses/region/", ADMIN_ONLY),
    ("document-missing", "/documents/999999/missing.pdf", dict.fromkeys(ROLES, 404)),
    ("django-admin", "/django-admin/", {"anonymous": 302, "participant": 302, "trainer": 302, "coordinator": 302}),
    # The admins' own log-in pages send everyone to allauth's (with its rate limits and second factor)
    ("admin-login", "/admin/login/", dict.fromkeys(ROLES, 302)),
    ("django-admin-login", "/django-admin/login/", dict.fromkeys(ROLES, 302)),
    # and so does Wagtail's front-end one; its shared-password forms are off, and the admin's own
    # password reset sends people to allauth's
    ("wagtailcore_login", "/{lang}/_util/login/", dict.fromkeys(ROLES, 302)),
    (
        "wagtailcore_authenticate_with_password",
        "/{lang}/_util/authenticate_with_password/{restriction_id}/{offering_id}/",
        dict.fromkeys(ROLES, 404),
    ),
    ("documents-authenticate-with-password", "/documents/authenticate_with_password/1/", dict.fromkeys(ROLES, 404)),
    ("wagtailadmin_password_reset", "/admin/password_reset/", dict.fromkeys(ROLES, 302)),
    # Two-factor authentication (allauth.mfa); setting it up asks for the password again first
    ("mfa_index", "/{lang}/accounts/2fa/", LOGGED_IN),
    ("mfa_activate_totp", "/{lang}/accounts/2fa/totp/activate/", dict.fromkeys(ROLES, 302)),
    # Accounts
    # Someone logged in is sent on to their trainings.
    ("account_login", "/{lang}/accounts/login/", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    ("account_signup", "/{lang}/accounts/signup/", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    ("account_reset_password", "/{lang}/accounts/password/reset/", PUBLIC),
    ("accounts:privacy", "/{lang}/privacy/", PUBLIC),
    ("home:accessibility", "/{lang}/accessibility/", PUBLIC),
    ("accounts:profile", "/{lang}/my/profile/", LOGGED_IN),
    # Enrolment
    ("enrolment:enrol", "/{lang}/enrol/{offering_id}/", LOGGED_IN),
    ("enrol-draft", "/{lang}/enrol/{draft_id}/", {**LOGGED_IN_404, "anonymous": 302}),
    ("enrolment:my_trainings", "/{lang}/my/trainings/", LOGGED_IN),
    ("enrolment:enrolment", "/{lang}/my/enrolments/{own_enrolment}/", {**LOGGED_IN_404, "participant": 200}),
    ("enrolment-of-someone-else", "/{lang}/my/enrolments/{other_enrolment}/", LOGGED_IN_404),
    ("enrolment:cancel", "/{lang}/my/enrolments/{own_enrolment}/cancel/", {**LOGGED_IN_404, "participant": 200}),
    ("cancel-someone-elses", "/{lang}/my/enrolments/{other_enrolment}/cancel/", LOGGED_IN_404),
    ("enrolment:reset_feed", "/{lang}/my/calendar/reset/", dict.fromkeys(ROLES, 405)),
    ("calendar_feed", "/calendar/{feed_token}.ics", PUBLIC),
    ("calendar-feed-wrong-token", "/calendar/not-a-token.ics", dict.fromkeys(ROLES, 404)),
    # Coordinators' enrolment lists in the Wagtail admin
    ("enrolment_admin:index", "/admin/enrolments/", ADMIN_ONLY),
    ("enrolment_admin:course", "/admin/enrolments/{offering_id}/", ADMIN_ONLY),
    ("enrolment-admin-draft", "/admin/enrolments/{draft_id}/", ADMIN_ONLY),
    ("enrolment-admin-not-an-offering", "/admin/enrolments/{catalogue_id}/", ADMIN_404),
    ("enrolment-admin-export-not-an-offering", "/admin/enrolments/{catalogue_id}/export.csv", ADMIN_404),
    ("admin-missing-page", "/admin/pages/999999/edit/", ADMIN_404),
    ("enrolment_admin:export_csv", "/admin/enrolments/{offering_id}/export.csv", ADMIN_ONLY),
    ("enrolment_admin:export_xlsx", "/admin/enrolments/{offering_id}/export.xlsx", ADMIN_ONLY),
    ("enrolment_admin:add", "/admin/enrolments/{offering_id}/add/", ADMIN_POST_ONLY),
    ("enrolment_admin:approve", "/admin/enrolments/{other_id}/{other_enrolment}/approve/", ADMIN_POST_ONLY),
    ("enrolment_admin:move", "/admin/enrolments/{other_id}/{other_enrolment}/move/", ADMIN_POST_ONLY),
    ("enrolment_admin:cancel", "/admin/enrolments/{other_id}/{other_enrolment}/cancel/", ADMIN_POST_ONLY),
    ("enrolment_admin:attendance", "/admin/enrolments/{offering_id}/attendance/", ADMIN_ONLY),
    ("enrolment-admin-attendance-not-an-offering", "/admin/enrolments/{catalogue_id}/attendance/", ADMIN_404),
    ("enrolment_admin:completion", "/admin/enrolments/{other_id}/{other_enrolment}/completion/", ADMIN_POST_ONLY),
    # Certificates: verification is public; the PDF is its holder's (the participant's)
    ("certificates:verify_form", "/{lang}/verify/", PUBLIC),
    ("certificates:verify", "/{lang}/verify/{certificate_code}/", PUBLIC),
    ("verify-unknown-code", "/{lang}/verify/0000-0000-0000-0000/", dict.fromkeys(ROLES, 404)),
    ("certificates:download", "/{lang}/my/certificates/{certificate_code}.pdf", {**LOGGED_IN_404, "participant": 200}),
    ("download-unknown-code", "/{lang}/my/certificates/0000-0000-0000-0000.pdf", LOGGED_IN_404),
    # Coordinators' certificate pages in the Wagtail admin
    ("certificates_admin:course", "/admin/certificates/{other_id}/", ADMIN_ONLY),
    ("certificates-admin-not-an-offering", "/admin/certificates/{catalogue_id}/", ADMIN_404),
    ("certificates_admin:issue", "/admin/certificates/{other_id}/issue/", ADMIN_POST_ONLY),
    ("certificates_admin:download", "/admin/certificates/{other_id}/{certificate_id}/pdf/", ADMIN_ONLY),
    ("certificate-pdf-of-another-course", "/admin/certificates/{offering_id}/{certificate_id}/pdf/", ADMIN_404),
    ("certificates_admin:revoke", "/admin/certificates/{other_id}/{certificate_id}/revoke/", ADMIN_POST_ONLY),
    ("certificates_admin:reissue", "/admin/certificates/{other_id}/{certificate_id}/reissue/", ADMIN_POST_ONLY),
    ("certificates_admin:batch", "/admin/certificates/batches/{batch_id}/", ADMIN_ONLY),
    ("certificates-admin-missing-batch", "/admin/certificates/batches/999999/", ADMIN_404),
    ("certificates_admin:retry", "/admin/certificates/batches/{batch_id}/retry/", ADMIN_POST_ONLY),
    # Developer-group and mentoring attestations; one kind's attestation under the other's address is 404
    ("certificates_admin:group", "/admin/certificates/groups/{attestation_group_id}/", ADMIN_ONLY),
    ("certificates-admin-missing-group", "/admin/certificates/groups/999999/", ADMIN_404),
    ("certificates_admin:group_issue", "/admin/certificates/groups/{attestation_group_id}/issue/", ADMIN_POST_ONLY),
    (
        "certificates_admin:group_download",
        "/admin/certificates/groups/{attestation_group_id}/{group_attestation_id}/pdf/",
        ADMIN_ONLY,
    ),
    (
        "attestation-pdf-not-of-the-group",
        "/admin/certificates/groups/{attestation_group_id}/{mentoring_attestation_id}/pdf/",
        ADMIN_404,
    ),
    (
        "certificates_admin:group_revoke",
        "/admin/certificates/groups/{attestation_group_id}/{group_attestation_id}/revoke/",
        ADMIN_POST_ONLY,
    ),
    (
        "certificates_admin:group_reissue",
        "/admin/certificates/groups/{attestation_group_id}/{group_attestation_id}/reissue/",
        ADMIN_POST_ONLY,
    ),
    ("certificates_admin:mentoring", "/admin/certificates/mentoring/{attestation_agreement_id}/", ADMIN_ONLY),
    ("certificates-admin-missing-agreement", "/admin/certificates/mentoring/999999/", ADMIN_404),
    (
        "certificates_admin:mentoring_issue",
        "/admin/certificates/mentoring/{attestation_agreement_id}/issue/",
        ADMIN_POST_ONLY,
    ),
    (
        "certificates_admin:mentoring_download",
        "/admin/certificates/mentoring/{attestation_agreement_id}/{mentoring_attestation_id}/pdf/",
        ADMIN_ONLY,
    ),
    (
        "attestation-pdf-not-of-the-agreement",
        "/admin/certificates/mentoring/{attestation_agreement_id}/{group_attestation_id}/pdf/",
        ADMIN_404,
    ),
    (
        "certificates_admin:mentoring_revoke",
        "/admin/certificates/mentoring/{attestation_agreement_id}/{mentoring_attestation_id}/revoke/",
        ADMIN_POST_ONLY,
    ),
    (
        "certificates_admin:mentoring_reissue",
        "/admin/certificates/mentoring/{attestation_agreement_id}/{mentoring_attestation_id}/reissue/",
        ADMIN_POST_ONLY,
    ),
    # Attendance: the trainer's pages and the participant's check-in
    ("attendance:dashboard", "/{lang}/trainer/", LOGGED_IN),
    ("attendance:roster", "/{lang}/trainer/sessions/{session}/", OWN_COURSE_TRAINER),
    ("roster-of-a-course-not-trained", "/{lang}/trainer/sessions/{other_session}/", NOT_TRAINED_COURSE),
    ("roster-missing-session", "/{lang}/trainer/sessions/999999/", LOGGED_IN_404),
    ("attendance:check_in_code", "/{lang}/trainer/sessions/{session}/check-in-code/", OWN_COURSE_TRAINER),
    ("check-in-code-not-trained", "/{lang}/trainer/sessions/{other_session}/check-in-code/", NOT_TRAINED_COURSE),
    ("attendance:walk_in", "/{lang}/trainer/sessions/{session}/walk-in/", OWN_COURSE_TRAINER),
    ("walk-in-not-trained", "/{lang}/trainer/sessions/{other_session}/walk-in/", NOT_TRAINED_COURSE),
    # The code is checked as it is scanned, by anyone, and the scan kept for the confirmation page.
    ("attendance:check_in", "/{lang}/check-in/{check_in_token}/", dict.fromkeys(ROLES, 302)),
    ("check-in-invalid-code", "/{lang}/check-in/not-a-code/", dict.fromkeys(ROLES, 400)),
    ("attendance:confirm_check_in", "/{lang}/check-in/", {**dict.fromkeys(ROLES, 400), "anonymous": 302}),
    # Coordinators' reports in the Wagtail admin; filters the form refuses are shown with a 400
    ("reports_admin:index", "/admin/reports/", ADMIN_ONLY),
    ("reports-filtered", "/admin/reports/?date_from=2024-01-01&date_to=2024-12-31&kind=basic&language=sv", ADMIN_ONLY),
    ("reports-refused-filter", "/admin/reports/?date_from=eilen", {**ADMIN_ONLY, "coordinator": 400}),
    ("reports_admin:export_csv", "/admin/reports/export.csv", ADMIN_ONLY),
    ("reports_admin:export_xlsx", "/admin/reports/export.xlsx?kind=groups", ADMIN_ONLY),
    ("reports-export-refused-filter", "/admin/reports/export.xlsx?region=999999", {**ADMIN_ONLY, "coordinator": 400}),
    # Personal data: the person's own page, download and erasure; coordinators' pages for requests
    ("privacy:my_data", "/{lang}/my/data/", LOGGED_IN),
    ("privacy:download", "/{lang}/my/data/download/", LOGGED_IN),
    # Staff see why they cannot erase their own account here (a coordinator does it).
    ("privacy:erase", "/{lang}/my/data/erase/", LOGGED_IN),
    ("privacy:erased", "/{lang}/account-erased/", PUBLIC),
    ("privacy_admin:search", "/admin/personal-data/?q=testi", ADMIN_ONLY),
    ("privacy_admin:person", "/admin/personal-data/{participant_id}/", ADMIN_ONLY),
    ("privacy-admin-unknown-person", "/admin/personal-data/999999/", ADMIN_404),
    ("privacy_admin:download", "/admin/personal-data/{participant_id}/data.zip", ADMIN_ONLY),
    ("privacy_admin:erase", "/admin/personal-data/{participant_id}/erase/", ADMIN_POST_ONLY),
    # The audit log: coordinators read it
    ("audit_admin:index", "/admin/audit/", ADMIN_ONLY),
    ("audit-admin-refused-filter", "/admin/audit/?date_from=eilen", {**ADMIN_ONLY, "coordinator": 400}),
    *developer_groups_rows.ROWS,
    *mentoring_rows.ROWS,
]
# Rows whose redirect goes somewhere else than a log-in page: allauth's re-authentication, or
# the two-factor overview for someone who has an authenticator already; allauth's password reset;
# the check-in confirmation page.
ELSEWHERE = {"mfa_activate_totp", "wagtailadmin_password_reset", "attendance:check_in"}
# One test per row and role the row names.
CASES = [(name, url, role, status) for name, url, expected in MATRIX for role, status in expected.items()]
# Top-level URL prefixes of lms/urls.py and where the matrix covers them.
COVERED_PREFIXES = {
    "admin/",
    "admin/login/",
    "admin/password_reset/",
    "django-admin/",
    "django-admin/login/",
    "documents/",
    "documents/authenticate_with_password/<int:restriction_id>/",
    "fi/",
    "sv/",
    "en/",
    "calendar/<str:token>.ics",
}
# The project's own apps: those of INSTALLED_APPS whose code is in this repository.
OWN_APPS = {
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    and "site-packages" not in Path(config.path).parts
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Everyone and everything the matrix asks about, made once for the module inside a
    transaction that is rolled back at its end; each case runs in a savepoint of its own within
    it (pytest-django's per-test transaction), so a case's log-in leaves nothing behind. Made per
    case, the world cost more than the hundreds of requests themselves."""
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        # The certificates' PDFs are stand-ins: rendering is not under test here.
        patch.setattr(certificate_services, "render_certificate", lambda certificate: b"%PDF-1.7\n")
        catalogue = make_catalogue()
        people = make_people(catalogue)
        objects = make_objects(catalogue, people)
        yield people, objects
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.COORDINATORS_MUST_USE_TWO_FACTOR = True


@pytest.fixture
def people(world):
    return world[0]


@pytest.fixture
def objects(world):
    return world[1]


def make_catalogue():
    """As tests/conftest.py's `catalogue`, for a fixture of wider scope."""
    Locale.objects.get_or_create(language_code="fi")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePageFactory(parent=root, lead_fi="Koulutuksia ammattilaisille.", lead_sv="Utbildningar.")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": site_record_name()},
    )
    return CataloguePageFactory(parent=home)


def make_people(catalogue) -> dict:
    trainers, _ = Group.objects.get_or_create(name="Trainers")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(Permission.objects.get(codename="access_admin"))
    coordinators.permissions.add(Permission.objects.get(codename="view_region"))
    for codename in ("change_enrolment", "view_enrolment"):
        coordinators.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="enrolment"))
    for codename in ("add_certificate", "change_certificate", "view_certificate"):
        coordinators.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="certificates"))
    coordinators.permissions.add(Permission.objects.get(codename="view_reports", content_type__app_label="reports"))
    coordinators.permissions.add(Permission.objects.get(codename="view_entry", content_type__app_label="audit"))
    coordinators.permissions.add(
        Permission.objects.get(codename="manage_personal_data", content_type__app_label="privacy")
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=coordinators, page=catalogue.get_parent(), permission=Permission.objects.get(codename=codename)
        )
    trainer = UserFactory()
    trainer.groups.add(trainers)
    coordinator = UserFactory(is_staff=False)
    coordinator.groups.add(coordinators)
    # Coordinators must use a second factor (the matrix runs with the requirement on).
    TOTP.activate(coordinator, generate_totp_secret())
    participant = ParticipantFactory()
    # Reads the reports under a group of another name, and has no authenticator yet.
    reporting = Group.objects.create(name="Raportointi")
    reporting.permissions.add(Permission.objects.get(codename="access_admin"))
    reporting.permissions.add(Permission.objects.get(codename="view_reports", content_type__app_label="reports"))
    reporter = UserFactory()
    reporter.groups.add(reporting)
    return {
        "anonymous": None,
        "participant": participant,
        "trainer": trainer,
        "coordinator": coordinator,
        "reporter": reporter,
        # Given their places in a group or an agreement by the rows' own objects().
        **{role: ParticipantFactory() for role in ("member", "facilitator", "mentor", "mentee")},
    }


def make_objects(catalogue, people) -> dict:
    offering = IntroductionSessionPageFactory(parent=catalogue)
    draft = IntroductionSessionPageFactory(parent=catalogue, live=False)
    other = IntroductionSessionPageFactory(parent=catalogue)
    offering.trainers.add(people["trainer"])
    offering.save()
    # Today's session of a course the participant has a place on: its check-in code is theirs to use.
    today = IntroductionSessionPageFactory(parent=catalogue, sessions=[0])
    EnrolmentFactory(offering=today, user=people["participant"])
    own_enrolment = EnrolmentFactory(offering=other, user=people["participant"], completed=True)
    certificate = certificate_services.issue_certificate(own_enrolment, issued_by=None)
    return {
        "offering": offering.slug,
        "offering_id": offering.pk,
        "draft": draft.slug,
        "draft_id": draft.pk,
        "catalogue_id": catalogue.pk,
        "other_id": other.pk,
        "own_enrolment": own_enrolment.pk,
        "other_enrolment": EnrolmentFactory(offering=other).pk,
        "feed_token": profile_for(people["participant"]).feed_token,
        "participant_id": people["participant"].pk,
        "session": offering.sessions.get().pk,
        "other_session": other.sessions.get().pk,
        "check_in_token": check_in_token(today.sessions.get()),
        "restriction_id": PageViewRestriction.objects.create(
            page=draft, restriction_type=PageViewRestriction.PASSWORD, password="arvaa"
        ).pk,
        "certificate_code": certificate.display_code,
        "certificate_id": certificate.pk,
        "batch_id": IssueBatchFactory(offering=other, total=0).pk,
        **attestation_objects(),
        **developer_groups_rows.objects(people),
        **mentoring_rows.objects(people),
    }


def attestation_objects() -> dict:
    """A developer group and a mentoring agreement, each with an attestation of someone outside
    the matrix's roles (whose navigation would then link to the groups' and mentoring pages)."""
    today = timezone.localdate()
    AttestationSettings.objects.create(issuer=OrganisationFactory())
    group = DeveloperGroupFactory(starts_on=today - dt.timedelta(days=30), ends_on=today)
    member = MembershipFactory(group=group)
    MeetingAttendanceFactory(meeting=MeetingFactory(group=group, days=-7), membership=member)
    agreement = AgreementFactory(mentor=UserFactory(), starts_on=group.starts_on, ends_on=today)
    mentee = MenteeFactory(agreement=agreement)
    MentoringSessionFactory(agreement=agreement, days=-7, duration_minutes=60, participants=[mentee])
    return {
        "attestation_group_id": group.pk,
        "group_attestation_id": certificate_services.issue_group_attestation(member, issued_by=None).pk,
        "attestation_agreement_id": agreement.pk,
        "mentoring_attestation_id": certificate_services.issue_mentoring_attestation(mentee, issued_by=None).pk,
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(("name", "url", "role", "expected"), CASES, ids=[f"{case[0]}-{case[2]}" for case in CASES])
def test_permission_matrix(client, people, objects, role, name, url, expected, lang):
    if role == "coordinator":  # logged in as allauth leaves it: password and second factor
        log_in_with_second_factor(client, people[role])
    elif people[role]:
        client.force_login(people[role])

    response = client.get(url.format(lang=lang, **objects))

    assert response.status_code == expected, f"{name} as {role}"
    if response.status_code == 302 and name not in ("root", "account_login", "account_signup", *ELSEWHERE):
        assert "login" in response["Location"]
    if response.status_code == 302 and name in ("account_login", "account_signup"):
        assert response["Location"].endswith("/my/trainings/")


# Every page but allauth's own (where a second factor is set up) and those that only redirect.
SECOND_FACTOR_ROWS = [
    (name, url) for name, url, expected in MATRIX if expected.get("coordinator") != 302 and "/accounts/" not in url
]


@pytest.mark.parametrize(("name", "url"), SECOND_FACTOR_ROWS, ids=[row[0] for row in SECOND_FACTOR_ROWS])
def test_a_holder_of_a_sensitive_permission_is_sent_to_set_up_a_second_factor_from_every_page(
    client, people, objects, name, url
):
    client.force_login(people["reporter"])

    response = client.get(url.format(lang="fi", **objects))

    assert response.status_code == 302, name
    assert response["Location"] == "/fi/accounts/2fa/totp/activate/"


def test_every_top_level_url_is_in_the_matrix():
    prefixes = {str(pattern.pattern) for pattern in get_resolver().url_patterns}
    # i18n_patterns shows as one pattern whose prefix follows the active language.
    prefixes = {"fi/" if p in ("fi/", "sv/", "en/") else p for p in prefixes} - {"^media/(?P<path>.*)$"}

    assert prefixes <= COVERED_PREFIXES, prefixes - COVERED_PREFIXES


def _urls(patterns, namespaces=(), included_from=""):
    """Every URL as (name with its namespaces or None, the module of its view, the module whose
    urlpatterns hold it), walking includes at any depth."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
            yield from _urls(pattern.url_patterns, inner, module if isinstance(module, str) else included_from)
        else:
            view = getattr(pattern.callback, "view_class", pattern.callback)
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield name, view.__module__, included_from, namespaces


def own_urls() -> list[tuple]:
    """The URLs of the project's own apps: their view or their urls module is in an own app, and
    so is every URL in a namespace one of those is in (a Wagtail viewset registered by an app
    serves some of its views from Wagtail's modules)."""

    def own(module):
        return module.split(".")[0] in OWN_APPS

    urls = list(_urls(get_resolver().url_patterns))
    namespaces = {spaces for _name, view, origin, spaces in urls if spaces and (own(view) or own(origin))}
    return [
        (name, view)
        for name, view, origin, spaces in urls
        if own(view) or own(origin) or (spaces and spaces in namespaces)
    ]


def test_every_url_of_the_projects_own_apps_is_in_the_matrix():
    urls = own_urls()
    names = {name for name, _view in urls if name}
    rows = {row[0] for row in MATRIX}

    assert {"enrolment", "developer_groups", "mentoring", "reports"} <= OWN_APPS
    # The walk finds un-namespaced names and a viewset's views that live in Wagtail's modules.
    assert {"calendar_feed", "enrolment_admin:index", "developer_groups_admin:delete"} <= names
    assert not [view for name, view in urls if name is None], "an own URL without a name has no row"
    assert names <= rows, names - rows

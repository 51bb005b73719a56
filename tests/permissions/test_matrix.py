"""URL × role → what each person gets. Every URL the project adds joins this matrix.

Expectations: 200 shown, 302 to log-in, 403 refused, 404 not found (someone else's object or a
draft). Roles are built the way the demo builds them.
"""

from django.contrib.auth.models import Group, Permission
from django.urls import get_resolver

from wagtail.models import GroupPagePermission

import pytest

from accounts.selectors import profile_for
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "trainer", "coordinator"]
PUBLIC = dict.fromkeys(ROLES, 200)
ADMIN_ONLY = {"anonymous": 302, "participant": 302, "trainer": 302, "coordinator": 200}
LOGGED_IN = {"anonymous": 302, "participant": 200, "trainer": 200, "coordinator": 200}
LOGGED_IN_404 = {"anonymous": 302, "participant": 404, "trainer": 404, "coordinator": 404}

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
    # Accounts
    # Someone logged in is sent on to their trainings.
    ("account_login", "/{lang}/accounts/login/", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    ("account_signup", "/{lang}/accounts/signup/", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    ("account_reset_password", "/{lang}/accounts/password/reset/", PUBLIC),
    ("accounts:privacy", "/{lang}/privacy/", PUBLIC),
    ("accounts:profile", "/{lang}/my/profile/", LOGGED_IN),
    # Enrolment
    ("enrolment:enrol", "/{lang}/enrol/{offering_id}/", LOGGED_IN),
    ("enrol-draft", "/{lang}/enrol/{draft_id}/", {**LOGGED_IN_404, "anonymous": 302}),
    ("enrolment:my_trainings", "/{lang}/my/trainings/", LOGGED_IN),
    ("enrolment:cancel", "/{lang}/my/enrolments/{own_enrolment}/cancel/", {**LOGGED_IN_404, "participant": 200}),
    ("cancel-someone-elses", "/{lang}/my/enrolments/{other_enrolment}/cancel/", LOGGED_IN_404),
    ("enrolment:reset_feed", "/{lang}/my/calendar/reset/", dict.fromkeys(ROLES, 405)),
    ("calendar_feed", "/calendar/{feed_token}.ics", PUBLIC),
    ("calendar-feed-wrong-token", "/calendar/not-a-token.ics", dict.fromkeys(ROLES, 404)),
]
# Top-level URL prefixes of lms/urls.py and where the matrix covers them.
COVERED_PREFIXES = {"admin/", "django-admin/", "documents/", "fi/", "sv/", "en/", "calendar/<str:token>.ics"}
# The project's own URL namespaces: every URL name in them must be a row of the matrix.
OWN_NAMESPACES = ("accounts", "enrolment")


@pytest.fixture
def people(catalogue):
    trainers, _ = Group.objects.get_or_create(name="Trainers")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(Permission.objects.get(codename="access_admin"))
    coordinators.permissions.add(Permission.objects.get(codename="view_region"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=coordinators, page=catalogue.get_parent(), permission=Permission.objects.get(codename=codename)
        )
    trainer = UserFactory()
    trainer.groups.add(trainers)
    coordinator = UserFactory(is_staff=False)
    coordinator.groups.add(coordinators)
    participant = ParticipantFactory()
    return {"anonymous": None, "participant": participant, "trainer": trainer, "coordinator": coordinator}


@pytest.fixture
def objects(catalogue, people):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    draft = IntroductionSessionPageFactory(parent=catalogue, live=False)
    other = IntroductionSessionPageFactory(parent=catalogue)
    own_enrolment = EnrolmentFactory(offering=other, user=people["participant"])
    return {
        "offering": offering.slug,
        "offering_id": offering.pk,
        "draft": draft.slug,
        "draft_id": draft.pk,
        "catalogue_id": catalogue.pk,
        "own_enrolment": own_enrolment.pk,
        "other_enrolment": EnrolmentFactory(offering=other).pk,
        "feed_token": profile_for(people["participant"]).feed_token,
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(client, people, objects, role, name, url, expected, lang):
    if people[role]:
        client.force_login(people[role])

    response = client.get(url.format(lang=lang, **objects))

    assert response.status_code == expected[role], f"{name} as {role}"
    if response.status_code == 302 and name not in ("root", "account_login", "account_signup"):
        assert "login" in response["Location"]
    if response.status_code == 302 and name in ("account_login", "account_signup"):
        assert response["Location"].endswith("/my/trainings/")


def test_every_top_level_url_is_in_the_matrix():
    prefixes = {str(pattern.pattern) for pattern in get_resolver().url_patterns}
    # i18n_patterns shows as one pattern whose prefix follows the active language.
    prefixes = {"fi/" if p in ("fi/", "sv/", "en/") else p for p in prefixes} - {"^media/(?P<path>.*)$"}

    assert prefixes <= COVERED_PREFIXES, prefixes - COVERED_PREFIXES


def test_every_url_of_the_projects_own_apps_is_in_the_matrix():
    names = set()
    for pattern in get_resolver().url_patterns:
        for namespace in OWN_NAMESPACES:
            urlconf = getattr(pattern, "url_patterns", [])
            for inner in urlconf:
                for leaf in getattr(inner, "url_patterns", [inner]):
                    if getattr(inner, "namespace", None) == namespace and getattr(leaf, "name", None):
                        names.add(f"{namespace}:{leaf.name}")

    assert names, "no URL of the project's own apps found: the walk above is broken"
    assert names <= {row[0] for row in MATRIX}, names - {row[0] for row in MATRIX}

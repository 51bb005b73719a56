"""`manage.py set_up_roles`: the staff groups a production site needs, made on every release."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import GroupCollectionPermission, GroupPagePermission

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_set_up_roles_gives_coordinators_what_their_pages_ask_for_and_runs_twice_alike(home_page):
    call_command("set_up_roles", stdout=None)
    first = set(Group.objects.get(name="Coordinators").permissions.values_list("pk", flat=True))
    call_command("set_up_roles", stdout=None)

    coordinators = Group.objects.get(name="Coordinators")
    assert set(coordinators.permissions.values_list("pk", flat=True)) == first
    assert Group.objects.filter(name="Trainers").exists()
    person = UserFactory()
    person.groups.add(coordinators)
    for permission in (
        "wagtailadmin.access_admin",
        "enrolment.change_enrolment",  # enrolment.permissions.can_manage_enrolments
        "certificates.add_certificate",  # certificates.permissions.can_issue_certificates
        "developer_groups.change_developergroup",  # developer_groups.permissions.can_manage_groups
        "mentoring.change_agreement",  # mentoring.permissions.can_manage_mentoring
        "reports.view_reports",  # reports.permissions.can_view_reports
        "certificates.change_attestationsettings",
        "courses.change_region",
    ):
        assert person.has_perm(permission), permission
    # Records of people are ended, not deleted, from the admin.
    assert not person.has_perm("enrolment.delete_enrolment")
    assert not person.has_perm("certificates.delete_certificate")
    assert GroupPagePermission.objects.filter(group=coordinators, page=home_page).count() == 5
    assert GroupCollectionPermission.objects.filter(group=coordinators).count() == 6

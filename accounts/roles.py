"""The staff roles and what each may do, set up by `manage.py set_up_roles` on every release (and
by the demo loader). Roles are Django groups (docs/decisions.md, "Roles"); a person's part in a
course, a developer group or a mentoring agreement is given on that object, not by a role."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from .permissions import COORDINATORS

TRAINERS = "Trainers"

# (app label, model, actions) of the Coordinators group. Nothing that holds a person's record is
# deleted from the admin: enrolments are cancelled, certificates revoked, groups and agreements end.
COORDINATOR_MODEL_PERMISSIONS = [
    ("courses", "region", ("add", "change", "delete", "view")),
    ("courses", "municipality", ("add", "change", "delete", "view")),
    ("courses", "sector", ("add", "change", "delete", "view")),
    ("courses", "organisation", ("add", "change", "delete", "view")),
    ("enrolment", "enrolment", ("add", "change", "view")),
    ("certificates", "certificate", ("add", "change", "view")),
    ("certificates", "issuebatch", ("add", "change", "view")),
    ("certificates", "attestationsettings", ("change",)),
    ("developer_groups", "developergroup", ("add", "change", "view")),
    ("mentoring", "agreement", ("add", "change", "view")),
    ("mentoring", "mentee", ("add", "change", "view")),
    ("audit", "entry", ("view",)),
]
# Permissions of their own (app label, codename).
COORDINATOR_OTHER_PERMISSIONS = [("reports", "view_reports"), ("privacy", "manage_personal_data")]
# Coordinators edit and publish the site's pages (the offerings) under the home page.
COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# ... and upload and choose images (logos, signatures) and documents.
COORDINATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
]


@transaction.atomic
def set_up_roles(home: Page | None = None) -> tuple[Group, Group]:
    """Create or bring up to date the Coordinators and Trainers groups; idempotent. Page
    permissions are given on `home` (default: the default site's root page), if there is one."""
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    trainers, _ = Group.objects.get_or_create(name=TRAINERS)
    wanted = [Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")]
    for app_label, model, actions in COORDINATOR_MODEL_PERMISSIONS:
        wanted += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]
        )
    for app_label, codename in COORDINATOR_OTHER_PERMISSIONS:
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    coordinators.permissions.add(*wanted)
    if home is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page if site else None
    if home is not None:
        for codename in COORDINATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=coordinators, page=home, permission=Permission.objects.get(codename=codename)
            )
    root = Collection.get_first_root_node()
    for app_label, codenames in COORDINATOR_COLLECTION_PERMISSIONS:
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
            GroupCollectionPermission.objects.get_or_create(group=coordinators, collection=root, permission=permission)
    return coordinators, trainers

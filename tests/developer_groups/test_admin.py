import datetime as dt
import re

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from developer_groups import services
from developer_groups.models import DeveloperGroup, Invitation, Membership
from developer_groups.services import accept_invitation, invite
from tests.factories import (
    DeveloperGroupFactory,
    MembershipFactory,
    MunicipalityFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_groups_list_shows_each_groups_current_members(as_coordinator, group, member, facilitator):
    MembershipFactory(group=group, left_on=timezone.localdate() - dt.timedelta(days=5))

    html = as_coordinator.get("/admin/developer-groups/").content.decode()

    row = html[html.index("MindMe-kehittäjäryhmä Pori") :]
    row = row[: row.index("</tr>")]
    assert f'href="/admin/developer-groups/{group.pk}/members/"' in row
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
    assert "2" in cells  # the one who left is not counted


def test_a_coordinator_creates_a_group_and_lands_on_its_members_page(as_coordinator):
    municipality = MunicipalityFactory(name_fi="Eura", name_sv="Eura")
    today = timezone.localdate()

    response = as_coordinator.post(
        "/admin/developer-groups/new/",
        {
            "municipality": municipality.pk,
            "unit": "",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=300)).isoformat(),
            "listed": "on",
            "name_fi": "MindMe-kehittäjäryhmä Eura",
            "theme_fi": "Siirtymät sijaishuoltopaikasta kouluun",
            "description_fi": "",
            "name_sv": "",
            "theme_sv": "",
            "description_sv": "",
            "name_en": "",
            "theme_en": "",
            "description_en": "",
        },
    )

    group = DeveloperGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/developer-groups/{group.pk}/members/"
    assert group.name_fi == "MindMe-kehittäjäryhmä Eura"


def group_form(group, **changes) -> dict:
    fields = {
        "municipality": group.municipality_id,
        "unit": group.unit,
        "starts_on": group.starts_on.isoformat(),
        "ends_on": group.ends_on.isoformat(),
        "listed": "on" if group.listed else "",
        **{
            f"{name}_{code}": getattr(group, f"{name}_{code}")
            for name in ("name", "theme", "description")
            for code in ("fi", "sv", "en")
        },
    }
    return {**fields, **changes}


def test_the_admin_creates_and_edits_groups_through_the_services(as_coordinator, coordinator, group, monkeypatch):
    calls = []
    for name in ("create_group", "update_group"):
        real = getattr(services, name)
        monkeypatch.setattr(
            services,
            name,
            lambda *args, _real=real, _name=name, **kwargs: calls.append(_name) or _real(*args, **kwargs),
        )

    created = as_coordinator.post(
        "/admin/developer-groups/new/", group_form(group, name_fi="MindMe-kehittäjäryhmä Eura", unit="")
    )
    edited = as_coordinator.post(f"/admin/developer-groups/edit/{group.pk}/", group_form(group, unit="Ulvilan koulu"))

    assert (created.status_code, edited.status_code) == (302, 302)
    assert calls == ["create_group", "update_group"]
    new = DeveloperGroup.objects.get(name_fi="MindMe-kehittäjäryhmä Eura")
    group.refresh_from_db()
    assert group.unit == "Ulvilan koulu"
    history = ModelLogEntry.objects.filter(user=coordinator).order_by("pk")
    assert [(entry.object_id, entry.action) for entry in history] == [
        (str(new.pk), "wagtail.create"),
        (str(group.pk), "wagtail.edit"),
    ]


def test_saving_a_group_unchanged_writes_nothing_to_its_history(as_coordinator, coordinator, group):
    response = as_coordinator.post(f"/admin/developer-groups/edit/{group.pk}/", group_form(group))

    assert response.status_code == 302
    assert not ModelLogEntry.objects.filter(object_id=str(group.pk), action="wagtail.edit").exists()


def test_the_edit_page_links_to_members_attestations_and_the_group_page(as_coordinator, coordinator, group):
    coordinator.groups.first().permissions.add(
        Permission.objects.get(codename="add_certificate", content_type__app_label="certificates")
    )

    html = as_coordinator.get(f"/admin/developer-groups/edit/{group.pk}/").content.decode()

    assert f'href="/admin/developer-groups/{group.pk}/members/"' in html
    assert f'href="/admin/certificates/groups/{group.pk}/"' in html
    assert f'href="/fi/groups/{group.pk}/"' in html


def test_the_members_page_lists_members_and_invitations_in_their_states(as_coordinator, coordinator, group, member):
    pending = invite(group, email="aino@example.fi", by=coordinator)
    expired = invite(group, email="bertil@example.fi", by=coordinator)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    accepted = invite(group, email="cecilia@example.fi", by=coordinator)
    accept_invitation(accepted, user=UserFactory(username="cecilia@example.fi", verified=True))

    html = as_coordinator.get(f"/admin/developer-groups/{group.pk}/members/").content.decode()

    assert f'id="member-{member.pk}"' in html
    assert f'id="invitation-{pending.pk}" data-state="pending"' in html
    assert f'id="invitation-{expired.pk}" data-state="expired"' in html
    assert f'id="invitation-{accepted.pk}" data-state="accepted"' in html
    assert html.count("/resend/") == 2


def test_a_coordinator_invites_by_email(as_coordinator, group, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(
            f"/admin/developer-groups/{group.pk}/members/invite/",
            {"email": "Aino@Example.fi", "first_name": "Aino", "role": "facilitator", "language": "sv"},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.language) == ("aino@example.fi", "facilitator", "sv")
    assert [m.to for m in mailoutbox] == [["aino@example.fi"]]
    assert f"/sv/groups/invitations/{invitation.token}/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("email", "message"),
    [("not-an-address", "Enter a valid email address."), ("member", "is already a member of the group.")],
    ids=["invalid", "member"],
)
def test_an_invitation_that_cannot_be_sent_comes_back_with_what_was_typed(
    as_coordinator, group, member, email, message
):
    email = member.user.email if email == "member" else email

    response = as_coordinator.post(
        f"/admin/developer-groups/{group.pk}/members/invite/",
        {"email": email, "first_name": "Aino", "role": "member", "language": "fi"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'value="Aino"' in html
    assert not Invitation.objects.exists()


def test_resending_renews_the_link_and_withdrawing_removes_it(as_coordinator, coordinator, group, mailoutbox):
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    old_token = invitation.token

    assert (
        as_coordinator.post(f"/admin/developer-groups/{group.pk}/invitations/{invitation.pk}/resend/").status_code
        == 302
    )
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert (
        as_coordinator.post(f"/admin/developer-groups/{group.pk}/invitations/{invitation.pk}/withdraw/").status_code
        == 302
    )
    assert not Invitation.objects.exists()


def test_an_invitation_under_another_groups_address_is_not_found(as_coordinator, coordinator, group):
    invitation = invite(DeveloperGroupFactory(name_fi="Toinen"), email="aino@example.fi", by=coordinator)

    response = as_coordinator.post(f"/admin/developer-groups/{group.pk}/invitations/{invitation.pk}/withdraw/")

    assert response.status_code == 404
    assert Invitation.objects.exists()


def test_a_coordinator_corrects_a_membership_and_a_member_leaves(as_coordinator, group, member):
    left = timezone.localdate()

    response = as_coordinator.post(
        f"/admin/developer-groups/{group.pk}/members/{member.pk}/",
        {"role": "contact", "joined_on": member.joined_on.isoformat(), "left_on": left.isoformat()},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.left_on) == ("contact", left)


def test_a_leaving_day_before_the_joining_day_is_refused(as_coordinator, group, member):
    response = as_coordinator.post(
        f"/admin/developer-groups/{group.pk}/members/{member.pk}/",
        {
            "role": "member",
            "joined_on": member.joined_on.isoformat(),
            "left_on": (member.joined_on - dt.timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.left_on is None


def test_a_membership_of_another_group_is_not_found(as_coordinator, group):
    other = MembershipFactory(group=DeveloperGroupFactory(name_fi="Toinen"))

    assert as_coordinator.get(f"/admin/developer-groups/{group.pk}/members/{other.pk}/").status_code == 404


def test_an_admin_user_without_the_groups_permission_is_turned_away(client, group, editor):
    client.force_login(editor)

    for url in (f"/admin/developer-groups/{group.pk}/members/", "/admin/developer-groups/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_the_members_page_costs_the_same_queries_for_2_people_and_12(as_coordinator, coordinator, group):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_coordinator.get(f"/admin/developer-groups/{group.pk}/members/").status_code == 200
        return len(captured)

    MembershipFactory(group=group)
    invite(group, email="a@example.fi", by=coordinator)
    small = queries()
    for n in range(5):
        MembershipFactory(group=group, user=ParticipantFactory(), role=Membership.Role.CONTACT)
        invite(group, email=f"b{n}@example.fi", by=coordinator)

    assert queries() == small

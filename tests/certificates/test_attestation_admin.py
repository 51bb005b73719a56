"""Coordinators' attestation pages in the Wagtail admin: a developer group's members with the
meetings they attended, a mentoring agreement's mentees with their hours, issuing to the ticked
ones, revoking, reissuing and opening the PDF; 404 for what is not there or not theirs.

Assertions read data and markup (ids, data attributes, names), not interface texts."""

from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from attendance.models import Attendance
from certificates import services
from certificates.models import Certificate
from certificates.services import issue_group_attestation, issue_mentoring_attestation
from mentoring.models import Mentee
from tests.factories import (
    DeveloperGroupFactory,
    MembershipFactory,
    MenteeFactory,
    MentoringSessionFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% stand-in for the rendered attestation\n"
PRESENT, ABSENT = Attendance.Status.PRESENT, Attendance.Status.ABSENT


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    monkeypatch.setattr(services, "render_certificate", lambda certificate: PDF)


@pytest.fixture
def members(group, meetings, membership):
    """Åsa (3 of 4), Björn (1 of 4, a facilitator) and Eero (absent from all he was marked at)."""
    return [
        membership,
        MembershipFactory(
            group=group,
            user=ParticipantFactory(first_name="Björn", last_name="B"),
            role="facilitator",
            marks=[(meetings[0], PRESENT)],
        ),
        MembershipFactory(
            group=group, user=ParticipantFactory(first_name="Eero", last_name="E"), marks=[(meetings[0], ABSENT)]
        ),
    ]


@pytest.fixture
def mentees(agreement, mentee):
    """Åsa (3,3 h) and the fixture's other mentee (4,6 h), and Ville, with only a planned session."""
    ville = MenteeFactory(agreement=agreement, user=ParticipantFactory(first_name="Ville", last_name="V"))
    MentoringSessionFactory(agreement=agreement, days=5, participants=[ville])
    return [mentee, Mentee.objects.exclude(pk__in=[mentee.pk, ville.pk]).get(agreement=agreement), ville]


def group_url(group, *parts):
    return "/".join([f"/admin/certificates/groups/{group.pk}", *map(str, parts)]) + "/"


def mentoring_url(agreement, *parts):
    return "/".join([f"/admin/certificates/mentoring/{agreement.pk}", *map(str, parts)]) + "/"


def row(html, obj):
    start = html.index(f'id="person-{obj.pk}"')
    return html[start : html.index("</tr>", start)]


def last_level(response):
    """The level of the newest message waiting to be shown (earlier ones wait with it until a page
    shows them)."""
    return [message.level for message in get_messages(response.wsgi_request)][-1]


# Listing


def test_the_group_page_lists_members_with_meetings_attended_and_boxes_for_those_to_attest(
    coordinator_client, group, members
):
    asa, bjorn, eero = members
    certificate = issue_group_attestation(asa, issued_by=None)

    response = coordinator_client.get(group_url(group))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-attended="3" data-held="4"' in row(html, asa)
    assert 'data-attended="1" data-held="4"' in row(html, bjorn)
    assert 'data-attended="0" data-held="4"' in row(html, eero)
    # Åsa has hers: its PDF, revoke and reissue; Björn can be ticked; Eero has nothing to attest.
    assert f'data-certificate="{certificate.number}"' in row(html, asa)
    assert group_url(group, certificate.pk, "pdf") in row(html, asa)
    assert group_url(group, certificate.pk, "revoke") in row(html, asa)
    assert group_url(group, certificate.pk, "reissue") in row(html, asa)
    assert 'name="person"' not in row(html, asa)
    assert f'name="person" value="{bjorn.pk}"' in row(html, bjorn)
    assert 'name="person"' not in row(html, eero)
    assert f'action="{group_url(group, "issue")}"' in html


def test_the_mentoring_page_lists_mentees_with_their_hours(coordinator_client, agreement, mentees):
    asa, other, ville = mentees
    certificate = issue_mentoring_attestation(asa, issued_by=None)

    html = coordinator_client.get(mentoring_url(agreement)).content.decode()

    assert 'data-minutes="195" data-sessions="3"' in row(html, asa)
    assert "3,3" in row(html, asa) or "3.3" in row(html, asa)
    assert 'data-minutes="315" data-sessions="4"' in row(html, other)
    assert 'data-minutes="0" data-sessions="0"' in row(html, ville)
    assert mentoring_url(agreement, certificate.pk, "pdf") in row(html, asa)
    assert f'name="person" value="{other.pk}"' in row(html, other)
    assert 'name="person"' not in row(html, ville)


# Issuing


def test_issuing_to_the_ticked_members_issues_and_emails_each(
    coordinator_client, coordinator, group, members, mailoutbox, django_capture_on_commit_callbacks
):
    asa, bjorn, eero = members

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(group_url(group, "issue"), {"person": [asa.pk, bjorn.pk, eero.pk]})

    assert response.status_code == 302
    assert response["Location"] == group_url(group)
    assert last_level(response) == SUCCESS
    issued = Certificate.objects.filter(kind="group")
    assert sorted(issued.values_list("membership", flat=True)) == sorted([asa.pk, bjorn.pk])
    assert {certificate.issued_by for certificate in issued} == {coordinator}
    assert len(mailoutbox) == 2
    # Ticking them again issues nothing more.
    response = coordinator_client.post(group_url(group, "issue"), {"person": [asa.pk, bjorn.pk]})
    assert last_level(response) == ERROR
    assert issued.count() == 2


def test_choosing_all_issues_to_every_mentee_with_hours(
    coordinator_client, agreement, mentees, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(mentoring_url(agreement, "issue"), {"all": "1"})

    assert response["Location"] == mentoring_url(agreement)
    assert sorted(Certificate.objects.values_list("mentee", flat=True)) == sorted(m.pk for m in mentees[:2])


def test_issuing_to_nobody_or_to_another_groups_members_issues_nothing(coordinator_client, group, members):
    elsewhere = MembershipFactory(group=DeveloperGroupFactory(), marks=[])

    for data in ({}, {"person": [elsewhere.pk]}, {"person": ["x"]}):
        response = coordinator_client.post(group_url(group, "issue"), data)
        assert last_level(response) == ERROR, data
    assert not Certificate.objects.exists()


# Revoking, reissuing, the PDF


def test_coordinator_revokes_and_reissues_attestations(
    coordinator_client, coordinator, group, members, agreement, mentees
):
    group_attestation = issue_group_attestation(members[0], issued_by=None)
    mentoring_attestation = issue_mentoring_attestation(mentees[0], issued_by=None)

    response = coordinator_client.post(group_url(group, group_attestation.pk, "revoke"), {"reason": "Väärä henkilö"})
    assert (response["Location"], last_level(response)) == (group_url(group), SUCCESS)
    group_attestation.refresh_from_db()
    assert (group_attestation.status, group_attestation.revoked_by) == ("revoked", coordinator)

    response = coordinator_client.post(
        mentoring_url(agreement, mentoring_attestation.pk, "reissue"), {"reason": "Nimi", "name": "Åsa Törnqvist"}
    )
    assert (response["Location"], last_level(response)) == (mentoring_url(agreement), SUCCESS)
    new = mentoring_attestation.replaced_by
    assert (new.kind, new.mentee, new.data["name"]) == ("mentoring", mentees[0], "Åsa Törnqvist")

    # The page lists the new one, with the one it replaced under it.
    html = coordinator_client.get(mentoring_url(agreement)).content.decode()
    assert f'data-certificate="{new.number}"' in row(html, mentees[0])
    assert 'data-status="superseded"' in row(html, mentees[0])

    # A revoke without a reason changes nothing.
    response = coordinator_client.post(mentoring_url(agreement, new.pk, "revoke"), {"reason": " "})
    assert last_level(response) == ERROR
    new.refresh_from_db()
    assert new.is_valid


def test_coordinator_opens_the_stored_pdf_of_any_attestation_of_the_group_or_agreement(
    coordinator_client, group, members, agreement, mentees
):
    group_attestation = issue_group_attestation(members[0], issued_by=None)
    mentoring_attestation = issue_mentoring_attestation(mentees[0], issued_by=None)

    for address in (
        group_url(group, group_attestation.pk, "pdf"),
        mentoring_url(agreement, mentoring_attestation.pk, "pdf"),
    ):
        response = coordinator_client.get(address)
        assert response.status_code == 200, address
        assert b"".join(response.streaming_content) == PDF


def test_attestations_of_another_group_or_agreement_and_missing_objects_are_not_found(
    coordinator_client, group, members, agreement, mentees
):
    group_attestation = issue_group_attestation(members[0], issued_by=None)
    mentoring_attestation = issue_mentoring_attestation(mentees[0], issued_by=None)
    other_group = DeveloperGroupFactory()

    for address in (
        "/admin/certificates/groups/999999/",
        "/admin/certificates/mentoring/999999/",
        group_url(other_group, group_attestation.pk, "pdf"),
        # A mentoring attestation is not the group's, nor a group attestation the agreement's.
        group_url(group, mentoring_attestation.pk, "pdf"),
        mentoring_url(agreement, group_attestation.pk, "pdf"),
        f"/admin/certificates/{group.pk}/{group_attestation.pk}/pdf/",
    ):
        assert coordinator_client.get(address).status_code == 404, address
    for address in (
        group_url(other_group, group_attestation.pk, "revoke"),
        mentoring_url(agreement, group_attestation.pk, "reissue"),
        "/admin/certificates/groups/999999/issue/",
    ):
        assert coordinator_client.post(address, {"reason": "x"}).status_code == 404, address
    group_attestation.refresh_from_db()
    assert group_attestation.is_valid


# Who may


@pytest.mark.parametrize("role", ["anonymous", "participant"])
def test_people_outside_the_admin_are_sent_to_log_in(client, group, members, agreement, role):
    if role == "participant":
        client.force_login(members[0].user)

    for address in (group_url(group), mentoring_url(agreement)):
        response = client.get(address)
        assert (response.status_code, "login" in response["Location"]) == (302, True), address
    response = client.post(group_url(group, "issue"), {"all": "1"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Certificate.objects.exists()


def test_admin_users_without_the_certificate_permission_are_refused(client, group, members, agreement, mentees, editor):
    certificate = issue_group_attestation(members[0], issued_by=None)
    client.force_login(editor)

    for address in (group_url(group), mentoring_url(agreement), group_url(group, certificate.pk, "pdf")):
        response = client.get(address)
        # Wagtail answers PermissionDenied in its admin with the dashboard and an error message.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), address
    for address in (group_url(group, "issue"), mentoring_url(agreement, "issue")):
        response = client.post(address, {"all": "1"})
        assert (response.status_code, response["Location"]) == (302, "/admin/"), address
    response = client.post(group_url(group, certificate.pk, "revoke"), {"reason": "x"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Certificate.objects.get().is_valid


# Cost


def test_the_group_page_costs_the_same_queries_for_2_and_10_members(coordinator_client, group, meetings):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = coordinator_client.get(group_url(group))
        assert response.status_code == 200
        return len(captured)

    def add(n):
        for _ in range(n):
            membership = MembershipFactory(group=group, marks=[(meetings[0], PRESENT), (meetings[1], ABSENT)])
            issue_group_attestation(membership, issued_by=None)

    add(2)
    two = queries()
    add(8)
    ten = queries()

    assert ten == two, f"{two} queries for 2 members, {ten} for 10"

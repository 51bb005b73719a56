"""Developer-group and mentoring attestations on the certificate engine: what they say in Finnish
and Swedish, their PDF, one valid attestation per membership or mentee, refusals, revoking and
reissuing, their email, their verification page and the holder's My trainings."""

import datetime as dt
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from attendance.models import Attendance
from certificates import services
from certificates.content import hours_text
from certificates.models import AttestationSettings, Certificate, CertificateCounter
from certificates.selectors import with_hours
from certificates.services import (
    CertificateError,
    issue_group_attestation,
    issue_mentoring_attestation,
    queue_group_attestations,
    queue_mentoring_attestations,
    reissue_certificate,
    revoke_certificate,
)
from certificates.tasks import issue_attestation
from mentoring.models import Mentee, MentoringSession
from mentoring.services import MentoringRefused, log_session, remove_mentee
from tests.factories import (
    AgreementFactory,
    CertificateFactory,
    DeveloperGroupFactory,
    MeetingFactory,
    MembershipFactory,
    MenteeFactory,
    MentoringSessionFactory,
    ParticipantFactory,
)

from .pdf_tools import pdf_pages, pdf_text, pdf_to_png

pytestmark = pytest.mark.django_db

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
PRESENT, LATE, EXCUSED, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.EXCUSED,
    Attendance.Status.ABSENT,
)


@pytest.fixture
def quick_pdf(monkeypatch):
    monkeypatch.setattr(services, "render_certificate", lambda certificate: b"%PDF-1.7\n% stand-in\n")


# What they say


def test_a_group_attestation_states_the_group_period_and_meetings_attended_in_both_languages(
    membership, group, quick_pdf
):
    certificate = issue_group_attestation(membership, issued_by=None)
    data = certificate.data
    today = timezone.localdate()

    assert (certificate.kind, certificate.membership, certificate.subject) == ("group", membership, membership.user)
    assert certificate.enrolment is None
    assert certificate.mentee is None
    assert data["name"] == "Åsa Törnqvist-Väänänen"
    assert (data["heading_fi"], data["heading_sv"]) == ("TODISTUS", "INTYG")
    assert data["statement_fi"] == "on toiminut MindMe-kehittäjäryhmän jäsenenä"
    assert data["statement_sv"] == "har varit medlem i MindMe-utvecklingsgruppen"
    assert (data["title_fi"], data["title_sv"]) == (
        "MindMe-kehittäjäryhmä Pori",
        "MindMe-utvecklingsgruppen Björneborg",
    )
    # The group goes on for two more months: the attestation covers the period up to its issue.
    assert (data["starts_on"], data["ends_on"]) == (group.starts_on.isoformat(), today.isoformat())
    # Present and late count; the meeting missed and the one still to come do not.
    assert (data["meetings_attended"], data["meetings_held"]) == (3, 4)
    assert data["scope_fi"] == "3 tapaamista 4 pidetystä"
    assert data["scope_sv"] == "3 av 4 hållna träffar"
    assert data["content_fi"] == (
        "Teema: Sisukas-malli: sijoitettujen lasten koulunkäynnin tuki. Porin perusopetus, Pori."
    )
    assert data["content_sv"] == (
        "Tema: Sisukas-modellen: skolstöd för barn i vård utom hemmet. Porin perusopetus, Björneborg."
    )
    assert data["issuer_fi"] == "Sosiaalialan osaamiskeskus Vasso"
    assert data["issuer_sv"] == "Kompetenscentret inom det sociala området Vasso"
    assert (data["partner_fi"], data["partner_sv"]) == ("Pesäpuu ry", "Pesäpuu rf")
    assert (data["signatory"], data["signatory_title_sv"]) == ("Leena Mäkelä", "Utvecklingschef")
    assert (data["place_fi"], data["place_sv"]) == ("Pori", "Björneborg")
    assert data["role"] == "member"


def test_a_group_that_has_ended_is_attested_for_its_whole_period_and_the_meetings_of_the_membership(
    attestation_settings, quick_pdf
):
    today = timezone.localdate()
    group = DeveloperGroupFactory(starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=10))
    # Joined after the first two meetings; was nevertheless marked present at the first, so it
    # counts as held; the second, held before joining and not attended, does not.
    before, _, second, third = (MeetingFactory(group=group, days=days) for days in (-190, -150, -100, -50))
    membership = MembershipFactory(
        group=group,
        joined_on=today - dt.timedelta(days=120),
        marks=[(before, PRESENT), (second, EXCUSED), (third, LATE)],
    )

    data = issue_group_attestation(membership, issued_by=None).data

    assert (data["meetings_attended"], data["meetings_held"]) == (2, 3)
    assert (data["starts_on"], data["ends_on"]) == (membership.joined_on.isoformat(), group.ends_on.isoformat())


@pytest.mark.parametrize(
    ("role", "fi", "sv"),
    [
        ("facilitator", "fasilitaattorina", "har varit facilitator för MindMe-utvecklingsgruppen"),
        ("contact", "yhteyshenkilönä", "har varit kontaktperson för MindMe-utvecklingsgruppen"),
    ],
)
def test_a_facilitator_or_contact_person_is_attested_in_that_role(group, meetings, quick_pdf, role, fi, sv):
    membership = MembershipFactory(group=group, role=role, marks=[(meetings[0], PRESENT)])

    data = issue_group_attestation(membership, issued_by=None).data

    assert data["statement_fi"] == f"on toiminut MindMe-kehittäjäryhmän {fi}"
    assert data["statement_sv"] == sv
    assert (data["scope_fi"], data["scope_sv"]) == ("1 tapaaminen 4 pidetystä", "1 av 4 hållna träffar")


def test_a_mentoring_attestation_states_team_mentor_goals_and_hours_in_both_languages(mentee, agreement, quick_pdf):
    certificate = issue_mentoring_attestation(mentee, issued_by=None)
    data = certificate.data

    assert (certificate.kind, certificate.mentee, certificate.subject) == ("mentoring", mentee, mentee.user)
    assert certificate.membership is None
    assert certificate.enrolment is None
    assert data["statement_fi"] == "on saanut systeemisen työn mentorointia"
    assert data["statement_sv"] == "har fått mentorskap i systemiskt arbete"
    assert data["title_fi"] == data["title_sv"] == "Porin perhesosiaalityö, tiimi 2"
    assert (data["starts_on"], data["ends_on"]) == (
        agreement.starts_on.isoformat(),
        timezone.localdate().isoformat(),
    )
    # 90 + 60 + 45 minutes of delivered sessions she took part in; not the planned one, nor the
    # one she was not at.
    assert (data["hours"], data["sessions"]) == ("3,3", 3)
    assert data["scope_fi"] == "3,3 tuntia, 3 tapaamista"
    assert data["scope_sv"] == "3,3 timmar, 3 träffar"
    assert data["content_fi"].startswith("Mentori: Marja Mentori. Tavoitteet: Systeemisen tiimin")
    assert data["content_sv"].startswith("Mentor: Marja Mentori. Mål: Systeemisen tiimin")
    assert data["mentor"] == "Marja Mentori"
    assert data["issuer_fi"] == "Sosiaalialan osaamiskeskus Vasso"
    assert data["partner_fi"] == ""  # the MindMe partner is named on group attestations only
    assert (data["place_fi"], data["place_sv"]) == ("Pori", "Björneborg")


def test_long_goals_are_cut_short_and_the_place_of_issue_set_in_the_settings_wins(
    attestation_settings, mentor, quick_pdf
):
    attestation_settings.place_fi = "Turku"
    attestation_settings.save()
    agreement = AgreementFactory(mentor=mentor, goals=" ".join(["tavoite"] * 100), municipality=None)
    mentee = MenteeFactory(agreement=agreement)
    MentoringSessionFactory(agreement=agreement, days=-3, duration_minutes=60, participants=[mentee])

    data = issue_mentoring_attestation(mentee, issued_by=None).data

    assert data["content_fi"].endswith("tavoite…")
    assert data["content_fi"].count("tavoite") == 40
    assert (data["place_fi"], data["place_sv"]) == ("Turku", "Turku")
    assert (data["scope_fi"], data["scope_sv"]) == ("1 tunti, 1 tapaaminen", "1 timme, 1 träff")


# Hours that an attestation states stay as it states them


def correct_log(session, **changes):
    """The mentor saves the session's log again, with `changes`."""
    fields = {
        "starts_at": session.starts_at,
        "duration_minutes": session.duration_minutes,
        "topic": session.topic,
        "participants": list(session.participants.all()),
        **changes,
    }
    return log_session(session.agreement, session=session, by=session.agreement.mentor, **fields)


def test_while_an_attestation_is_valid_its_holder_stays_on_its_sessions_and_their_durations_stay(
    mentee, agreement, quick_pdf
):
    certificate = issue_mentoring_attestation(mentee, issued_by=None)
    counted = MentoringSession.objects.filter(participants=mentee, duration_minutes=60).get()
    others = [m for m in counted.participants.all() if m != mentee]

    with pytest.raises(MentoringRefused) as unticked, translation.override("en"):
        correct_log(counted, participants=others)
    with pytest.raises(MentoringRefused) as shortened, translation.override("en"):
        correct_log(counted, duration_minutes=30)

    assert (unticked.value.code, unticked.value.field) == ("attested", "participants")
    assert "Åsa" in str(unticked.value.message)
    assert "revoke the attestation first" in str(unticked.value.message)
    assert (shortened.value.code, shortened.value.field) == ("attested", "duration_minutes")
    counted.refresh_from_db()
    assert counted.duration_minutes == 60
    assert mentee in counted.participants.all()
    # What the attestation says still adds up; the topic and the texts can still be corrected.
    correct_log(counted, topic="Verkostokartta", summary="Korjattu yhteenveto")
    assert with_hours(Mentee.objects.filter(pk=mentee.pk)).get().minutes_received == 195
    assert certificate.data["hours"] == "3,3"

    revoke_certificate(certificate, by=None, reason="Väärä kesto")
    correct_log(counted, duration_minutes=30, participants=others)
    counted.refresh_from_db()
    assert (counted.duration_minutes, mentee in counted.participants.all()) == (30, False)


def test_a_session_the_attestation_did_not_count_can_still_be_corrected(mentee, agreement, quick_pdf):
    issue_mentoring_attestation(mentee, issued_by=None)
    other = Mentee.objects.exclude(pk=mentee.pk).get()
    # Logged after the attestation (a session of two days ago, forgotten until now), and one
    # Åsa was not at: the attestation counts neither.
    late = MentoringSessionFactory(agreement=agreement, days=-2, duration_minutes=50, participants=[mentee, other])
    not_hers = MentoringSession.objects.filter(duration_minutes=120).get()

    correct_log(late, duration_minutes=40, participants=[other])
    correct_log(not_hers, duration_minutes=100)

    late.refresh_from_db()
    assert late.duration_minutes == 40


def test_an_attestation_issued_before_its_sessions_were_listed_counts_those_started_by_its_issue(
    mentee, agreement, quick_pdf
):
    certificate = issue_mentoring_attestation(mentee, issued_by=None)
    data = dict(certificate.data)
    del data["session_ids"]
    Certificate.objects.filter(pk=certificate.pk).update(data=data)
    counted = MentoringSession.objects.filter(participants=mentee, duration_minutes=45).get()

    with pytest.raises(MentoringRefused) as refusal:
        correct_log(counted, duration_minutes=50)

    assert refusal.value.code == "attested"


def test_a_mentee_with_an_attestation_is_not_removed_and_is_told_why(mentee, quick_pdf):
    certificate = issue_mentoring_attestation(mentee, issued_by=None)
    revoke_certificate(certificate, by=None, reason="Väärä henkilö")

    with pytest.raises(MentoringRefused) as refusal, translation.override("en"):
        remove_mentee(mentee, by=None)

    assert refusal.value.code == "has_attestation"
    assert "has been given an attestation of this mentoring" in str(refusal.value.message)
    assert Mentee.objects.filter(pk=mentee.pk).exists()


@pytest.mark.parametrize(
    ("minutes", "text"), [(60, "1"), (90, "1,5"), (195, "3,3"), (25, "0,4"), (20, "0,3"), (3, "0,1"), (600, "10")]
)
def test_hours_are_rounded_to_a_tenth_half_up_with_a_decimal_comma(minutes, text):
    assert hours_text(minutes) == text


# The PDF


@pytest.mark.parametrize("kind", ["group", "mentoring"])
def test_the_attestation_pdf_reads_name_source_scope_number_and_code(membership, mentee, kind):
    if kind == "group":
        certificate = issue_group_attestation(membership, issued_by=None)
        expected = [
            "MindMe-kehittäjäryhmä Pori",
            "MindMe-utvecklingsgruppen",
            "on toiminut MindMe-kehittäjäryhmän jäsenenä",
            "3 tapaamista 4 pidetystä",
            "3 av 4 hållna träffar",
            "Pesäpuu ry",
        ]
    else:
        certificate = issue_mentoring_attestation(mentee, issued_by=None)
        expected = [
            "Porin perhesosiaalityö, tiimi 2",
            "on saanut systeemisen työn mentorointia",
            "har fått mentorskap i systemiskt arbete",
            "3,3 tuntia, 3 tapaamista",
            "3,3 timmar, 3 träffar",
            "Marja Mentori",
        ]
    pdf = certificate.pdf.read()
    # Lines wrap inside each column; the phrases are looked for with their spaces evened out.
    text = " ".join(pdf_text(pdf).split())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"attestation-{kind}.pdf").write_bytes(pdf)
    pdf_to_png(pdf, RESULTS / f"attestation-{kind}.png", dpi=100)

    assert pdf_pages(pdf) == 1
    for phrase in [
        "TODISTUS",
        "INTYG",
        "Åsa Törnqvist-Väänänen",
        *expected,
        "Sosiaalialan osaamiskeskus Vasso",
        "Leena Mäkelä",
        certificate.number,
        certificate.display_code,
        certificate.data["verification_url"],
    ]:
        assert phrase in text, phrase


# One valid attestation each


def test_issuing_again_returns_the_attestation_there_is(membership, mentee, quick_pdf):
    group_first = issue_group_attestation(membership, issued_by=None)
    mentoring_first = issue_mentoring_attestation(mentee, issued_by=None)

    assert issue_group_attestation(membership, issued_by=None) == group_first
    assert issue_mentoring_attestation(mentee, issued_by=None) == mentoring_first
    assert Certificate.objects.count() == 2
    assert CertificateCounter.objects.get().last == 2


@pytest.mark.parametrize("source", ["membership", "mentee"])
def test_the_database_refuses_a_second_valid_attestation(membership, mentee, quick_pdf, source):
    issue = issue_group_attestation if source == "membership" else issue_mentoring_attestation
    obj = membership if source == "membership" else mentee
    first = issue(obj, issued_by=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(data=first.data, **{source: obj})
    # A revoked one does not count.
    CertificateFactory(data=first.data, status="revoked", **{source: obj})


def test_a_task_delivered_twice_issues_one_attestation(membership, mentee, quick_pdf):
    numbers = [issue_attestation("group", membership.pk, None) for _ in range(2)]
    numbers += [issue_attestation("mentoring", mentee.pk, None) for _ in range(2)]

    assert numbers[0] == numbers[1]
    assert numbers[2] == numbers[3]
    assert numbers[0] != numbers[2]
    assert Certificate.objects.count() == 2
    assert issue_attestation("group", 999999, None) is None


# Nothing to attest


def test_a_member_who_attended_no_meeting_is_refused(group, meetings, quick_pdf):
    membership = MembershipFactory(group=group, marks=[(meetings[0], ABSENT), (meetings[1], EXCUSED)])

    with pytest.raises(CertificateError):
        issue_group_attestation(membership, issued_by=None)

    assert not Certificate.objects.exists()


def test_a_mentee_with_no_delivered_hours_is_refused(agreement, quick_pdf):
    mentee = MenteeFactory(agreement=agreement)
    MentoringSessionFactory(agreement=agreement, days=7, participants=[mentee])  # planned, not yet delivered

    with pytest.raises(CertificateError):
        issue_mentoring_attestation(mentee, issued_by=None)

    assert not Certificate.objects.exists()


def test_nothing_is_issued_before_the_issuer_is_chosen(membership, quick_pdf):
    AttestationSettings.objects.update(issuer=None)

    with pytest.raises(CertificateError):
        issue_group_attestation(membership, issued_by=None)

    assert not Certificate.objects.exists()


def test_queueing_leaves_out_who_has_nothing_to_attest_or_an_attestation_already(
    group, meetings, membership, agreement, mentee, quick_pdf, django_capture_on_commit_callbacks
):
    issue_group_attestation(membership, issued_by=None)
    attended = MembershipFactory(group=group, marks=[(meetings[3], LATE)])
    absent = MembershipFactory(group=group, marks=[(meetings[3], ABSENT)])
    elsewhere = MembershipFactory(group=DeveloperGroupFactory(), marks=[])
    other_mentee = Mentee.objects.exclude(pk=mentee.pk).get(agreement=agreement)

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_group_attestations(group, memberships=[membership, attended, absent, elsewhere], by=None) == 1
        assert queue_mentoring_attestations(agreement, mentees=[mentee.pk, other_mentee.pk], by=None) == 2

    assert set(Certificate.objects.filter(kind="group").values_list("membership", flat=True)) == {
        membership.pk,
        attended.pk,
    }
    assert Certificate.objects.filter(kind="mentoring").count() == 2
    with pytest.raises(CertificateError):
        queue_group_attestations(group, memberships=[membership, absent], by=None)


# Revoking and reissuing


def test_a_revoked_attestation_can_be_issued_again_with_a_new_number(membership, quick_pdf):
    first = issue_group_attestation(membership, issued_by=None)
    revoke_certificate(first, by=None, reason="Väärä ryhmä")

    second = issue_group_attestation(membership, issued_by=None)

    assert second != first
    assert second.number != first.number
    assert second.membership == membership
    assert second.is_valid


@pytest.mark.parametrize("kind", ["group", "mentoring"])
def test_reissuing_keeps_the_source_and_texts_and_corrects_the_name(membership, mentee, quick_pdf, kind):
    old = (
        issue_group_attestation(membership, issued_by=None)
        if kind == "group"
        else issue_mentoring_attestation(mentee, issued_by=None)
    )

    new = reissue_certificate(old, by=None, reason="Nimi korjattu", name="Åsa Törnqvist")

    old.refresh_from_db()
    assert old.status == "superseded"
    assert new.replaces == old
    assert (new.kind, new.membership_id, new.mentee_id, new.subject) == (
        old.kind,
        old.membership_id,
        old.mentee_id,
        old.subject,
    )
    assert new.data["name"] == "Åsa Törnqvist"
    for key in ("title_fi", "scope_fi", "scope_sv", "content_fi", "statement_sv", "dates_fi", "issuer_fi"):
        assert new.data[key] == old.data[key], key
    # The reissued one is the valid one: asking again returns it.
    issue = issue_group_attestation if kind == "group" else issue_mentoring_attestation
    assert issue(membership if kind == "group" else mentee, issued_by=None) == new


# The email


def test_the_email_names_the_group_or_the_mentoring(
    membership, mentee, quick_pdf, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group_attestation = issue_group_attestation(membership, issued_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        mentoring_attestation = issue_mentoring_attestation(mentee, issued_by=None)

    assert len(mailoutbox) == 2
    for message, certificate in zip(mailoutbox, (group_attestation, mentoring_attestation), strict=True):
        assert message.to == [membership.user.email]
        assert certificate.data["title_fi"] in message.subject
        assert certificate.data["title_fi"] in message.body
        assert f"/my/certificates/{certificate.display_code}.pdf" in message.body
        assert certificate.data["verification_url"] in message.body
        certificate.refresh_from_db()
        assert certificate.email_sent_at is not None
    assert "for the training" not in mailoutbox[0].body
    assert "for the training" not in mailoutbox[1].body


# Verification


@pytest.mark.parametrize("kind", ["group", "mentoring"])
def test_the_verification_page_shows_name_source_dates_and_issuer(client, membership, mentee, quick_pdf, kind):
    certificate = (
        issue_group_attestation(membership, issued_by=None)
        if kind == "group"
        else issue_mentoring_attestation(mentee, issued_by=None)
    )

    fi = client.get(f"/fi/verify/{certificate.display_code}/").content.decode()
    sv = client.get(f"/sv/verify/{certificate.display_code}/").content.decode()
    en = client.get(f"/en/verify/{certificate.display_code}/").content.decode()

    for html in (fi, sv, en):
        assert "Åsa Törnqvist-Väänänen" in html
        assert certificate.number in html
    assert certificate.data["title_fi"] in fi
    assert certificate.data["title_sv"] in sv
    assert "Sosiaalialan osaamiskeskus Vasso" in fi
    assert "Kompetenscentret inom det sociala området Vasso" in sv
    assert "Social welfare competence centre Vasso" in en
    start = dt.date.fromisoformat(certificate.data["starts_on"])
    assert f"{start.day}.{start.month}.{start.year}" in fi
    assert ("Developer group" if kind == "group" else "Mentoring") in en
    # Only the minimum: not the meetings, hours, goals or mentor.
    for private in ("pidetystä", "tuntia", "Tavoitteet", "Marja Mentori", "Sisukas"):
        assert private not in fi, private


def test_a_superseded_attestation_verifies_as_replaced(client, membership, quick_pdf):
    old = issue_group_attestation(membership, issued_by=None)
    reissue_certificate(old, by=None, reason="Nimi", name="Åsa T.")

    html = client.get(f"/en/verify/{old.display_code}/").content.decode()

    assert "This certificate has been replaced." in html
    assert "A newer attestation replacing it" in html
    assert "same training" not in html


# The holder's My trainings


def test_my_trainings_lists_the_holders_valid_attestations_with_their_downloads(
    client, membership, mentee, person, quick_pdf
):
    group_attestation = issue_group_attestation(membership, issued_by=None)
    mentoring_attestation = issue_mentoring_attestation(mentee, issued_by=None)
    client.force_login(person)

    html = client.get("/fi/my/trainings/").content.decode()

    section = html[html.index('id="attestations"') :]
    for certificate in (group_attestation, mentoring_attestation):
        assert f'href="/fi/my/certificates/{certificate.display_code}.pdf"' in section
    assert "MindMe-kehittäjäryhmä Pori" in section
    assert "Porin perhesosiaalityö, tiimi 2" in section
    assert "MindMe-utvecklingsgruppen Björneborg" in client.get("/sv/my/trainings/").content.decode()
    assert client.get(f"/fi/my/certificates/{group_attestation.display_code}.pdf").status_code == 200

    revoke_certificate(mentoring_attestation, by=None, reason="Virhe")
    html = client.get("/fi/my/trainings/").content.decode()
    assert html.count('class="attestation-link"') == 1
    assert client.get(f"/fi/my/certificates/{mentoring_attestation.display_code}.pdf").status_code == 404


def test_nobody_downloads_someone_elses_attestation(client, membership, quick_pdf):
    certificate = issue_group_attestation(membership, issued_by=None)
    client.force_login(ParticipantFactory())

    assert client.get(f"/fi/my/certificates/{certificate.display_code}.pdf").status_code == 404
    assert 'id="attestations"' not in client.get("/fi/my/trainings/").content.decode()


def test_my_trainings_costs_the_same_queries_for_1_and_4_attestations(client, person, group, meetings, quick_pdf):
    client.force_login(person)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/fi/my/trainings/")
        return len(captured), response.content.decode().count('class="attestation-link"')

    first = MembershipFactory(group=group, user=person, marks=[(meetings[0], PRESENT)])
    issue_group_attestation(first, issued_by=None)
    one = queries()
    for _ in range(3):
        other = DeveloperGroupFactory()
        membership = MembershipFactory(
            group=other, user=person, marks=[(MeetingFactory(group=other, days=-5), PRESENT)]
        )
        issue_group_attestation(membership, issued_by=None)
    four = queries()

    assert (one[1], four[1]) == (1, 4)
    assert four[0] == one[0], f"{one[0]} queries for 1 attestation, {four[0]} for 4"

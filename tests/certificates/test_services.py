import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from certificates import services
from certificates.models import Certificate, CertificateCounter
from certificates.services import (
    CertificateError,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
    verify,
)
from enrolment.models import Enrolment
from tests.factories import CertificateFactory, EnrolmentFactory, ParticipantFactory

from .pdf_tools import pdf_text

pytestmark = pytest.mark.django_db


def completed(course, n: int) -> list[Enrolment]:
    return [EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True) for _ in range(n)]


def test_numbers_run_in_order_within_the_year(course):
    year = timezone.localdate().year

    numbers = [issue_certificate(enrolment, issued_by=None).number for enrolment in completed(course, 3)]

    assert numbers == [f"{year}-000001", f"{year}-000002", f"{year}-000003"]
    assert CertificateCounter.objects.get(year=year).last == 3


def test_a_new_year_starts_again_from_one(course, monkeypatch):
    first, second = completed(course, 2)
    issue_certificate(first, issued_by=None)
    new_year = timezone.make_aware(dt.datetime(timezone.localdate().year + 1, 1, 2, 9, 0))
    monkeypatch.setattr(services.timezone, "now", lambda: new_year)

    certificate = issue_certificate(second, issued_by=None)

    assert certificate.number == f"{new_year.year}-000001"


def test_a_failed_issue_leaves_no_gap_in_the_numbers(course, monkeypatch):
    first, second = completed(course, 2)
    with monkeypatch.context() as patch:
        patch.setattr(services, "render_certificate", lambda certificate: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            issue_certificate(first, issued_by=None)

    assert Certificate.objects.count() == 0
    assert issue_certificate(second, issued_by=None).number.endswith("-000001")


def test_issuing_again_returns_the_certificate_the_enrolment_has(enrolment):
    first = issue_certificate(enrolment, issued_by=None)
    again = issue_certificate(enrolment, issued_by=None)

    assert again.pk == first.pk
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_only_a_completed_enrolment_gets_a_certificate(course, person):
    enrolment = EnrolmentFactory(offering=course, user=person, completed=False)

    with pytest.raises(CertificateError):
        issue_certificate(enrolment, issued_by=None)
    assert not Certificate.objects.exists()


def test_a_cancelled_enrolment_gets_no_certificate(course, person):
    enrolment = EnrolmentFactory(offering=course, user=person, completed=True, status=Enrolment.Status.CANCELLED)

    with pytest.raises(CertificateError):
        issue_certificate(enrolment, issued_by=None)


def test_the_database_refuses_a_second_valid_certificate_for_one_enrolment(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(enrolment=enrolment)
    # A revoked or superseded one beside the valid one is fine.
    CertificateFactory(enrolment=enrolment, status=Certificate.Status.REVOKED)
    assert Certificate.objects.get(enrolment=enrolment, status=Certificate.Status.VALID) == certificate


def test_the_texts_are_frozen_when_the_certificate_is_issued(enrolment, course):
    certificate = issue_certificate(enrolment, issued_by=None)

    assert certificate.data["name"] == "Åsa Törnqvist-Väänänen"
    assert certificate.data["title_fi"] == "Systeemisen työn peruskoulutus"
    assert certificate.data["title_sv"] == "Grundutbildning i systemiskt arbete"
    assert certificate.data["scope_fi"] == "6 päivää, 36 tuntia"
    assert certificate.data["scope_sv"] == "6 dagar, 36 timmar"
    assert certificate.data["signatory"] == "Leena Mäkelä"
    assert certificate.data["place_sv"] == "Åbo"
    assert certificate.data["starts_on"] == course.starts_on.isoformat()
    assert certificate.data["verification_url"] == f"http://testserver/verify/{certificate.display_code}/"


def test_later_edits_of_the_course_change_neither_the_pdf_nor_the_texts(enrolment, course):
    certificate = issue_certificate(enrolment, issued_by=None)
    stored = certificate.pdf.read()
    data = dict(certificate.data)

    course.title = "Uusi nimi"
    course.title_sv = "Nytt namn"
    course.certificate_signatory = "Joku Muu"
    course.save_revision().publish()
    certificate.refresh_from_db()

    with certificate.pdf.open("rb") as file:
        assert file.read() == stored
    assert certificate.data == data
    assert issue_certificate(enrolment, issued_by=None).pk == certificate.pk


def test_revoking_keeps_the_reason_and_the_page_says_revoked(enrolment, django_user_model):
    coordinator = django_user_model.objects.create(username="koordinaattori")
    certificate = issue_certificate(enrolment, issued_by=coordinator)

    revoke_certificate(certificate, by=coordinator, reason="Myönnetty väärälle henkilölle")

    found = verify(certificate.code)
    assert found.status == Certificate.Status.REVOKED
    assert found.revoked_by == coordinator
    assert found.revoked_reason == "Myönnetty väärälle henkilölle"
    assert found.revoked_at is not None


def test_revoking_needs_a_reason_and_a_valid_certificate(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)

    with pytest.raises(CertificateError):
        revoke_certificate(certificate, by=None, reason="  ")
    revoke_certificate(certificate, by=None, reason="Virhe")
    with pytest.raises(CertificateError):
        revoke_certificate(certificate, by=None, reason="Virhe")


def test_after_a_revocation_a_new_certificate_can_be_issued(enrolment):
    revoked = revoke_certificate(issue_certificate(enrolment, issued_by=None), by=None, reason="Virhe")

    fresh = issue_certificate(enrolment, issued_by=None)

    assert fresh.pk != revoked.pk
    assert fresh.is_valid


def test_reissuing_supersedes_the_old_certificate_and_keeps_the_lineage(enrolment, course):
    old = issue_certificate(enrolment, issued_by=None)
    course.title = "Muokattu myöhemmin"
    course.save()

    new = reissue_certificate(old, by=None, reason="Nimi korjattu", name="Åsa Törnqvist")

    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    assert old.revoked_reason == "Nimi korjattu"
    assert new.replaces == old
    assert old.replaced_by == new
    assert new.is_valid
    assert (new.number, new.code) != (old.number, old.code)
    # The corrected name, the texts of the original issue.
    assert new.data["name"] == "Åsa Törnqvist"
    assert new.data["title_fi"] == "Systeemisen työn peruskoulutus"
    assert new.data["verification_url"].endswith(f"/verify/{new.display_code}/")
    assert verify(old.code).status == Certificate.Status.SUPERSEDED
    assert verify(new.code) == new
    text = pdf_text(new.pdf.read())
    assert "Åsa Törnqvist" in text
    assert old.number in text


def test_a_reissue_keeps_when_the_first_of_its_lineage_was_issued(enrolment):
    first = issue_certificate(enrolment, issued_by=None)
    earned = first.issued_at - dt.timedelta(days=60)
    Certificate.objects.filter(pk=first.pk).update(issued_at=earned, first_issued_at=earned)
    first.refresh_from_db()

    second = reissue_certificate(first, by=None, reason="Nimi korjattu")
    third = reissue_certificate(second, by=None, reason="Nimi korjattu uudelleen")

    assert second.issued_at > earned
    assert second.first_issued_at == third.first_issued_at == earned
    assert third.issued_at >= second.issued_at


def test_reissuing_without_a_name_takes_the_name_from_the_profile(enrolment, person):
    old = issue_certificate(enrolment, issued_by=None)
    person.last_name = "Törnqvist"
    person.save()

    new = reissue_certificate(old, by=None, reason="Sukunimi muuttunut")

    assert new.data["name"] == "Åsa Törnqvist"


def test_a_superseded_certificate_cannot_be_reissued_again(enrolment):
    old = issue_certificate(enrolment, issued_by=None)
    reissue_certificate(old, by=None, reason="Korjaus")

    with pytest.raises(CertificateError):
        reissue_certificate(old, by=None, reason="Korjaus")


def test_verify_reads_a_code_typed_carelessly(enrolment):
    certificate = issue_certificate(enrolment, issued_by=None)
    typed = " " + certificate.display_code.lower().replace("-", " ") + " "

    assert verify(typed) == certificate
    assert verify("not a code") is None
    assert verify("0000-0000-0000-0000") is None


def test_the_holder_is_emailed_once_after_the_commit(enrolment, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(enrolment, issued_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        issue_certificate(enrolment, issued_by=None)

    assert [message.to for message in mailoutbox] == [[enrolment.user.email]]
    certificate.refresh_from_db()
    assert certificate.email_sent_at is not None

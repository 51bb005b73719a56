"""Certificates issued to a person, and the batches that issued them (lms.personal_data).

Erasure keeps an issued certificate valid and verifiable with the name withheld: an employer who
holds the paper can still check its number, training and dates, and revoking it would read as a
withdrawal the person never earned. Its PDF, which carries the name, is deleted, and so is the
reason a batch gave for failing to issue one ("… has not completed the training" names them). A
batch names the coordinator who asked for it (`requested_by`): it stays, as the audit log's actors
do, and names nobody once that account is erased."""

import datetime as dt
from collections.abc import Iterator

from lms.personal_data import PersonalData, iso

from .models import BatchItem, Certificate


class CertificateData(PersonalData):
    models = ("certificates.Certificate", "certificates.IssueBatch", "certificates.BatchItem")

    def export(self, user) -> dict:
        return {
            "certificates": [
                {
                    "number": certificate.number,
                    "verification_code": certificate.display_code,
                    "kind": certificate.get_kind_display(),
                    "status": certificate.get_status_display(),
                    "issued_at": iso(certificate.issued_at),
                    "name_on_it": certificate.data.get("name", ""),
                    "title": certificate.data.get("title_fi", ""),
                    "verification_address": certificate.data.get("verification_url", ""),
                }
                for certificate in Certificate.objects.filter(subject=user).order_by("issued_at", "pk")
            ]
        }

    def files(self, user) -> Iterator[tuple[str, bytes]]:
        for certificate in Certificate.objects.filter(subject=user).exclude(pdf="").order_by("issued_at", "pk"):
            with certificate.pdf.open("rb") as pdf:
                yield f"certificates/{certificate.number}.pdf", pdf.read()

    def erase(self, user, *, by, today: dt.date) -> None:
        for certificate in Certificate.objects.filter(subject=user):
            certificate.data = {**certificate.data, "name": "", "name_withheld": True}
            certificate.revoked_reason = ""
            if certificate.pdf:
                certificate.pdf.delete(save=False)
            certificate.save(update_fields=["data", "revoked_reason", "pdf"])
        BatchItem.objects.filter(enrolment__user=user).exclude(error="").update(error="")

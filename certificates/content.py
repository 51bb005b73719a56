"""What a certificate says, collected once when it is issued and frozen into `Certificate.data`.

Each kind of attestation has one function here that turns its source (an enrolment; later a
developer-group membership or a mentoring period) into the same flat dictionary of Finnish and
Swedish texts, which the PDF and the verification page read and nothing changes afterwards.
"""

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from . import wording


class CertificateError(Exception):
    """A certificate cannot be issued, revoked or reissued; the message is for the coordinator."""


def date_range(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """Dates as written in Finland: 12.3.–4.6.2026 in Finnish, 12.3–4.6.2026 in Swedish."""
    if not start:
        return ""
    end = end or start
    dot = "." if language == "fi" else ""
    if start == end:
        return f"{end.day}.{end.month}.{end.year}"
    if start.year != end.year:
        return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"
    if start.month != end.month:
        return f"{start.day}.{start.month}{dot}–{end.day}.{end.month}.{end.year}"
    return f"{start.day}{dot}–{end.day}.{end.month}.{end.year}"


def short_date(value: dt.date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def person_name(user) -> str:
    name = " ".join(user.get_full_name().split())
    if not name:
        raise CertificateError(_("%(email)s has no name in their profile.") % {"email": user.email})
    return name


def course_data(enrolment) -> dict:
    """The texts of a course certificate for this enrolment, as the course stands now."""
    offering = enrolment.offering
    organiser, partner, municipality = offering.organiser, offering.partner, offering.municipality
    scope = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            scope[language] = offering.scope_text
    return {
        "name": person_name(enrolment.user),
        "heading_fi": wording.HEADING["fi"],
        "heading_sv": wording.HEADING["sv"],
        "statement_fi": wording.STATEMENTS["course"]["fi"],
        "statement_sv": wording.STATEMENTS["course"]["sv"],
        "title_fi": offering.title,
        "title_sv": offering.title_sv or offering.title,
        "title_en": offering.title_en or offering.title,
        "starts_on": offering.starts_on,
        "ends_on": offering.ends_on,
        "dates_fi": date_range(offering.starts_on, offering.ends_on, "fi"),
        "dates_sv": date_range(offering.starts_on, offering.ends_on, "sv"),
        "scope_fi": scope["fi"],
        "scope_sv": scope["sv"],
        "content_fi": offering.certificate_content_fi or offering.lead_fi,
        "content_sv": offering.certificate_content_sv or offering.lead_sv,
        "issuer_fi": organiser.name_fi,
        "issuer_sv": organiser.name_sv or organiser.name_fi,
        "issuer_en": organiser.name_en or organiser.name_fi,
        "issuer_short": organiser.short_name or organiser.name_fi,
        "logo_image_id": organiser.logo_id,
        "partner_fi": partner.name_fi if partner else "",
        "partner_sv": (partner.name_sv or partner.name_fi) if partner else "",
        "signatory": offering.certificate_signatory,
        "signatory_title_fi": offering.certificate_signatory_title_fi,
        "signatory_title_sv": offering.certificate_signatory_title_sv or offering.certificate_signatory_title_fi,
        "signature_image_id": offering.certificate_signature_id,
        "place_fi": offering.certificate_place_fi or (municipality.name_fi if municipality else ""),
        "place_sv": offering.certificate_place_sv or (municipality.name_sv if municipality else ""),
    }

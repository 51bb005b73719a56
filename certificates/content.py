"""What a certificate says, collected once when it is issued and frozen into `Certificate.data`.

Each kind of attestation has one function here that turns its source (an enrolment, a
developer-group membership or a mentee of a mentoring agreement) into the same flat dictionary of
Finnish and Swedish texts, which the PDF and the verification page read and nothing changes
afterwards.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import names, wording
from .models import AttestationSettings


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
    """The name in the person's profile as the certificate prints it."""
    name = names.normalised(user.get_full_name())
    if not name:
        raise CertificateError(_("%(email)s has no name in their profile.") % {"email": user.email})
    return printable_name(name)


def printable_name(name: str) -> str:
    """The name, composed and with single spaces, refused when it has a character the certificate
    cannot print. The forms that take a name refuse such characters (certificates.names); a name
    saved before they did, or outside them, is caught here rather than printed as empty boxes."""
    name = names.normalised(name)
    if characters := names.unprintable(name):
        raise CertificateError(
            _(
                "The certificate cannot print %(characters)s in the name “%(name)s”. The person can correct "
                "the name in their profile; then try again."
            )
            % {"characters": " ".join(characters), "name": name}
        )
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


# Goals longer than this many words are cut, so that the attestation stays on one page.
GOALS_WORDS = 40


def hours(minutes: int) -> Decimal:
    """Minutes as hours, to the nearest tenth, half up: 195 minutes are 3.3 hours."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def hours_text(minutes: int) -> str:
    """`hours` with a decimal comma, as on the certificate: 12,5; whole hours without ",0", as a
    course's scope is written."""
    value = hours(minutes)
    return f"{value.normalize() if value == value.to_integral_value() else value:f}".replace(".", ",")


def _issuer(settings, *, partner=None) -> dict:
    """The issuer's and signatory's texts from the attestation settings."""
    issuer = settings.issuer
    if issuer is None:
        raise CertificateError(_("Choose the issuer of attestations in Settings → Attestations first."))
    return {
        "issuer_fi": issuer.name_fi,
        "issuer_sv": issuer.name_sv or issuer.name_fi,
        "issuer_en": issuer.name_en or issuer.name_fi,
        "issuer_short": issuer.short_name or issuer.name_fi,
        "logo_image_id": issuer.logo_id,
        "partner_fi": partner.name_fi if partner else "",
        "partner_sv": (partner.name_sv or partner.name_fi) if partner else "",
        "signatory": settings.signatory,
        "signatory_title_fi": settings.signatory_title_fi,
        "signatory_title_sv": settings.signatory_title_sv or settings.signatory_title_fi,
        "signature_image_id": settings.signature_id,
    }


def _period(start: dt.date, end: dt.date) -> dict:
    """The period attested: up to the day of issue when it has not ended yet."""
    end = max(start, min(end, timezone.localdate()))
    return {
        "starts_on": start,
        "ends_on": end,
        "dates_fi": date_range(start, end, "fi"),
        "dates_sv": date_range(start, end, "sv"),
    }


def _place(settings, places: dict) -> dict:
    """The place of issue from the settings (its Finnish name serving both languages when alone),
    else the group's or the agreement's municipality."""
    if settings.place_fi:
        return {"place_fi": settings.place_fi, "place_sv": settings.place_sv or settings.place_fi}
    return {"place_fi": places.get("fi", ""), "place_sv": places.get("sv", "")}


def group_data(membership) -> dict:
    """The texts of a developer-group attestation for this membership, annotated by
    `selectors.with_meetings` (meetings attended out of those held so far)."""
    group, municipality = membership.group, membership.group.municipality
    settings = AttestationSettings.load()
    statement = wording.GROUP_ROLE_STATEMENTS.get(membership.role, wording.STATEMENTS["group"])
    scope = wording.meetings(membership.meetings_attended, membership.meetings_held)
    places = {"fi": municipality.name_fi, "sv": municipality.name_sv or municipality.name_fi}
    where = {language: ", ".join(part for part in (group.unit, places[language]) if part) for language in places}
    themes = {"fi": group.theme_fi, "sv": group.theme_sv or group.theme_fi}
    content = {
        language: f"{wording.CONTENT[language]['theme']}: {themes[language].strip().rstrip('.')}. {where[language]}."
        for language in ("fi", "sv")
    }
    end = min(group.ends_on, membership.left_on or group.ends_on)
    return {
        "name": person_name(membership.user),
        "heading_fi": wording.HEADING["fi"],
        "heading_sv": wording.HEADING["sv"],
        "statement_fi": statement["fi"],
        "statement_sv": statement["sv"],
        "title_fi": group.name_fi,
        "title_sv": group.name_sv or group.name_fi,
        "title_en": group.name_en or group.name_fi,
        **_period(max(group.starts_on, membership.joined_on), end),
        "scope_fi": scope["fi"],
        "scope_sv": scope["sv"],
        "content_fi": content["fi"],
        "content_sv": content["sv"],
        **_issuer(settings, partner=settings.group_partner),
        **_place(settings, places),
        # What the attestation rests on, kept for the coordinators and the tests.
        "role": membership.role,
        "theme_fi": themes["fi"],
        "theme_sv": themes["sv"],
        "municipality_fi": places["fi"],
        "municipality_sv": places["sv"],
        "meetings_attended": membership.meetings_attended,
        "meetings_held": membership.meetings_held,
    }


def mentoring_data(mentee) -> dict:
    """The texts of a mentoring attestation for this mentee, annotated by `selectors.with_hours`
    (the delivered sessions they took part in)."""
    agreement, municipality = mentee.agreement, mentee.agreement.municipality
    settings = AttestationSettings.load()
    places = {"fi": municipality.name_fi, "sv": municipality.name_sv or municipality.name_fi} if municipality else {}
    hours_received = hours_text(mentee.minutes_received)
    scope = wording.hours(hours_received, mentee.sessions_received)
    mentor = " ".join(agreement.mentor.get_full_name().split())
    goals = Truncator(" ".join(agreement.goals.split())).words(GOALS_WORDS, truncate="…")
    content = {}
    for language in ("fi", "sv"):
        lead = wording.CONTENT[language]
        parts = [f"{lead['mentor']}: {mentor}." if mentor else "", f"{lead['goals']}: {goals}" if goals else ""]
        content[language] = " ".join(part for part in parts if part)
    return {
        "name": person_name(mentee.user),
        "heading_fi": wording.HEADING["fi"],
        "heading_sv": wording.HEADING["sv"],
        "statement_fi": wording.STATEMENTS["mentoring"]["fi"],
        "statement_sv": wording.STATEMENTS["mentoring"]["sv"],
        "title_fi": agreement.team,
        "title_sv": agreement.team,
        "title_en": agreement.team,
        **_period(agreement.starts_on, agreement.ends_on),
        "scope_fi": scope["fi"],
        "scope_sv": scope["sv"],
        "content_fi": content["fi"],
        "content_sv": content["sv"],
        **_issuer(settings),
        **_place(settings, places),
        "team": agreement.team,
        "mentor": mentor,
        "hours": hours_received,
        "sessions": mentee.sessions_received,
        # The sessions counted: while this attestation is valid, mentoring.services keeps their
        # durations and this mentee's part in them as they were.
        "session_ids": list(
            mentee.sessions.filter(agreement_id=agreement.pk, duration_minutes__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    }

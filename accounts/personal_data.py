"""The account itself: names, addresses, second factors, the profile (lms.personal_data).

Erasure empties the account rather than deleting it, so that every record elsewhere still points
at one (now nameless) person and the funder's figures of past periods do not move."""

import datetime as dt

from django.utils import timezone

from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from lms.personal_data import PersonalData, iso

from .models import Profile, new_feed_token
from .selectors import profile_for


class AccountData(PersonalData):
    models = ("auth.User", "accounts.Profile", "account.EmailAddress", "mfa.Authenticator", "wagtailusers.UserProfile")

    def export(self, user) -> dict:
        profile = profile_for(user)
        return {
            "account": {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "email_addresses": [
                    {"email": address.email, "verified": address.verified, "primary": address.primary}
                    for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
                ],
                "joined_at": iso(user.date_joined),
                "last_login_at": iso(user.last_login),
                # Whether a second factor is set up, never its secret.
                "two_factor_methods": sorted(
                    str(Authenticator.Type(kind).label)
                    for kind in Authenticator.objects.filter(user=user).values_list("type", flat=True)
                ),
            },
            "profile": {
                "organisation": profile.organisation,
                "municipality": profile.municipality.name if profile.municipality else "",
                "sector": profile.sector.name if profile.sector else "",
                "job_title": profile.job_title,
                "preferred_language": profile.get_preferred_language_display(),
                "privacy_notice_accepted_at": iso(profile.privacy_consent_at),
                "privacy_notice_version": profile.privacy_notice_version,
            },
        }

    def erase(self, user, *, by, today: dt.date) -> None:
        user.first_name = user.last_name = user.email = ""
        # The username is the account's unique key; log-in is by email, so nobody logs in as this.
        user.username = f"erased-{user.pk}"
        user.is_active = False
        # An unusable password also changes the session hash, which ends the person's sessions everywhere.
        user.set_unusable_password()
        user.save()
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.organisation = profile.job_title = ""
        profile.privacy_consent_at = None
        profile.privacy_notice_version = ""
        profile.feed_token = new_feed_token()
        profile.erased_at = timezone.now()
        profile.inactivity_notice_sent_at = None
        # Municipality, sector and language stay: they carry no name, and the funder's breakdowns of
        # past trainings count by them.
        profile.save()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        for wagtail_profile in UserProfile.objects.filter(user=user):
            if wagtail_profile.avatar:
                wagtail_profile.avatar.delete(save=False)
            wagtail_profile.delete()

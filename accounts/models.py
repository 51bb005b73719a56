from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Municipality, Sector
from lms.identifiers import new_token

# Bumped when the privacy notice changes in substance; consent records the version agreed to.
PRIVACY_NOTICE_VERSION = "2026-12"


def new_feed_token() -> str:
    return new_token()


class Profile(models.Model):
    """What the programme needs to know of a professional, beside the account's name and email."""

    class Language(models.TextChoices):
        FINNISH = "fi", "suomi"
        SWEDISH = "sv", "svenska"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="profile"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, null=True, blank=True
    )
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, null=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    feed_token = models.CharField(_("calendar feed key"), max_length=64, unique=True, default=new_feed_token)
    # Set when the person's data is erased (privacy.services.erase_person); the row stays, empty.
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # An unused account is warned before it is erased (privacy.services.send_inactivity_notices).
    inactivity_notice_sent_at = models.DateTimeField(_("inactivity notice due at"), null=True, blank=True)
    inactivity_notice_emailed_at = models.DateTimeField(_("inactivity notice emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    # What enrolment needs: a course list shows who the participants are and where they work.
    REQUIRED_FOR_ENROLMENT = ("organisation", "municipality", "sector", "job_title")

    @property
    def is_complete(self) -> bool:
        return bool(self.user.first_name and self.user.last_name) and all(
            getattr(self, field) for field in self.REQUIRED_FOR_ENROLMENT
        )

"""The daily retention run (a django-q2 schedule installed by a migration) and the notice email.

Every step is safe to run twice: what is deleted is gone, a notice is claimed before it is sent,
and an erased account is never erased again."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Profile
from lms.emails import make_email
from lms.links import site_root
from lms.personal_data import declarations

from . import services

logger = logging.getLogger(__name__)


def apply_retention() -> dict:
    """Each app deletes what it keeps no longer than needed (answers to courses' questions, old
    audit entries: lms.personal_data); inactive accounts are warned and then erased."""
    now = timezone.now()
    done = {}
    for declaration in declarations():
        done.update(declaration.expire(now))
    done["notices"] = services.send_inactivity_notices(now=now)
    done["accounts_erased"] = services.erase_inactive_accounts(now=now)
    logger.info("Retention: %s", done)
    return done


def send_inactivity_notice(user_pk: int) -> bool:
    """Email one person that their unused account will be erased unless they log in; True if sent
    now. Claimed under a row lock, so a task delivered twice sends once."""
    with transaction.atomic():
        profile = (
            Profile.objects.select_for_update()
            .select_related("user")
            .filter(user_id=user_pk, erased_at__isnull=True, inactivity_notice_sent_at__isnull=False)
            .filter(
                Q(inactivity_notice_emailed_at__isnull=True)
                | Q(inactivity_notice_emailed_at__lt=F("inactivity_notice_sent_at"))
            )
            .first()
        )
        if profile is None or not profile.user.email:
            return False
        user = profile.user
        erased_on = timezone.localdate(profile.inactivity_notice_sent_at) + dt.timedelta(
            days=settings.INACTIVE_ACCOUNT_NOTICE_DAYS
        )
        with translation.override(profile.preferred_language):
            context = {
                "person": user,
                "erased_on": erased_on,
                "login_url": site_root() + reverse("account_login"),
                "data_url": site_root() + reverse("privacy:my_data"),
            }
            message = make_email("privacy/email/inactivity_notice", context, to=user.email)
        # Sent inside the transaction: a refused send rolls the claim back and a retry sends again.
        message.send()
        profile.inactivity_notice_emailed_at = timezone.now()
        profile.save(update_fields=["inactivity_notice_emailed_at"])
    return True

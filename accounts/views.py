from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from .forms import ProfileForm
from .models import PRIVACY_NOTICE_VERSION
from .selectors import profile_for


@never_cache
@login_required
def profile_view(request):
    profile = profile_for(request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, profile=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        next_url = request.POST.get("next", "")
        # An address on this site, never a name redirect() would try to reverse ("Aino Aalto").
        if next_url.startswith("/") and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(next_url)
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile": profile, "next": request.GET.get("next", "")},
        status=400 if request.method == "POST" else 200,
    )


def privacy_view(request):
    """The notice states the periods the retention schedule applies (lms/settings/base.py)."""
    return render(
        request,
        "accounts/privacy.html",
        {
            "version": PRIVACY_NOTICE_VERSION,
            "answers": period(settings.ENROLMENT_ANSWERS_RETENTION_DAYS),
            "inactive": period(settings.INACTIVE_ACCOUNT_DAYS),
            "notice": period(settings.INACTIVE_ACCOUNT_NOTICE_DAYS),
            "audit": period(settings.AUDIT_LOG_RETENTION_DAYS),
            "backups": period(settings.BACKUP_RETENTION_DAYS),
        },
    )


def period(days: int) -> str:
    """A number of days as people say it: "3 years" for 1095, "90 days" otherwise."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}

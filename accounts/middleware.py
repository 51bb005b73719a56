from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled

from .permissions import must_set_up_second_factor

# Whether this session was logged in without the second factor of a person who has one.
MISSING_KEY = "accounts:second_factor_missing"


def logged_in_without_second_factor(request, user) -> bool:
    """True when the person has an authenticator but this session's log-in did not use it: a log-in
    that went around allauth's (Django's own log-in view, a password-only path). allauth records
    each step of a log-in in the session; its second factor is the "mfa" step."""
    if any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
        return False
    return is_mfa_enabled(user)


def note_second_factor(sender, request, user, **kwargs):
    """At log-in (Django's user_logged_in signal), so that later requests read the answer from the
    session instead of asking the database."""
    if request is not None and hasattr(request, "session"):
        request.session[MISSING_KEY] = logged_in_without_second_factor(request, user)


class TwoFactorRequiredMiddleware:
    """Two checks on every request of someone logged in.

    A session logged in without the second factor of a person who has one (by any path that went
    around allauth's log-in) is logged out and sent to log in again, where allauth asks for the
    code. This is decided at log-in and kept in the session; a session from before that has it
    decided on its first request.

    Someone who must use a second factor (accounts.permissions: staff, and holders of permissions
    that open other people's records) and has no authenticator app yet is sent to set one up, from
    every page except allauth's own (activation, re-authentication, log-out) and static files.
    This is asked anew on every request, so a person given such a permission during their session
    is sent at once; the answer comes from the cache, kept per person until their groups,
    permissions or authenticators change, so a request costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._second_factor_missing(request):
            next_url = request.get_full_path()
            logout(request)
            messages.info(request, _("Log in again: this time with the code from your authenticator app as well."))
            return redirect_to_login(next_url, resolve_url("account_login"))
        if self._must_set_up(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _second_factor_missing(request) -> bool:
        if MISSING_KEY not in request.session:
            request.session[MISSING_KEY] = logged_in_without_second_factor(request, request.user)
        return request.session[MISSING_KEY]

    @staticmethod
    def _must_set_up(request) -> bool:
        if not (settings.COORDINATORS_MUST_USE_TWO_FACTOR and request.user.is_authenticated):
            return False
        # allauth's pages live under /<language>/accounts/; static files are served before this.
        if request.path_info.split("/", 3)[2:3] == ["accounts"]:
            return False
        return must_set_up_second_factor(request.user)

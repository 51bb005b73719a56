from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

from .permissions import must_use_two_factor

SESSION_KEY = "accounts:two_factor_required"


class TwoFactorRequiredMiddleware:
    """Sends a coordinator who has no authenticator app yet to set one up, from every page except
    allauth's own (activation, re-authentication, log-out) and static files. Whether the person
    must is worked out once per session, so other people's requests cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request) -> bool:
        user = request.user
        if not (settings.COORDINATORS_MUST_USE_TWO_FACTOR and user.is_authenticated):
            return False
        if SESSION_KEY not in request.session:
            request.session[SESSION_KEY] = must_use_two_factor(user)
        if not request.session[SESSION_KEY]:
            return False
        path = request.path_info
        # allauth's pages live under /<language>/accounts/; static files are served before this.
        if path.split("/", 3)[2:3] == ["accounts"]:
            return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

from home.translation import current_language
from lms.client_address import client_address

from .codes import group_code, normalise_code
from .forms import VerifyForm
from .models import Certificate
from .permissions import can_download
from .services import verify


def _allowed(request) -> bool:
    """A fixed window per client address (the one allauth's own limits count, through the proxy),
    counted in the shared cache: CERTIFICATE_VERIFY_RATE = (lookups, seconds).

    With the cache unreachable (Redis down; django-redis then answers None instead of raising) the
    look-up is allowed: an employer checking a certificate matters more than the limit for the
    minutes Redis is away, and the code's 80 bits are not guessed in those minutes."""
    limit, window = settings.CERTIFICATE_VERIFY_RATE
    key = f"certificates:verify:{client_address(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count is None or count <= limit


def _private(response):
    # A verification page names a person: not for search engines, caches or other sites' logs.
    patch_cache_control(response, no_cache=True, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def verify_form_view(request):
    """Type a code; a valid-looking one goes to its page (/verify/?code=… links work too)."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("certificates:verify", code=group_code(form.cleaned_data["code"]))
    status = 400 if form.is_bound else 200
    return _private(render(request, "certificates/verify_form.html", {"form": form}, status=status))


def verify_view(request, code: str):
    """Valid, revoked or superseded, with no more than an employer needs to match the paper."""
    if not _allowed(request):
        return _private(render(request, "429.html", status=429))
    normalised = normalise_code(code)
    if normalised and code != group_code(normalised):
        return redirect("certificates:verify", code=group_code(normalised))
    certificate = verify(code)
    if certificate is None:
        form = VerifyForm(initial={"code": code})
        return _private(render(request, "certificates/verify_unknown.html", {"form": form, "code": code}, status=404))
    return _private(render(request, "certificates/verify_result.html", _result_context(certificate)))


def _result_context(certificate: Certificate) -> dict:
    data = certificate.data
    language = current_language()
    return {
        "certificate": certificate,
        "name": data["name"],
        # Erased at the holder's request (privacy.services.erase_person): still valid, no name.
        "name_withheld": bool(data.get("name_withheld")),
        "title": data.get(f"title_{language}") or data["title_fi"],
        "issuer": data.get(f"issuer_{language}") or data["issuer_fi"],
        "starts_on": _date(data.get("starts_on")),
        "ends_on": _date(data.get("ends_on")),
        "issued_on": _date(data["issued_on"]),
        "withdrawn_on": certificate.revoked_at,
    }


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@never_cache
@login_required
def download_view(request, code: str):
    """The holder's own valid certificate; anything else is not found."""
    normalised = normalise_code(code)
    certificate = Certificate.objects.filter(code=normalised).first() if normalised else None
    if certificate is None or not can_download(request.user, certificate) or not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"todistus-intyg-{certificate.number}.pdf",
        content_type="application/pdf",
    )

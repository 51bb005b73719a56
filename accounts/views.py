from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import ProfileForm
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
    return render(request, "accounts/privacy.html")

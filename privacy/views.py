from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .exports import data_zip
from .forms import EraseOwnAccountForm
from .permissions import why_not_self_erase
from .services import ErasureRefused, erase_own_account


@never_cache
@login_required
def my_data_view(request):
    return render(request, "privacy/my_data.html", {"why_not": why_not_self_erase(request.user)})


@never_cache
@login_required
def download_view(request):
    content, filename = data_zip(request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def erase_view(request):
    why_not = why_not_self_erase(request.user)
    form = EraseOwnAccountForm(request.POST if request.method == "POST" and not why_not else None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            erase_own_account(request.user)
        except ErasureRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("privacy:my_data")
        logout(request)
        return redirect("privacy:erased")
    status = 400 if form.is_bound else 200
    if request.method == "POST" and why_not:
        messages.error(request, why_not)
        status = 400
    return render(request, "privacy/erase.html", {"form": form, "why_not": why_not}, status=status)


def erased_view(request):
    return render(request, "privacy/erased.html")

"""Coordinators answer a person's request for their data or its erasure (by email or letter) in
the Wagtail admin: find the person, hand them a copy, erase. Both are in the audit log.

As on the other coordinators' pages, Wagtail sends anyone without admin access to its log-in, an
admin user without `can_manage_personal_data` meets PermissionDenied, and an unknown or erased
person is 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.selectors import display_name
from audit import services as audit

from .exports import data_zip
from .forms import ErasePersonForm, PersonSearchForm
from .permissions import can_manage_personal_data, why_not_self_erase
from .services import ErasureRefused, erase_for

RESULTS = 50


def _people():
    return get_user_model().objects.filter(profile__erased_at__isnull=True)


def _person(user_id: int):
    return get_object_or_404(_people(), pk=user_id)


class CoordinatorMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PersonSearchView(CoordinatorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "privacy/admin/search.html"
    page_title = gettext_lazy("Personal data")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        form = PersonSearchForm(self.request.GET)
        people = []
        if form.is_valid() and form.cleaned_data["q"]:
            query = Q()
            for word in form.cleaned_data["q"].split():
                query &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
            people = list(
                _people()
                .filter(query)
                .annotate(enrolment_count=Count("enrolments"))
                .order_by("last_name", "first_name", "pk")[:RESULTS]
            )
        return super().get_context_data(form=form, people=people, searched=bool(form.data.get("q")), **kwargs)


class PersonView(CoordinatorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "privacy/admin/person.html"
    header_icon = "user"

    def get_page_title(self):
        return display_name(self.person)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("privacy_admin:search"), "label": _("Personal data")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, user_id: int, **kwargs):
        self.person = _person(user_id)
        return self.render(ErasePersonForm())

    def render(self, form, status=200):
        context = self.get_context_data(person=self.person, form=form, duties=why_not_self_erase(self.person))
        return self.render_to_response(context, status=status)


class EraseView(PersonView):
    http_method_names = ["post"]

    def post(self, request, *args, user_id: int, **kwargs):
        self.person = _person(user_id)
        form = ErasePersonForm(request.POST)
        if form.is_valid():
            name = display_name(self.person)
            try:
                erase_for(self.person, by=request.user, reason=form.cleaned_data["reason"])
            except ErasureRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("The personal data of %(name)s has been erased.") % {"name": name})
                return redirect("privacy_admin:search")
        return self.render(form, status=400)


@require_safe
def download_view(request, user_id: int):
    if not can_manage_personal_data(request.user):
        raise PermissionDenied
    person = _person(user_id)
    content, filename = data_zip(person)
    audit.record(
        audit.Action.EXPORTED, actor=request.user, subject=person, details={"what": "personal_data", "format": "zip"}
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The coordinators' mentoring pages in the Wagtail admin: every agreement with its planned and
delivered hours, an agreement's mentees and sessions, making and editing agreements, adding and
removing mentees, and the way to the agreement's attestations.

As with the enrolment pages (enrolment/admin_views.py): Wagtail sends anyone without admin access
to its log-in; inside the admin, a user without `can_manage_mentoring` meets PermissionDenied; an
agreement or mentee that does not exist (or a mentee of another agreement) answers 404. Every
change goes through `mentoring.services`.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from accounts.selectors import display_name
from accounts.services import get_or_create_person
from certificates.permissions import can_issue_certificates

from . import selectors
from .forms import AgreementForm, AgreementSearchForm, PersonForm
from .models import Agreement, Mentee
from .permissions import can_manage_mentoring
from .services import MentoringRefused, add_mentee, create_agreement, remove_mentee, update_agreement


class CoordinatorMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_mentoring(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _index_crumb() -> dict:
    return {"url": reverse("mentoring_admin:index"), "label": _("Mentoring")}


class AgreementListView(CoordinatorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "mentoring/admin/index.html"
    page_title = gettext_lazy("Mentoring")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_header_buttons(self):
        return [HeaderButton(_("New agreement"), url=reverse("mentoring_admin:add"), icon_name="plus", priority=10)]

    def get_context_data(self, **kwargs):
        form = AgreementSearchForm(self.request.GET)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        return super().get_context_data(
            agreements=list(selectors.coordinator_agreements(query=query)),
            search_form=form,
            query=query,
            can_issue=can_issue_certificates(self.request.user),
            **kwargs,
        )


class AgreementFormView(CoordinatorMixin, WagtailAdminTemplateMixin, TemplateView):
    """Making (no `agreement_id`) or editing an agreement. The mentor is found by email or given an
    account; a refusal rolls that back and comes back by its field, with everything as typed."""

    template_name = "mentoring/admin/agreement_form.html"
    header_icon = "user"

    @cached_property
    def agreement(self) -> Agreement | None:
        if "agreement_id" not in self.kwargs:
            return None
        return get_object_or_404(Agreement.objects.select_related("mentor"), pk=self.kwargs["agreement_id"])

    def get_page_title(self):
        return self.agreement.team if self.agreement else _("New mentoring agreement")

    def get_page_subtitle(self):
        return _("Edit") if self.agreement else ""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, _index_crumb()]
        if self.agreement:
            items.append(
                {"url": reverse("mentoring_admin:agreement", args=[self.agreement.pk]), "label": self.agreement.team}
            )
            items.append({"url": "", "label": _("Edit")})
        else:
            items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            form = AgreementForm(initial=AgreementForm.initial_from(self.agreement) if self.agreement else None)
        return super().get_context_data(form=form, agreement=self.agreement, **kwargs)

    def post(self, request, *args, **kwargs):
        form = AgreementForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    mentor = get_or_create_person(
                        email=data["mentor_email"],
                        first_name=data["mentor_first_name"],
                        last_name=data["mentor_last_name"],
                    )
                    if self.agreement:
                        agreement = update_agreement(
                            self.agreement, mentor=mentor, by=request.user, **form.agreement_fields()
                        )
                    else:
                        agreement = create_agreement(mentor=mentor, created_by=request.user, **form.agreement_fields())
            except MentoringRefused as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The agreement “%(team)s” is saved.") % {"team": agreement.team})
                return redirect("mentoring_admin:agreement", agreement.pk)
        messages.error(request, _("The agreement was not saved. Check the form below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AgreementView(CoordinatorMixin, WagtailAdminTemplateMixin, TemplateView):
    """One agreement: its facts and goals, planned against delivered hours, its mentees with the
    hours each received, its sessions (times, topics, durations, who took part; not the mentor's
    notes), and the form to add a mentee."""

    template_name = "mentoring/admin/agreement.html"
    header_icon = "user"

    @cached_property
    def agreement(self):
        agreement = selectors.agreement_with_hours(self.kwargs["agreement_id"])
        if agreement is None:
            raise Http404
        return agreement

    def get_page_title(self):
        return self.agreement.team

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, _index_crumb(), {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        pk = self.agreement.pk
        buttons = [
            HeaderButton(_("Edit"), url=reverse("mentoring_admin:edit", args=[pk]), icon_name="edit", priority=10)
        ]
        if can_issue_certificates(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Attestations"),
                    url=reverse("certificates_admin:mentoring", args=[pk]),
                    icon_name="doc-full",
                    priority=20,
                )
            )
        return buttons

    def get_context_data(self, add_form=None, **kwargs):
        return super().get_context_data(
            agreement=self.agreement,
            mentees=list(selectors.agreement_mentees(self.agreement)),
            sessions=selectors.split_sessions(selectors.agreement_sessions(self.agreement)),
            add_form=add_form or PersonForm(),
            can_issue=can_issue_certificates(self.request.user),
            **kwargs,
        )


class AddMenteeView(AgreementView):
    """Add a mentee by email: their account, or a new one made for them."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PersonForm(request.POST)
        back = reverse("mentoring_admin:agreement", args=[self.agreement.pk])
        if not form.is_valid():
            messages.error(request, _("The mentee could not be added. Check the form below."))
            return self.render_to_response(self.get_context_data(add_form=form), status=400)
        try:
            mentee = add_mentee(self.agreement, by=request.user, **form.cleaned_data)
        except MentoringRefused as error:
            if error.code == "already_mentee":
                messages.info(request, error.message)
                return redirect(back)
            form.add_error(error.field if error.field in form.fields else None, error.message)
            messages.error(request, _("The mentee could not be added. Check the form below."))
            return self.render_to_response(self.get_context_data(add_form=form), status=400)
        messages.success(
            request, _("%(person)s is now a mentee in this agreement.") % {"person": display_name(mentee.user)}
        )
        return redirect(back)


def coordinator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_mentoring(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@coordinator_required
@require_POST
def remove_mentee_view(request, agreement_id: int, mentee_id: int):
    mentee = get_object_or_404(Mentee.objects.select_related("user"), pk=mentee_id, agreement_id=agreement_id)
    try:
        remove_mentee(mentee, by=request.user)
    except MentoringRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(person)s is no longer a mentee in this agreement.") % {"person": display_name(mentee.user)}
        )
    return redirect("mentoring_admin:agreement", agreement_id)

"""The coordinators' certificate pages in the Wagtail admin: who completed a course and their
certificates, issuing to many at once, and each batch's progress; a developer group's members and a
mentoring agreement's mentees with their attestations.

As with the enrolment pages, Wagtail's admin URL patterns send anyone without admin access to its
log-in; inside the admin, a user without `can_issue_certificates` meets PermissionDenied, which
Wagtail turns into a redirect to the dashboard. An offering, certificate or batch that does not
exist, and a certificate of another offering (group, agreement), answer 404. Every change goes through
`certificates.services`; these views only read forms and report the outcome.
"""

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import Offering
from developer_groups.models import DeveloperGroup
from enrolment.models import Enrolment
from lms.identifiers import primary_keys
from mentoring.models import Agreement

from . import selectors
from .content import hours
from .forms import ReissueForm, RevokeForm
from .models import Certificate, IssueBatch
from .permissions import can_issue_certificates
from .services import (
    CertificateError,
    queue_group_attestations,
    queue_mentoring_attestations,
    reissue_certificate,
    retry_batch,
    revoke_certificate,
    start_batch,
)

# A batch that has not moved for this long has lost its run (a worker killed with the Redis
# broker, which does not hand a task out again): its page offers to resume it.
STALLED_AFTER = dt.timedelta(minutes=5)


def issuer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_issue_certificates(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class IssuerMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_issue_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _offering(offering_id: int) -> Offering:
    return get_object_or_404(Offering.objects.defer_streamfields(), pk=offering_id)


def _certificate(offering_id: int, certificate_id: int) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related("subject"), pk=certificate_id, enrolment__offering_id=offering_id
    )


def _course_breadcrumbs(offering) -> list[dict]:
    return [
        {"url": reverse("enrolment_admin:index"), "label": _("Enrolments")},
        {"url": reverse("enrolment_admin:course", args=[offering.pk]), "label": offering.localized_title},
    ]


class CourseCertificatesView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who completed the offering, each with their certificate and its actions; the form that
    issues to all or some of those still without one; the offering's latest batches."""

    template_name = "certificates/admin/course.html"
    page_title = gettext_lazy("Certificates")
    header_icon = "doc-full"
    batches_shown = 10

    # Looked up on first use, after dispatch has checked the permission.
    @cached_property
    def offering(self):
        return _offering(self.kwargs["offering_id"])

    def get_page_subtitle(self):
        return self.offering.localized_title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *_course_breadcrumbs(self.offering), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        enrolments = list(selectors.completed_enrolments(self.offering))
        for enrolment in enrolments:
            certificates = enrolment.certificate_list
            enrolment.certificate = next((c for c in certificates if c.is_valid), None)
            enrolment.earlier = [c for c in certificates if c is not enrolment.certificate]
            if enrolment.certificate:
                pk = enrolment.certificate.pk
                enrolment.revoke_form = RevokeForm(auto_id=f"revoke-{pk}-%s")
                enrolment.reissue_form = ReissueForm(
                    auto_id=f"reissue-{pk}-%s", initial={"name": enrolment.certificate.data["name"]}
                )
        return super().get_context_data(
            offering=self.offering,
            enrolments=enrolments,
            without=sum(enrolment.certificate is None for enrolment in enrolments),
            batches=list(selectors.batches_of(self.offering)[: self.batches_shown]),
            **kwargs,
        )


@issuer_required
@require_POST
def issue_view(request, offering_id: int):
    """Start a batch for the ticked participants, or for everyone listed with "select all"."""
    offering = _offering(offering_id)
    back = reverse("certificates_admin:course", args=[offering.pk])
    if request.POST.get("all"):
        # The service leaves out whoever has a certificate or has not completed.
        chosen = list(Enrolment.objects.filter(offering_id=offering.pk).values_list("pk", flat=True))
    else:
        chosen = primary_keys(request.POST.getlist("enrolment"))
    if not chosen:
        messages.error(request, _("Choose the participants to issue certificates to."))
        return redirect(back)
    try:
        batch = start_batch(offering, enrolments=chosen, by=request.user)
    except CertificateError as error:
        messages.error(request, str(error))
        return redirect(back)
    # Information, not success: the batch's page says how it went, failures included.
    messages.info(
        request,
        ngettext(
            "Issuing %(count)s certificate; each person is emailed when theirs is ready.",
            "Issuing %(count)s certificates; each person is emailed when theirs is ready.",
            batch.total,
        )
        % {"count": batch.total},
    )
    return redirect("certificates_admin:batch", batch.pk)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _revoke(request, certificate: Certificate) -> None:
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return
    try:
        revoke_certificate(certificate, by=request.user, reason=form.cleaned_data["reason"])
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Certificate %(number)s of %(person)s is revoked; they are told by email.")
            % {"number": certificate.number, "person": certificate.data["name"]},
        )


def _reissue(request, certificate: Certificate) -> None:
    form = ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return
    try:
        new = reissue_certificate(
            certificate, by=request.user, reason=form.cleaned_data["reason"], name=form.cleaned_data["name"]
        )
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Certificate %(old)s is replaced by %(new)s, issued to %(person)s, who is emailed.")
            % {"old": certificate.number, "new": new.number, "person": new.data["name"]},
        )


def _pdf(certificate: Certificate) -> FileResponse:
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"), filename=f"todistus-intyg-{certificate.number}.pdf", content_type="application/pdf"
    )


@issuer_required
@require_POST
def revoke_view(request, offering_id: int, certificate_id: int):
    _revoke(request, _certificate(offering_id, certificate_id))
    return redirect("certificates_admin:course", offering_id)


@issuer_required
@require_POST
def reissue_view(request, offering_id: int, certificate_id: int):
    _reissue(request, _certificate(offering_id, certificate_id))
    return redirect("certificates_admin:course", offering_id)


@never_cache
@issuer_required
def download_view(request, offering_id: int, certificate_id: int):
    """The stored PDF of any certificate of the offering, whatever its status, to look at."""
    return _pdf(_certificate(offering_id, certificate_id))


@method_decorator(never_cache, name="dispatch")
class BatchView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    """A batch's progress, refreshed every two seconds while it runs, and its failures."""

    template_name = "certificates/admin/batch.html"
    page_title = gettext_lazy("Issuing certificates")
    header_icon = "doc-full"

    @cached_property
    def batch(self):
        return get_object_or_404(IssueBatch.objects.select_related("requested_by"), pk=self.kwargs["batch_id"])

    @cached_property
    def offering(self):
        return _offering(self.batch.offering_id)

    def get_page_subtitle(self):
        return self.offering.localized_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *_course_breadcrumbs(self.offering),
            {"url": reverse("certificates_admin:course", args=[self.offering.pk]), "label": _("Certificates")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        batch = self.batch
        running = batch.status != IssueBatch.Status.FINISHED
        return super().get_context_data(
            offering=self.offering,
            batch=batch,
            # While it runs, how far it has got; once finished, how many were issued: a batch in
            # which some failed never shows a full bar.
            processed=batch.done + batch.failed if running else batch.done,
            failures=list(selectors.failed_items(batch)),
            running=running,
            stalled=running and selectors.last_activity(batch) < timezone.now() - STALLED_AFTER,
            **kwargs,
        )


@issuer_required
@require_POST
def retry_view(request, batch_id: int):
    batch = get_object_or_404(IssueBatch, pk=batch_id)
    try:
        retry_batch(batch, by=request.user)
    except CertificateError as error:
        messages.error(request, str(error))
    return redirect("certificates_admin:batch", batch.pk)


# Developer-group and mentoring attestations: one page per group or agreement, listing its people
# with what they would be attested for and their attestations, with the course page's actions.


def _group(group_id: int) -> DeveloperGroup:
    return get_object_or_404(DeveloperGroup, pk=group_id)


def _agreement(agreement_id: int) -> Agreement:
    return get_object_or_404(Agreement.objects.select_related("mentor"), pk=agreement_id)


def _group_certificate(group_id: int, certificate_id: int) -> Certificate:
    return get_object_or_404(Certificate, pk=certificate_id, membership__group_id=group_id)


def _mentoring_certificate(agreement_id: int, certificate_id: int) -> Certificate:
    return get_object_or_404(Certificate, pk=certificate_id, mentee__agreement_id=agreement_id)


class AttestationsView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    """The group's members or the agreement's mentees, each with what an attestation would state
    (meetings attended, hours received), their attestation and its actions; the form that issues
    to the ticked ones."""

    template_name = "certificates/admin/attestations.html"
    page_title = gettext_lazy("Attestations")
    header_icon = "doc-full"
    url_prefix = ""  # "group" or "mentoring": the URL names of the page's actions

    @cached_property
    def source(self):
        raise NotImplementedError

    def rows(self) -> list:
        raise NotImplementedError

    def get_page_subtitle(self):
        return str(self.source)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_subtitle()}]

    def get_context_data(self, **kwargs):
        rows = self.rows()
        for row in rows:
            certificates = row.certificate_list
            row.certificate = next((c for c in certificates if c.is_valid), None)
            row.earlier = [c for c in certificates if c is not row.certificate]
            row.eligible = row.certificate is None and row.attested
            if row.certificate:
                pk = row.certificate.pk
                row.revoke_form = RevokeForm(auto_id=f"revoke-{pk}-%s")
                row.reissue_form = ReissueForm(
                    auto_id=f"reissue-{pk}-%s", initial={"name": row.certificate.data["name"]}
                )
        names = {
            action: f"certificates_admin:{self.url_prefix}_{action}"
            for action in ("issue", "download", "revoke", "reissue")
        }
        return super().get_context_data(
            source=self.source,
            rows=rows,
            eligible=sum(row.eligible for row in rows),
            url_names=names,
            kind=self.url_prefix,
            **kwargs,
        )


class GroupAttestationsView(AttestationsView):
    url_prefix = "group"

    @cached_property
    def source(self):
        return _group(self.kwargs["group_id"])

    def rows(self):
        rows = list(selectors.group_members(self.source))
        for row in rows:
            row.attested = row.meetings_attended > 0
        return rows


class MentoringAttestationsView(AttestationsView):
    url_prefix = "mentoring"

    @cached_property
    def source(self):
        return _agreement(self.kwargs["agreement_id"])

    def rows(self):
        rows = list(selectors.agreement_mentees(self.source))
        for row in rows:
            row.attested = row.minutes_received > 0
            row.hours = hours(row.minutes_received)
        return rows


def _issue_attestations(request, *, everyone, queue, back: str):
    """Queue the ticked people's attestations, or with "select all" those of `everyone` (the
    service leaves out whoever needs none); `queue` takes the chosen primary keys."""
    if request.POST.get("all"):
        chosen = list(everyone.values_list("pk", flat=True))
    else:
        chosen = primary_keys(request.POST.getlist("person"))
    if not chosen:
        messages.error(request, _("Choose the people to issue attestations to."))
        return redirect(back)
    try:
        count = queue(chosen)
    except CertificateError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "Issuing %(count)s attestation; each person is emailed when theirs is ready.",
            "Issuing %(count)s attestations; each person is emailed when theirs is ready.",
            count,
        )
        % {"count": count},
    )
    return redirect(back)


@issuer_required
@require_POST
def group_issue_view(request, group_id: int):
    group = _group(group_id)
    return _issue_attestations(
        request,
        everyone=group.memberships.all(),
        queue=lambda chosen: queue_group_attestations(group, memberships=chosen, by=request.user),
        back=reverse("certificates_admin:group", args=[group.pk]),
    )


@issuer_required
@require_POST
def mentoring_issue_view(request, agreement_id: int):
    agreement = _agreement(agreement_id)
    return _issue_attestations(
        request,
        everyone=agreement.mentees.all(),
        queue=lambda chosen: queue_mentoring_attestations(agreement, mentees=chosen, by=request.user),
        back=reverse("certificates_admin:mentoring", args=[agreement.pk]),
    )


@never_cache
@issuer_required
def group_download_view(request, group_id: int, certificate_id: int):
    return _pdf(_group_certificate(group_id, certificate_id))


@never_cache
@issuer_required
def mentoring_download_view(request, agreement_id: int, certificate_id: int):
    return _pdf(_mentoring_certificate(agreement_id, certificate_id))


@issuer_required
@require_POST
def group_revoke_view(request, group_id: int, certificate_id: int):
    _revoke(request, _group_certificate(group_id, certificate_id))
    return redirect("certificates_admin:group", group_id)


@issuer_required
@require_POST
def group_reissue_view(request, group_id: int, certificate_id: int):
    _reissue(request, _group_certificate(group_id, certificate_id))
    return redirect("certificates_admin:group", group_id)


@issuer_required
@require_POST
def mentoring_revoke_view(request, agreement_id: int, certificate_id: int):
    _revoke(request, _mentoring_certificate(agreement_id, certificate_id))
    return redirect("certificates_admin:mentoring", agreement_id)


@issuer_required
@require_POST
def mentoring_reissue_view(request, agreement_id: int, certificate_id: int):
    _reissue(request, _mentoring_certificate(agreement_id, certificate_id))
    return redirect("certificates_admin:mentoring", agreement_id)

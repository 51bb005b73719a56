"""The coordinators' participant and waiting lists in the Wagtail admin.

Wagtail's admin URL patterns already send anyone without admin access to its log-in. Inside the
admin, a user without `can_manage_enrolments` meets PermissionDenied, which Wagtail turns into a
redirect to the dashboard with "you do not have permission"; an offering or enrolment that does
not exist (or an enrolment of another offering) answers 404. Every change goes through
`enrolment.services`; these views only read forms and report the outcome.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from accounts.selectors import display_name
from accounts.services import get_or_create_person
from attendance.completion import evaluate
from attendance.services import AttendanceRefused, override_completion
from audit import services as audit
from certificates.permissions import can_issue_certificates
from courses.models import Offering

from . import exports, selectors
from .forms import AddPersonForm, CancelOnBehalfForm, CompletionForm, EnrolmentFilterForm, MoveForm
from .models import Enrolment
from .permissions import can_manage_enrolments
from .services import EnrolmentRefused, add_participant, approve_enrolment, cancel_enrolment, move_in_waiting_list

Status = Enrolment.Status


def coordinator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_enrolments(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class CoordinatorMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_enrolments(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _person(enrolment) -> str:
    return display_name(enrolment.user)


def _filters(request) -> dict:
    """The list's status and search from the query string; anything unusable means no filter."""
    form = EnrolmentFilterForm(request.GET)
    if not form.is_valid():
        return {"status": "", "q": ""}
    return {"status": form.cleaned_data["status"], "q": form.cleaned_data["q"].strip()}


class OfferingListView(CoordinatorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "enrolment/admin/index.html"
    page_title = gettext_lazy("Enrolments")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(offerings=selectors.offerings_with_counts(), **kwargs)


class OfferingMixin(CoordinatorMixin):
    # Looked up on first use, after dispatch has checked the permission: nobody without it learns
    # which offerings exist.
    @cached_property
    def offering(self):
        return get_object_or_404(
            Offering.objects.defer_streamfields().select_related("municipality", "region"),
            pk=self.kwargs["offering_id"],
        )


class CourseView(OfferingMixin, WagtailAdminTemplateMixin, TemplateView):
    """One offering: its participants (filtered), its waiting list in order, each person's history,
    the row actions and the form to add someone by hand."""

    template_name = "enrolment/admin/course.html"
    header_icon = "group"

    @cached_property
    def filters(self):
        return _filters(self.request)

    def get_page_title(self):
        return self.offering.localized_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("enrolment_admin:index"), "label": _("Enrolments")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_header_buttons(self):
        query = urlencode({key: value for key, value in self.filters.items() if value})
        suffix = f"?{query}" if query else ""
        pk = self.offering.pk
        buttons = [
            HeaderButton(
                _("Attendance"),
                url=reverse("enrolment_admin:attendance", args=[pk]),
                icon_name="calendar-check",
                priority=5,
            ),
            HeaderButton(
                _("Download CSV"),
                url=reverse("enrolment_admin:export_csv", args=[pk]) + suffix,
                icon_name="download",
                priority=10,
            ),
            HeaderButton(
                _("Download XLSX"),
                url=reverse("enrolment_admin:export_xlsx", args=[pk]) + suffix,
                icon_name="download",
                priority=20,
            ),
        ]
        if can_issue_certificates(self.request.user):
            # Beside Attendance: the header shows its buttons in the order given.
            buttons.insert(
                1,
                HeaderButton(
                    _("Certificates"),
                    url=reverse("certificates_admin:course", args=[pk]),
                    icon_name="doc-full",
                    priority=7,
                ),
            )
        if self.offering.permissions_for_user(self.request.user).can_edit():
            buttons.append(
                HeaderButton(
                    _("Edit page"), url=reverse("wagtailadmin_pages:edit", args=[pk]), icon_name="edit", priority=30
                )
            )
        return buttons

    def get_context_data(self, add_form=None, **kwargs):
        enrolments = list(
            selectors.course_enrolments(
                self.offering, status=self.filters["status"] or None, query=self.filters["q"], history=True
            )
        )
        waiting = list(selectors.waiting_list(self.offering))
        places = {enrolment.pk: place for place, enrolment in enumerate(waiting, start=1)}
        columns = exports.question_columns(self.offering.questions.all(), enrolments)
        for enrolment in [*enrolments, *waiting]:
            enrolment.place = places.get(enrolment.pk)
        for enrolment in enrolments:
            enrolment.profile = exports.profile_of(enrolment.user)
            enrolment.answer_list = exports.answers(enrolment, columns)
        return super().get_context_data(
            offering=self.offering,
            counts=selectors.enrolment_counts(self.offering),
            enrolments=enrolments,
            waiting=waiting,
            filter_form=EnrolmentFilterForm(initial=self.filters),
            filters=self.filters,
            filtered=any(self.filters.values()),
            add_form=add_form or AddPersonForm(),
            next_url=self.get_next_url(),
            **kwargs,
        )

    def get_next_url(self) -> str:
        """Where the page's forms come back to: this list, filtered as it is."""
        return self.request.get_full_path()


class AddPersonView(CourseView):
    """A coordinator enrols someone by hand: an existing account by its email, else a new one.
    An invalid form comes back on the course page with what was typed."""

    http_method_names = ["post"]

    def get_next_url(self) -> str:
        return _back(self.request, self.offering)

    def post(self, request, *args, **kwargs):
        form = AddPersonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The person could not be added. Check the form below."))
            return self.render_to_response(self.get_context_data(add_form=form), status=400)
        person = get_or_create_person(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        if existing := selectors.enrolment_of(person, self.offering):
            messages.info(
                request,
                _("%(person)s is already enrolled: %(status)s.")
                % {"person": _person(existing), "status": existing.get_status_display()},
            )
            return redirect(_back(request, self.offering))
        try:
            enrolment = add_participant(self.offering, user=person, by=request.user, reason=form.cleaned_data["reason"])
        except EnrolmentRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _outcome(enrolment))
        return redirect(_back(request, self.offering))


class AttendanceView(OfferingMixin, WagtailAdminTemplateMixin, TemplateView):
    """One offering's attendance: confirmed participants × sessions, each person's completion and
    the coordinators' decisions on it, and the trail of corrected marks. Marks are corrected on the
    session's roster, which coordinators open from the column headings."""

    template_name = "enrolment/admin/attendance.html"
    page_title = gettext_lazy("Attendance")
    header_icon = "calendar-check"
    # The newest corrections shown; the page says how many there are in all.
    changes_shown = 200

    def get_page_subtitle(self):
        return self.offering.localized_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("enrolment_admin:index"), "label": _("Enrolments")},
            {"url": reverse("enrolment_admin:course", args=[self.offering.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, completion_form=None, decided=None, **kwargs):
        sessions, enrolments = selectors.attendance_grid(self.offering)
        for enrolment in enrolments:
            enrolment.completion_form = _completion_form(enrolment)
        changes = selectors.attendance_changes(self.offering)
        return super().get_context_data(
            offering=self.offering,
            sessions=sessions,
            enrolments=enrolments,
            rule=evaluate(self.offering, sessions, {}),
            changes=list(changes[: self.changes_shown]),
            change_count=changes.count(),
            # A refused decision comes back above the grid with what was typed.
            completion_form=completion_form,
            decided=decided,
            **kwargs,
        )


def _completion_form(enrolment) -> CompletionForm:
    decision = next(key for key, value in CompletionForm.DECISIONS.items() if value is enrolment.completion_override)
    return CompletionForm(
        auto_id=f"completion-{enrolment.pk}-%s",
        initial={"decision": decision, "reason": enrolment.completion_override_reason},
    )


class CompletionView(AttendanceView):
    """A coordinator decides a participant's completion, or gives it back to the course's rule."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        enrolment = _enrolment(self.offering.pk, kwargs["enrolment_id"])
        back = reverse("enrolment_admin:attendance", args=[self.offering.pk])
        if enrolment.status != Status.CONFIRMED:
            messages.info(
                request, _("%(person)s has no confirmed place on this course.") % {"person": _person(enrolment)}
            )
            return redirect(back)
        # Its own ids: the same person's form is on the page in a dialog too.
        form = CompletionForm(request.POST, auto_id="completion-decided-%s")
        if form.is_valid():
            try:
                override_completion(
                    enrolment, completed=form.completed, by=request.user, reason=form.cleaned_data["reason"]
                )
            except AttendanceRefused as error:
                form.add_error("reason", error.message)
            else:
                messages.success(request, _decision(enrolment))
                return redirect(back)
        messages.error(
            request,
            _("The decision on %(person)s's completion was not saved. Check the form.")
            % {"person": _person(enrolment)},
        )
        return self.render_to_response(self.get_context_data(completion_form=form, decided=enrolment), status=400)


def _decision(enrolment) -> str:
    if enrolment.completion_override is None:
        return _("%(person)s's completion follows the course's rule again.") % {"person": _person(enrolment)}
    if enrolment.completion_override:
        return _("%(person)s has completed the course, as you decided.") % {"person": _person(enrolment)}
    return _("%(person)s has not completed the course, as you decided.") % {"person": _person(enrolment)}


def _outcome(enrolment) -> str:
    if enrolment.status == Status.WAITING:
        return _("The course is full: %(person)s is number %(position)s on the waiting list.") % {
            "person": _person(enrolment),
            "position": selectors.waiting_places(enrolment.offering).get(enrolment.pk),
        }
    return _("%(person)s is enrolled.") % {"person": _person(enrolment)}


def _back(request, offering) -> str:
    """Back to the list as the coordinator left it (filter and search kept)."""
    return get_valid_next_url_from_request(request) or reverse("enrolment_admin:course", args=[offering.pk])


def _enrolment(offering_id: int, enrolment_id: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("user", "offering"), pk=enrolment_id, offering_id=offering_id
    )


@coordinator_required
@require_POST
def approve_view(request, offering_id: int, enrolment_id: int):
    enrolment = _enrolment(offering_id, enrolment_id)
    if enrolment.status != Status.PENDING:
        messages.info(request, _("%(person)s is not awaiting approval.") % {"person": _person(enrolment)})
        return redirect(_back(request, enrolment.offering))
    try:
        enrolment = approve_enrolment(enrolment, by=request.user)
    except EnrolmentRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _outcome(enrolment))
    return redirect(_back(request, enrolment.offering))


@coordinator_required
@require_POST
def move_view(request, offering_id: int, enrolment_id: int):
    enrolment = _enrolment(offering_id, enrolment_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new place in line as a number from 1 up."))
        return redirect(_back(request, enrolment.offering))
    try:
        moved = move_in_waiting_list(
            enrolment, to_position=form.cleaned_data["position"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except EnrolmentRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s is now number %(position)s on the waiting list.")
            % {"person": _person(enrolment), "position": moved.position},
        )
    return redirect(_back(request, enrolment.offering))


@coordinator_required
@require_POST
def cancel_view(request, offering_id: int, enrolment_id: int):
    enrolment = _enrolment(offering_id, enrolment_id)
    form = CancelOnBehalfForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long."))
        return redirect(_back(request, enrolment.offering))
    if enrolment.status == Status.CANCELLED:
        messages.info(request, _("%(person)s's enrolment was already cancelled.") % {"person": _person(enrolment)})
        return redirect(_back(request, enrolment.offering))
    try:
        cancel_enrolment(enrolment, by=request.user, reason=form.cleaned_data["reason"])
    except EnrolmentRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(person)s's enrolment is cancelled.") % {"person": _person(enrolment)})
    return redirect(_back(request, enrolment.offering))


@coordinator_required
def export_view(request, offering_id: int, file_format: str):
    """The list as shown (same filter and search) as a CSV or an XLSX file."""
    offering = get_object_or_404(Offering.objects.defer_streamfields(), pk=offering_id)
    filters = _filters(request)
    enrolments = list(selectors.course_enrolments(offering, status=filters["status"] or None, query=filters["q"]))
    columns = exports.question_columns(offering.questions.all(), enrolments)
    header, rows = exports.table(enrolments, columns, places=selectors.waiting_places(offering))
    filename = f"{offering.slug}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    audit.record(
        audit.Action.EXPORTED,
        actor=request.user,
        offering=offering,
        details={"what": "participants", "format": file_format, "rows": len(rows)},
    )
    if file_format == "xlsx":
        return exports.xlsx_response(header, rows, filename=filename, title=offering.localized_title)
    return exports.csv_response(header, rows, filename=filename)

"""The coordinators' reports in the Wagtail admin: the figures for a period and filters, as charts
and tables, and the same tables as XLSX and CSV.

Wagtail's admin URL patterns send anyone without admin access to its log-in; inside the admin, a
user without `can_view_reports` meets PermissionDenied, which Wagtail turns into a redirect to the
dashboard with "you do not have permission", as on the enrolment pages. Filters the form does not
accept are shown on the page with a 400, never a report without them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from audit import services as audit

from . import exports, selectors
from .forms import ReportFilterForm
from .permissions import can_view_reports


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/report.html"
    page_title = gettext_lazy("Programme reports")
    header_icon = "table"
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.reference = selectors.reference_data()
        self.form = ReportFilterForm(request.GET or None, reference=self.reference)
        self.report = None
        if self.form.is_bound and not self.form.is_valid():
            messages.error(request, _("The report could not be made with these filters. Check them below."))
            return self.render_to_response(self.get_context_data(), status=400)
        self.report = selectors.report(self.form.filters(), self.reference)
        return self.respond()

    def respond(self):
        return self.render_to_response(self.get_context_data())

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_header_buttons(self):
        if self.report is None:
            return []
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        return [
            HeaderButton(
                _("Download XLSX"),
                url=reverse("reports_admin:export_xlsx") + suffix,
                icon_name="download",
                priority=10,
            ),
            HeaderButton(
                _("Download CSV"), url=reverse("reports_admin:export_csv") + suffix, icon_name="download", priority=20
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, report=self.report, **kwargs)
        if self.report is not None:
            context.update(
                description=self.form.description(),
                columns=selectors.COLUMNS,
                charts=_chart_data(self.report),
            )
        return context


class ExportView(ReportView):
    """The report as shown for the same query string, as an XLSX or CSV file."""

    file_format = "xlsx"

    def respond(self):
        description = self.form.description()
        audit.record(
            audit.Action.EXPORTED,
            actor=self.request.user,
            details={
                "what": "report",
                "format": self.file_format,
                "filters": "; ".join(f"{label}: {value}" for label, value in description),
            },
        )
        if self.file_format == "csv":
            return exports.csv(self.report)
        return exports.xlsx(self.report, description)


def _chart_data(report) -> dict:
    """What static/reports/report.js draws: labels and participants (and, over time, enrolments)
    of each breakdown. The tables beside the charts carry every figure."""
    data = {}
    for breakdown in report.breakdowns:
        series = {"participants": [row.participants for row in breakdown.rows]}
        if breakdown.name == "month":
            series["enrolments"] = [row.enrolments for row in breakdown.rows]
        data[breakdown.name] = {"labels": [row.label for row in breakdown.rows], "series": series}
    data["names"] = {"participants": str(selectors.COLUMNS[0][1]), "enrolments": str(selectors.COLUMNS[1][1])}
    return data

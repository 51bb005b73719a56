"""The audit log in the Wagtail admin: read and filtered by coordinators, never edited.

Wagtail's admin URL patterns send anyone without admin access to its log-in; an admin user
without `can_view_audit` meets PermissionDenied (Wagtail's "no permission" redirect), as on the
other coordinators' pages. A filter the form refuses is shown with its error and a 400.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors
from .display import describe
from .forms import EntryFilterForm
from .permissions import can_view_audit


class AuditLogView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "audit/admin/index.html"
    page_title = gettext_lazy("Audit log")
    header_icon = "history"
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_audit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        query = request.GET.copy()
        query.pop("p", None)
        form = EntryFilterForm(query or None)
        page, page_range = None, []
        status = 200
        if form.is_bound and not form.is_valid():
            messages.error(request, _("The log could not be filtered with these values. Check them below."))
            status = 400
        else:
            paginator = WagtailPaginator(selectors.entries(form.filters()), selectors.PAGE_SIZE)
            page = paginator.get_page(request.GET.get("p"))
            page_range = list(paginator.get_elided_page_range(page.number))
            for entry in page.object_list:
                entry.description = describe(entry)
        context = self.get_context_data(form=form, page=page, elided_page_range=page_range)
        return self.render_to_response(context, status=status)

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """No table and no rows: it carries the permission to read the reports, since Django's
    permissions belong to a model. Coordinators have it; it can be given to someone who reports to
    the funder without the right to read or change the participant lists."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", _("Can view reports"))]
        verbose_name = _("report")

    def __str__(self):
        return str(self._meta.verbose_name)

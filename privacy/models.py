from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalData(models.Model):
    """No table and no rows: it carries the permission to hand a person their data and to erase it
    on their request, since Django's permissions belong to a model. Coordinators have it."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("manage_personal_data", _("Can export and erase a person's data"))]
        verbose_name = _("personal data")

    def __str__(self):
        return str(self._meta.verbose_name)

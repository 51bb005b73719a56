from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "enrolment"
    verbose_name = _("Enrolment")
    personal_data = "enrolment.personal_data.EnrolmentData"

    def ready(self):
        from . import signals  # noqa: F401

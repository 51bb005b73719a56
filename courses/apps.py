from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Trainings")
    personal_data = "courses.personal_data.CourseData"

    def ready(self):
        from . import signals

        signals.connect()

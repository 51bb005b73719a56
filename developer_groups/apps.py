from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeveloperGroupsConfig(AppConfig):
    name = "developer_groups"
    verbose_name = _("Developer groups")
    personal_data = "developer_groups.personal_data.DeveloperGroupData"

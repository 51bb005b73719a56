from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    personal_data = "accounts.personal_data.AccountData"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import signals  # noqa: F401
        from .middleware import note_second_factor

        user_logged_in.connect(note_second_factor, dispatch_uid="accounts.note_second_factor")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ssp.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from ssp.accounts.signals import log_failed_login

        user_login_failed.connect(log_failed_login, dispatch_uid="ssp.accounts.log_failed_login")

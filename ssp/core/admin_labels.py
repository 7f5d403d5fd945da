"""Danish names for the third-party apps and models a system administrator sees in Django admin.

django-otp, django-axes and django-tasks-db ship no Danish catalogue, and their names are English msgids. Django
looks in ``LOCALE_PATHS`` (``ssp/locale``) before a package's own catalogue, so their Danish lives in
``ssp/locale/da``; ``PACKAGE_LABELS`` names those msgids (and django-axes' admin texts) so that ``make catalogue``
keeps the entries.

The app configs below are Django's documented way to rename a third-party app (``INSTALLED_APPS`` names them).
django-otp gives its model and field names as plain strings, which no catalogue reaches, so its configs make them
lazy translations of the same text; migrations compare the untranslated text and see no change.
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpAppConfig
from django_tasks_db.apps import TasksAppConfig

PACKAGE_LABELS = (
    # django-otp
    gettext_noop("TOTP device"),
    gettext_noop("TOTP devices"),
    gettext_noop("static device"),
    gettext_noop("static devices"),
    gettext_noop("static token"),
    gettext_noop("static tokens"),
    gettext_noop("confirmed"),
    gettext_noop("throttling failure timestamp"),
    gettext_noop("throttling failure count"),
    gettext_noop("created at"),
    gettext_noop("last used at"),
    gettext_noop("key"),
    gettext_noop("step"),
    gettext_noop("t0"),
    gettext_noop("digits"),
    gettext_noop("tolerance"),
    gettext_noop("drift"),
    gettext_noop("last t"),
    gettext_noop("device"),
    gettext_noop("token"),
    # django-axes
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Access lock out"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    # django-tasks-db
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
)


def _translated_names(models: list[type[Model]]) -> None:
    # Every name is plain text here (a plural is the singular plus "s"); the text itself is the msgid.
    with translation.override(None):
        for model in models:
            opts = model._meta
            opts.verbose_name = _(str(opts.verbose_name))
            opts.verbose_name_plural = _(str(opts.verbose_name_plural))
            for field in opts.local_fields:
                if not field.auto_created:
                    field.verbose_name = _(str(field.verbose_name))


class OtpTotpConfig(OtpTotpAppConfig):
    verbose_name = _("Totrinsbekræftelse med app")

    def ready(self) -> None:
        super().ready()
        _translated_names(list(self.get_models()))


class OtpStaticConfig(OtpStaticAppConfig):
    verbose_name = _("Totrinsbekræftelse med reservekoder")

    def ready(self) -> None:
        super().ready()
        _translated_names(list(self.get_models()))


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in-forsøg og spærringer")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Opgavekø")  # type: ignore[assignment]  # Django takes a lazy text; the package typed a str

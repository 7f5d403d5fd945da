from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the platform: health, readiness, metrics, structured logs, backups and the report replica."""

    name = "ssp.operations"
    label = "operations"
    verbose_name = _("Drift")

    def ready(self) -> None:
        from ssp.operations import readiness

        readiness.register_defaults()

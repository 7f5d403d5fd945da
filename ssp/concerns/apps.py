from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "ssp.concerns"
    label = "concerns"
    verbose_name = _("Concerns")

    def ready(self) -> None:
        from ssp.concerns import relations
        from ssp.concerns.retention import ConcernRetention
        from ssp.privacy.retention import register_retention_handler

        relations.register()
        register_retention_handler(ConcernRetention())

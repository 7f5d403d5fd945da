from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ssp.insight"
    verbose_name = _("Indsigt")

    def ready(self) -> None:
        from ssp.insight.providers import register_all

        register_all()

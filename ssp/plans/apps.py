from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "ssp.plans"
    label = "plans"
    verbose_name = _("Planer")

    def ready(self) -> None:
        from ssp.plans.tiles import register_tiles

        register_tiles()  # the dashboard's initiatives and action-plan tiles (ssp.insight.registry)

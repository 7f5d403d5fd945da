from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "ssp.plans"
    label = "plans"
    verbose_name = _("Planer")

    def ready(self) -> None:
        from ssp.meetings.calendar_entries import register_calendar_source
        from ssp.plans.selectors import milestone_calendar_entries
        from ssp.plans.tiles import register_tiles

        # The annual cycle's milestones show on the meetings calendars and feed; meetings does not import plans.
        register_calendar_source(milestone_calendar_entries)
        register_tiles()  # the dashboard's initiatives and action-plan tiles (ssp.insight.registry)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "ssp.plans"
    label = "plans"
    verbose_name = _("Planer")

    def ready(self) -> None:
        from ssp.meetings.calendar_entries import register_calendar_source
        from ssp.plans.selectors import milestone_calendar_entries

        # The annual cycle's milestones show on the meetings calendars and feed; meetings does not import plans.
        register_calendar_source(milestone_calendar_entries)

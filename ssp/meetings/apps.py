from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ssp.meetings"
    label = "meetings"
    verbose_name = _("Møder")

    def ready(self) -> None:
        from ssp.privacy.relations import Relation, register_window_relation

        # A person-sensitive agenda item opens a window per participant and concern from publication to the end
        # of the meeting (ssp.meetings.eligibility); the participant only reads.
        register_window_relation(Relation.AGENDA_PARTICIPANT, app_label="meetings")
        from ssp.meetings.tiles import register_tiles

        register_tiles()  # the dashboard's meetings tile (ssp.insight.registry)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "ssp.intake"
    label = "intake"
    verbose_name = _("Døgnrapport og indsatsmøde")

    def ready(self) -> None:
        from ssp.intake.retention import IntakeRetention
        from ssp.privacy.relations import Relation, register_window_relation
        from ssp.privacy.retention import register_retention_handler

        # The members of the case-coordination forum see the citizens on the week's triage agenda from when the
        # intakes are put on it until the meeting ends (ssp.intake.triage.schedule_triage); they only read.
        register_window_relation(Relation.TRIAGE_PARTICIPANT, app_label="intake")
        register_retention_handler(IntakeRetention())
        from ssp.intake.tiles import register_tiles

        register_tiles()  # the dashboard's intake tile (ssp.insight.registry)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "ssp.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from ssp.privacy.relations import Relation, register_window_relation

        # Break the glass (ssp.privacy.door.request_emergency_access): read-only, reviewed by an administrator.
        register_window_relation(Relation.EMERGENCY, app_label="privacy")

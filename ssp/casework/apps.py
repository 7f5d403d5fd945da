from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "ssp.casework"
    label = "casework"
    verbose_name = _("Sagsarbejde")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from ssp.casework import relations
        from ssp.casework.models import Letter, LetterTemplate
        from ssp.casework.retention import CaseworkRetention
        from ssp.casework.storage import delete_files
        from ssp.privacy.retention import register_retention_handler

        relations.register()
        register_retention_handler(CaseworkRetention())
        from ssp.casework.tiles import register_tiles

        register_tiles()  # the dashboard's case work tiles (ssp.insight.registry)

        # A signal, not a service: letters go with their concern by cascade (closing, retention, deletion), and
        # the files must leave the disk on every one of those paths, after the deleting transaction commits.
        post_delete.connect(delete_files, sender=Letter, dispatch_uid="casework_letter_files")
        post_delete.connect(delete_files, sender=LetterTemplate, dispatch_uid="casework_template_files")

        # The figures' medians are computed by the database; SQLite needs the aggregate on each connection.
        from django.db import connections
        from django.db.backends.signals import connection_created

        from ssp.lib.aggregates import register_sqlite_median

        connection_created.connect(register_sqlite_median, dispatch_uid="ssp_sqlite_median")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_sqlite_median(connection=connection)

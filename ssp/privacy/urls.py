from __future__ import annotations

from django.urls import path

from ssp.privacy import views
from ssp.privacy.routes import citizen_data, no_citizen_data

app_name = "privacy"

urlpatterns = [
    path("noedadgang/", citizen_data(views.emergency_review), name="emergency_review"),
    path("noedadgang/<int:pk>/gennemgaaet/", citizen_data(views.mark_reviewed), name="mark_reviewed"),
    path("noedadgang/borger/<int:citizen_id>/", citizen_data(views.request_emergency), name="request_emergency"),
    path("slettefrister/", no_citizen_data(views.retention_rules), name="retention_rules"),
    path("slettefrister/<str:record_type>/", no_citizen_data(views.edit_retention_rule), name="edit_retention_rule"),
    path("audit/", no_citizen_data(views.audit_log), name="audit_log"),
    path(
        "audit/borger/<int:citizen_id>/historik.<str:fmt>",
        citizen_data(views.access_history_export),
        name="access_history",
    ),
]

from __future__ import annotations

from django.urls import path

from ssp.privacy import views

app_name = "privacy"

urlpatterns = [
    path("noedadgang/", views.emergency_review, name="emergency_review"),
    path("noedadgang/<int:pk>/gennemgaaet/", views.mark_reviewed, name="mark_reviewed"),
    path("noedadgang/borger/<int:citizen_id>/", views.request_emergency, name="request_emergency"),
    path("slettefrister/", views.retention_rules, name="retention_rules"),
    path("slettefrister/<str:record_type>/", views.edit_retention_rule, name="edit_retention_rule"),
    path("audit/", views.audit_log, name="audit_log"),
    path(
        "audit/borger/<int:citizen_id>/historik.<str:fmt>",
        views.access_history_export,
        name="access_history",
    ),
]

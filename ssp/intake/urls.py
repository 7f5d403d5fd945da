"""Intake pages under /doegnrapport/."""

from __future__ import annotations

from django.urls import path

from ssp.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("indlaes/", views.upload, name="upload"),
    path("forhaandsvisning/<uuid:pk>/", views.preview_page, name="preview"),
    path("forhaandsvisning/<uuid:pk>/raekke/<int:number>/bekraeft/", views.confirm_row, name="confirm_row"),
    path("forhaandsvisning/<uuid:pk>/raekke/<int:number>/afvis/", views.reject_row, name="reject_row"),
    path("forhaandsvisning/<uuid:pk>/indlaes/", views.commit, name="commit"),
    path("indsatsmoede/", views.schedule, name="schedule"),
    path("indsatsmoede/<int:pk>/", views.agenda, name="agenda"),
    path("indsatsmoede/punkt/<int:pk>/beslutning/", views.decide, name="decide"),
    path("frist/<int:pk>/overholdt/", views.deadline_met, name="deadline_met"),
]

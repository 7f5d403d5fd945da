from __future__ import annotations

from django.urls import path

from ssp.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.index, name="index"),
    path("kommune/<slug:slug>/", views.municipality_dashboard, name="municipality"),
    path("politikreds/<slug:slug>/", views.district_dashboard, name="district"),
    path("runde/<int:pk>/", views.wave_detail, name="wave"),
    path("runde/<int:pk>/overdrivelser/<slug:code>/", views.exaggeration, name="exaggeration"),
    path(
        "runde/<int:pk>/overdrivelser/<slug:code>/skole/<int:school>/<int:grade>/",
        views.exaggeration_print,
        name="exaggeration_print",
    ),
    path("import/", views.import_wave, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/gem/", views.import_commit, name="import_commit"),
    path("rapporter/", views.reports, name="reports"),
    path("rapporter/<int:pk>/", views.report, name="report"),
    path("rapporter/<int:pk>/hent/", views.report_download, name="report_download"),
]

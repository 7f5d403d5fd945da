"""Intake pages under /doegnrapport/ (declared as serving citizen data or not: ``ssp.privacy.routes``)."""

from __future__ import annotations

from django.urls import path

from ssp.intake import views
from ssp.privacy.routes import citizen_data, no_citizen_data

app_name = "intake"

urlpatterns = [
    path("", citizen_data(views.queue), name="queue"),
    # The form shows no citizen; the rows it stores are disclosed when the preview is shown and audited as created
    # when the preview is committed.
    path("indlaes/", no_citizen_data(views.upload), name="upload"),
    # The wait for a large file: how many rows are read, never what they say.
    path("indlaesning/<uuid:pk>/", no_citizen_data(views.import_job), name="import_job"),
    path("forhaandsvisning/<uuid:pk>/", citizen_data(views.preview_page), name="preview"),
    path(
        "forhaandsvisning/<uuid:pk>/raekke/<int:number>/bekraeft/",
        citizen_data(views.confirm_row),
        name="confirm_row",
    ),
    path("forhaandsvisning/<uuid:pk>/raekke/<int:number>/afvis/", citizen_data(views.reject_row), name="reject_row"),
    path("forhaandsvisning/<uuid:pk>/indlaes/", citizen_data(views.commit), name="commit"),
    path("indsatsmoede/", citizen_data(views.schedule), name="schedule"),
    path("indsatsmoede/<int:pk>/", citizen_data(views.agenda), name="agenda"),
    path("indsatsmoede/punkt/<int:pk>/beslutning/", citizen_data(views.decide), name="decide"),
    path("frist/<int:pk>/overholdt/", citizen_data(views.deadline_met), name="deadline_met"),
    # A notification holds a kind and a link, never citizen data; the page it links to declares its own.
    path("besked/<int:pk>/", no_citizen_data(views.notification), name="notification"),
]

"""Case-work pages under /sagsarbejde/."""

from __future__ import annotations

from django.urls import path

from ssp.casework import group_views, programme_views, views
from ssp.privacy.routes import citizen_data, no_citizen_data

app_name = "casework"

urlpatterns = [
    path("", citizen_data(views.work_queue), name="queue"),
    path("indsatser/", citizen_data(views.action_list), name="actions"),
    path("forloeb/", citizen_data(views.programme_list), name="programme_list"),
    path("sag/<int:pk>/", citizen_data(views.concern_casework), name="concern"),
    path("sag/<int:pk>/indsats/", citizen_data(views.plan_action), name="plan_action"),
    path("sag/<int:pk>/breve/", citizen_data(views.generate_letters), name="generate_letters"),
    path("sag/<int:pk>/foraeldre/", citizen_data(views.add_guardian), name="add_guardian"),
    path("indsats/<int:action_pk>/", citizen_data(views.action_detail), name="action"),
    path("brev/<int:letter_pk>.<str:fmt>", citizen_data(views.download_letter), name="letter"),
    path("borger/<int:citizen_pk>/sagsakt/", citizen_data(views.case_record), name="record"),
    path("borger/<int:citizen_pk>/sagsakt.<str:fmt>", citizen_data(views.case_record), name="record_export"),
    path("sag/<int:pk>/forloeb/", citizen_data(programme_views.concern_programmes), name="programmes"),
    path("sag/<int:pk>/screening/", citizen_data(programme_views.screen), name="screen"),
    path("sag/<int:pk>/forloeb/nyt/", citizen_data(programme_views.enrol), name="enrol"),
    path("forloeb/<int:pk>/", citizen_data(programme_views.programme_detail), name="programme"),
    path("overdragelser/", citizen_data(programme_views.incoming_transfers), name="transfers"),
    path("pre-entry/rapport/", no_citizen_data(programme_views.district_report), name="district_report"),
    path("grupperinger/", citizen_data(group_views.network), name="network"),
    path("grupperinger/<int:pk>/", citizen_data(group_views.group_detail), name="group"),
    path("doegnrapport/", citizen_data(views.daily_report_search), name="daily_report"),
    path("noegletal/", no_citizen_data(views.municipality_figures), name="figures"),
    path("noegletal.<str:fmt>", no_citizen_data(views.municipality_figures), name="figures_export"),
    path("brevskabeloner/", no_citizen_data(views.letter_templates), name="templates"),
    path("brevskabeloner/eksempel.<str:fmt>", no_citizen_data(views.preview_template), name="template_preview"),
]

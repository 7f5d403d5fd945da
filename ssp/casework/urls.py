"""Case-work pages under /sagsarbejde/."""

from __future__ import annotations

from django.urls import path

from ssp.casework import group_views, programme_views, views

app_name = "casework"

urlpatterns = [
    path("", views.work_queue, name="queue"),
    path("sag/<int:pk>/", views.concern_casework, name="concern"),
    path("sag/<int:pk>/indsats/", views.plan_action, name="plan_action"),
    path("sag/<int:pk>/breve/", views.generate_letters, name="generate_letters"),
    path("sag/<int:pk>/foraeldre/", views.add_guardian, name="add_guardian"),
    path("indsats/<int:action_pk>/", views.action_detail, name="action"),
    path("brev/<int:letter_pk>.<str:fmt>", views.download_letter, name="letter"),
    path("borger/<int:citizen_pk>/sagsakt/", views.case_record, name="record"),
    path("borger/<int:citizen_pk>/sagsakt.<str:fmt>", views.case_record, name="record_export"),
    path("sag/<int:pk>/forloeb/", programme_views.concern_programmes, name="programmes"),
    path("sag/<int:pk>/screening/", programme_views.screen, name="screen"),
    path("sag/<int:pk>/forloeb/nyt/", programme_views.enrol, name="enrol"),
    path("forloeb/<int:pk>/", programme_views.programme_detail, name="programme"),
    path("overdragelser/", programme_views.incoming_transfers, name="transfers"),
    path("pre-entry/rapport/", programme_views.district_report, name="district_report"),
    path("grupperinger/", group_views.network, name="network"),
    path("grupperinger/<int:pk>/", group_views.group_detail, name="group"),
    path("doegnrapport/", views.daily_report_search, name="daily_report"),
    path("noegletal/", views.municipality_figures, name="figures"),
    path("noegletal.<str:fmt>", views.municipality_figures, name="figures_export"),
    path("brevskabeloner/", views.letter_templates, name="templates"),
    path("brevskabeloner/eksempel.<str:fmt>", views.preview_template, name="template_preview"),
]

from __future__ import annotations

from django.urls import path

from ssp.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("kreds/<slug:slug>/aarshjul/<int:year>/", views.cycle, name="cycle"),
    path("kreds/<slug:slug>/aarshjul/<int:year>.ics", views.cycle_ical, name="cycle_ical"),
    path("kreds/<slug:slug>/aarshjul/<int:year>/dan/", views.generate_cycle, name="generate_cycle"),
    path("milepael/<int:pk>/gennemfoert/", views.complete_milestone, name="complete_milestone"),
    path("milepael/<int:pk>/ansvarlig/", views.assign_milestone_owner, name="assign_milestone_owner"),
    path("kreds/<slug:slug>/overblik/<int:year>/", views.district_overview, name="overview"),
    path("kreds/<slug:slug>/samarbejdsplan/<int:year>/", views.cooperation_plan, name="cooperation_plan"),
    path("kreds/<slug:slug>/samarbejdsplan/<int:year>/start/", views.start_cooperation_plan, name="start_plan"),
    path(
        "kreds/<slug:slug>/samarbejdsplan/<int:year>/plan.<str:fmt>",
        views.cooperation_plan_export,
        name="cooperation_plan_export",
    ),
    path("version/<int:pk>/tekst/", views.edit_plan_text, name="edit_plan_text"),
    path("version/<int:pk>/fokusomraade/", views.add_focus_area, name="add_focus_area"),
    path("version/<int:pk>/afsnit/", views.add_section, name="add_section"),
    path("version/<int:pk>/kommentar/", views.comment, name="comment"),
    path("version/del/<slug:part>/<int:pk>/fjern/", views.remove_from_version, name="remove_from_version"),
    path(
        "handlingsplan/del/<slug:part>/<int:pk>/fjern/", views.remove_from_action_plan, name="remove_from_action_plan"
    ),
    path("version/<int:pk>/dagsorden/", views.submit_plan, name="submit_plan"),
    path("version/<int:pk>/godkend/", views.approve_plan, name="approve_plan"),
    path("version/<int:pk>/ny-version/", views.new_version, name="new_version"),
    path("kommune/<slug:slug>/handlingsplaner/", views.action_plans, name="action_plans"),
    path("handlingsplan/<int:pk>/", views.action_plan, name="action_plan"),
    path("handlingsplan/<int:pk>/ret/<slug:part>/", views.action_plan_edit, name="action_plan_edit"),
    path("handlingsplan/<int:pk>/vedtag/", views.adopt_action_plan, name="adopt_action_plan"),
    path("handlingsplan/<int:pk>/evaluer/", views.evaluate_action_plan, name="evaluate_action_plan"),
    path("handlingsplan/<int:pk>/plan.<str:fmt>", views.action_plan_export, name="action_plan_export"),
    path("planlagt-indsats/<int:pk>/status/", views.planned_status, name="planned_status"),
    path("kommune/<slug:slug>/indsatser/", views.catalogue, name="catalogue"),
    path("indsats/<int:pk>/ret/", views.initiative_edit, name="initiative_edit"),
    path("kommune/<slug:slug>/indsatser.xlsx", views.catalogue_xlsx, name="catalogue_xlsx"),
    path("kommune/<slug:slug>/daekning/", views.coverage, name="coverage"),
    path("kommune/<slug:slug>/daekning.xlsx", views.coverage_xlsx, name="coverage_xlsx"),
    path("kommune/<slug:slug>/daekning/klasser/import/", views.import_classes, name="import_classes"),
    path("kommune/<slug:slug>/daekning/klasser/", views.add_class, name="add_class"),
    path("kommune/<slug:slug>/daekning/gennemfoerelser/", views.record_delivery, name="record_delivery"),
    path("kommune/<slug:slug>/lovpligtige/", views.statutory, name="statutory"),
    path("lovpligtig/<int:pk>/evalueret/", views.review_statutory, name="review_statutory"),
    path("lovpligtig/<int:pk>/plan.<str:fmt>", views.statutory_export, name="statutory_export"),
    path("kreds/<slug:slug>/tendenser/", views.trends, name="trends"),
    path("projekt/<int:pk>/", views.project, name="project"),
    path("projekt/<int:pk>/<slug:step>/", views.project_step, name="project_step"),
]

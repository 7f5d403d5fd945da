from __future__ import annotations

from django.urls import path

from ssp.plans import views
from ssp.privacy.routes import no_citizen_data

app_name = "plans"

# Plans describe groups (a class, a grade, a district), never a named child: no page serves citizen data.

urlpatterns = [
    path("", no_citizen_data(views.index), name="index"),
    path("kreds/<slug:slug>/aarshjul/<int:year>/", no_citizen_data(views.cycle), name="cycle"),
    path("kreds/<slug:slug>/aarshjul/<int:year>.ics", no_citizen_data(views.cycle_ical), name="cycle_ical"),
    path("kreds/<slug:slug>/aarshjul/<int:year>/dan/", no_citizen_data(views.generate_cycle), name="generate_cycle"),
    path("milepael/<int:pk>/gennemfoert/", no_citizen_data(views.complete_milestone), name="complete_milestone"),
    path("milepael/<int:pk>/ansvarlig/", no_citizen_data(views.assign_milestone_owner), name="assign_milestone_owner"),
    path("kreds/<slug:slug>/overblik/<int:year>/", no_citizen_data(views.district_overview), name="overview"),
    path(
        "kreds/<slug:slug>/samarbejdsplan/<int:year>/", no_citizen_data(views.cooperation_plan), name="cooperation_plan"
    ),
    path(
        "kreds/<slug:slug>/samarbejdsplan/<int:year>/start/",
        no_citizen_data(views.start_cooperation_plan),
        name="start_plan",
    ),
    path(
        "kreds/<slug:slug>/samarbejdsplan/<int:year>/plan.<str:fmt>",
        no_citizen_data(views.cooperation_plan_export),
        name="cooperation_plan_export",
    ),
    path("version/<int:pk>/tekst/", no_citizen_data(views.edit_plan_text), name="edit_plan_text"),
    path("version/<int:pk>/fokusomraade/", no_citizen_data(views.add_focus_area), name="add_focus_area"),
    path("version/<int:pk>/afsnit/", no_citizen_data(views.add_section), name="add_section"),
    path("version/<int:pk>/kommentar/", no_citizen_data(views.comment), name="comment"),
    path(
        "version/del/<slug:part>/<int:pk>/fjern/",
        no_citizen_data(views.remove_from_version),
        name="remove_from_version",
    ),
    path("version/del/<slug:part>/<int:pk>/ret/", no_citizen_data(views.edit_version_part), name="edit_version_part"),
    path(
        "handlingsplan/del/<slug:part>/<int:pk>/fjern/",
        no_citizen_data(views.remove_from_action_plan),
        name="remove_from_action_plan",
    ),
    path(
        "handlingsplan/del/<slug:part>/<int:pk>/ret/",
        no_citizen_data(views.edit_action_plan_part),
        name="edit_action_plan_part",
    ),
    path("version/<int:pk>/dagsorden/", no_citizen_data(views.submit_plan), name="submit_plan"),
    path("version/<int:pk>/godkend/", no_citizen_data(views.approve_plan), name="approve_plan"),
    path("version/<int:pk>/ny-version/", no_citizen_data(views.new_version), name="new_version"),
    path("kommune/<slug:slug>/handlingsplaner/", no_citizen_data(views.action_plans), name="action_plans"),
    path("handlingsplan/<int:pk>/", no_citizen_data(views.action_plan), name="action_plan"),
    path("handlingsplan/<int:pk>/ret/<slug:part>/", no_citizen_data(views.action_plan_edit), name="action_plan_edit"),
    path("handlingsplan/<int:pk>/vedtag/", no_citizen_data(views.adopt_action_plan), name="adopt_action_plan"),
    path("handlingsplan/<int:pk>/evaluer/", no_citizen_data(views.evaluate_action_plan), name="evaluate_action_plan"),
    path("handlingsplan/<int:pk>/plan.<str:fmt>", no_citizen_data(views.action_plan_export), name="action_plan_export"),
    path("planlagt-indsats/<int:pk>/status/", no_citizen_data(views.planned_status), name="planned_status"),
    path("kommune/<slug:slug>/indsatser/", no_citizen_data(views.catalogue), name="catalogue"),
    path("indsats/<int:pk>/ret/", no_citizen_data(views.initiative_edit), name="initiative_edit"),
    path("kommune/<slug:slug>/indsatser.xlsx", no_citizen_data(views.catalogue_xlsx), name="catalogue_xlsx"),
    path("kommune/<slug:slug>/daekning/", no_citizen_data(views.coverage), name="coverage"),
    path("kommune/<slug:slug>/daekning.xlsx", no_citizen_data(views.coverage_xlsx), name="coverage_xlsx"),
    path("kommune/<slug:slug>/daekning/klasser/import/", no_citizen_data(views.import_classes), name="import_classes"),
    path("kommune/<slug:slug>/daekning/klasser/", no_citizen_data(views.add_class), name="add_class"),
    path(
        "kommune/<slug:slug>/daekning/gennemfoerelser/", no_citizen_data(views.record_delivery), name="record_delivery"
    ),
    path("kommune/<slug:slug>/lovpligtige/", no_citizen_data(views.statutory), name="statutory"),
    path("lovpligtig/<int:pk>/evalueret/", no_citizen_data(views.review_statutory), name="review_statutory"),
    path("lovpligtig/<int:pk>/plan.<str:fmt>", no_citizen_data(views.statutory_export), name="statutory_export"),
    path("kreds/<slug:slug>/tendenser/", no_citizen_data(views.trends), name="trends"),
    path("projekt/<int:pk>/", no_citizen_data(views.project), name="project"),
    path("projekt/<int:pk>/<slug:step>/", no_citizen_data(views.project_step), name="project_step"),
]

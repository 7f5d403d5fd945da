"""Concern pages under /sager/."""

from __future__ import annotations

from django.urls import path

from ssp.concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.my_concerns, name="mine"),
    path("ny/", views.open_concern, name="open"),
    path("<int:pk>/", views.concern_detail, name="detail"),
    path("<int:pk>/notat/", views.add_note, name="add_note"),
    path("<int:pk>/spor-og-status/", views.update_concern, name="update"),
    path("<int:pk>/luk/", views.close_concern, name="close"),
    path("<int:pk>/genaabn/", views.reopen_concern, name="reopen"),
    path("<int:pk>/team/", views.add_team_member, name="add_team_member"),
    path("<int:pk>/team/<int:user_pk>/fjern/", views.remove_team_member, name="remove_team_member"),
    path("<int:pk>/eksport.csv", views.export_concern, name="export"),
    path("borger/<int:pk>/", views.citizen_detail, name="citizen"),
    path("borger/<int:pk>/cpr/", views.reveal_cpr, name="reveal_cpr"),
    path("borger/<int:pk>/identificer/", views.identify_citizen, name="identify"),
    path("borger/<int:pk>/ny-sag/", views.open_concern_for_citizen, name="open_for_citizen"),
]

# The routes that serve or change citizen data, each writing one audit event per request. Declared by hand: the
# audit-completeness test fails when a route under /sager/ is missing here, so a new page cannot skip the audit.
CITIZEN_DATA_ROUTES = frozenset(
    {
        "concerns:mine",
        "concerns:open",
        "concerns:detail",
        "concerns:add_note",
        "concerns:update",
        "concerns:close",
        "concerns:reopen",
        "concerns:add_team_member",
        "concerns:remove_team_member",
        "concerns:export",
        "concerns:citizen",
        "concerns:reveal_cpr",
        "concerns:identify",
        "concerns:open_for_citizen",
    }
)

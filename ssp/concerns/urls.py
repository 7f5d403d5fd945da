"""Concern pages under /sager/."""

from __future__ import annotations

from django.urls import path

from ssp.concerns import views
from ssp.privacy.routes import citizen_data

app_name = "concerns"

urlpatterns = [
    path("", citizen_data(views.my_concerns), name="mine"),
    path("ny/", citizen_data(views.open_concern), name="open"),
    path("<int:pk>/", citizen_data(views.concern_detail), name="detail"),
    path("<int:pk>/notat/", citizen_data(views.add_note), name="add_note"),
    path("<int:pk>/spor-og-status/", citizen_data(views.update_concern), name="update"),
    path("<int:pk>/luk/", citizen_data(views.close_concern), name="close"),
    path("<int:pk>/genaabn/", citizen_data(views.reopen_concern), name="reopen"),
    path("<int:pk>/team/", citizen_data(views.add_team_member), name="add_team_member"),
    path("<int:pk>/team/<int:user_pk>/fjern/", citizen_data(views.remove_team_member), name="remove_team_member"),
    path("<int:pk>/eksport.csv", citizen_data(views.export_concern), name="export"),
    path("borger/<int:pk>/", citizen_data(views.citizen_detail), name="citizen"),
    path("borger/<int:pk>/cpr/", citizen_data(views.reveal_cpr), name="reveal_cpr"),
    path("borger/<int:pk>/identificer/", citizen_data(views.identify_citizen), name="identify"),
    path("borger/<int:pk>/ny-sag/", citizen_data(views.open_concern_for_citizen), name="open_for_citizen"),
]

from __future__ import annotations

from django.urls import path

from ssp.meetings import views
from ssp.privacy.routes import citizen_data, no_citizen_data

app_name = "meetings"

urlpatterns = [
    path("", no_citizen_data(views.my_calendar), name="calendar"),
    path("forum/<int:pk>/", no_citizen_data(views.forum_calendar), name="forum"),
    path("forum/<int:pk>/foreslaa/", no_citizen_data(views.generate), name="generate"),
    path("forum/<int:pk>/aar/<int:year>/", no_citizen_data(views.forum_year), name="forum_year"),
    path("kommune/<slug:slug>/", no_citizen_data(views.municipality_calendar), name="municipality"),
    path("kommune/<slug:slug>/aar/<int:year>/", no_citizen_data(views.municipality_year), name="municipality_year"),
    path("moede/<int:pk>/", citizen_data(views.meeting_detail), name="meeting"),
    path("moede/<int:pk>/flyt/", no_citizen_data(views.move), name="move"),
    path("moede/<int:pk>/aflys/", no_citizen_data(views.cancel), name="cancel"),
    path("moede/<int:pk>/afholdt/", no_citizen_data(views.held), name="held"),
    path("moede/<int:pk>/punkter/", citizen_data(views.add_item), name="add_item"),
    path("moede/<int:pk>/punkter/<int:item_pk>/fjern/", citizen_data(views.remove_item), name="remove_item"),
    path("moede/<int:pk>/punkter/<int:item_pk>/referat/", citizen_data(views.item_minutes), name="item_minutes"),
    path("moede/<int:pk>/punkter/<int:item_pk>/fremmoede/", no_citizen_data(views.attendance), name="attendance"),
    path("moede/<int:pk>/udsend-dagsorden/", no_citizen_data(views.publish), name="publish"),
    path("moede/<int:pk>/udsend-referat/", no_citizen_data(views.publish_minutes), name="publish_minutes"),
    path("moede/<int:pk>/referat.pdf", no_citizen_data(views.minutes_pdf), name="minutes_pdf"),
    path("moede/<int:pk>/aftaler/", no_citizen_data(views.add_agreement), name="add_agreement"),
    path("aftaler/", no_citizen_data(views.my_agreements), name="agreements"),
    path("aftaler/<int:pk>/udfoert/", no_citizen_data(views.complete_agreement), name="complete_agreement"),
    path("kalenderabonnement/", no_citizen_data(views.feed_settings), name="feed_settings"),
    path("kalender/<str:token>.ics", no_citizen_data(views.feed), name="feed"),
]

from __future__ import annotations

from django.urls import path

from ssp.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.my_calendar, name="calendar"),
    path("forum/<int:pk>/", views.forum_calendar, name="forum"),
    path("forum/<int:pk>/foreslaa/", views.generate, name="generate"),
    path("forum/<int:pk>/aar/<int:year>/", views.forum_year, name="forum_year"),
    path("kommune/<slug:slug>/", views.municipality_calendar, name="municipality"),
    path("kommune/<slug:slug>/aar/<int:year>/", views.municipality_year, name="municipality_year"),
    path("moede/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moede/<int:pk>/flyt/", views.move, name="move"),
    path("moede/<int:pk>/aflys/", views.cancel, name="cancel"),
    path("moede/<int:pk>/afholdt/", views.held, name="held"),
    path("moede/<int:pk>/punkter/", views.add_item, name="add_item"),
    path("moede/<int:pk>/punkter/<int:item_pk>/fjern/", views.remove_item, name="remove_item"),
    path("moede/<int:pk>/punkter/<int:item_pk>/referat/", views.item_minutes, name="item_minutes"),
    path("moede/<int:pk>/punkter/<int:item_pk>/fremmoede/", views.attendance, name="attendance"),
    path("moede/<int:pk>/udsend-dagsorden/", views.publish, name="publish"),
    path("moede/<int:pk>/udsend-referat/", views.publish_minutes, name="publish_minutes"),
    path("moede/<int:pk>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("moede/<int:pk>/aftaler/", views.add_agreement, name="add_agreement"),
    path("aftaler/", views.my_agreements, name="agreements"),
    path("aftaler/<int:pk>/udfoert/", views.complete_agreement, name="complete_agreement"),
    path("kalenderabonnement/", views.feed_settings, name="feed_settings"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
]

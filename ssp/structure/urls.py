from __future__ import annotations

from django.urls import path

from ssp.structure import views

app_name = "structure"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("politikreds/<slug:slug>/", views.district, name="district"),
    path("politikreds/<slug:slug>/organisationsdiagram/", views.district_chart, name="district_chart"),
    path("kommune/<str:code>/", views.municipality, name="municipality"),
    path("kommune/<str:code>/organisationsdiagram/", views.municipality_chart, name="municipality_chart"),
    path(
        "kommune/<str:code>/organisationsdiagram/fora/",
        views.municipality_forums_chart,
        name="municipality_forums_chart",
    ),
    path("forum/<int:pk>/", views.forum, name="forum"),
    path("forum/<int:pk>/medlemmer/", views.forum_members, name="forum_members"),
    path("kommune/<str:code>/fora/nyt/", views.forum_edit, name="forum_create"),
    path("forum/<int:pk>/rediger/", views.forum_edit, name="forum_edit"),
    path("forum/<int:pk>/medlemmer/nyt/", views.membership_add, name="membership_add"),
    path("medlemskab/<int:pk>/afslut/", views.membership_end, name="membership_end"),
    path("kommune/<str:code>/organisationer/ny/", views.organisation_edit, name="organisation_create"),
    path("organisation/<int:pk>/rediger/", views.organisation_edit, name="organisation_edit"),
]

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
    path("forum/<int:pk>/", views.forum, name="forum"),
]

from django.urls import path

from ssp.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("health/", views.health, name="health"),
]

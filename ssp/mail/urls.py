from __future__ import annotations

from django.urls import path

from ssp.mail import views

app_name = "mail"

urlpatterns = [
    path("", views.outbox, name="outbox"),
]

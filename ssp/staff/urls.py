from __future__ import annotations

from django.urls import path

from ssp.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("ny/", views.staff_create, name="create"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/deaktiver/", views.deactivate, name="deactivate"),
    path("<int:pk>/genaktiver/", views.reactivate, name="reactivate"),
    path("<int:pk>/nulstil-totrinsbekraeftelse/", views.reset_second_factor, name="reset_second_factor"),
    path("<int:pk>/stillinger/", views.add_position, name="add_position"),
    path("<int:pk>/stillinger/<int:position_pk>/afslut/", views.end_position, name="end_position"),
]

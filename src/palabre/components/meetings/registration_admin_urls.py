"""Backoffice addresses of meeting registrations, added to the component's `admin_urls.py`."""

from django.urls import path

from palabre.components.meetings import registration_admin_views as views

urlpatterns = [
    path("<int:pk>/registrations/", views.registrations, name="registrations"),
    path("<int:pk>/registrations/seats/", views.capacity, name="registrations_capacity"),
    path("<int:pk>/registrations/door/", views.door, name="registrations_door"),
    path("<int:pk>/registrations/invite/", views.invite, name="registrations_invite"),
    path("<int:pk>/registrations/form/", views.registration_form, name="registrations_form"),
    path(
        "<int:pk>/registrations/export.csv",
        views.export_csv,
        name="registrations_export_csv",
    ),
    path(
        "<int:pk>/registrations/export.xlsx",
        views.export_xlsx,
        name="registrations_export_xlsx",
    ),
    path(
        "<int:pk>/registrations/<int:registration_pk>/seat/",
        views.seat_give,
        name="registration_seat_give",
    ),
    path(
        "<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.cancel,
        name="registration_cancel_by_staff",
    ),
]

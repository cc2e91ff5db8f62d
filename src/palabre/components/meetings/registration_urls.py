"""Public addresses of meeting registrations, added to the component's `urls.py`."""

from django.urls import path

from palabre.components.meetings import registration_views

urlpatterns = [
    path("<int:pk>/register/", registration_views.registration_new, name="registration_new"),
    path("<int:pk>/registration/", registration_views.registration_mine, name="registration_mine"),
    path(
        "<int:pk>/registration/cancel/",
        registration_views.registration_cancel,
        name="registration_cancel",
    ),
    path("registrations/", registration_views.registrations_mine, name="registrations_mine"),
    path(
        "registrations/confirm/<str:token>/",
        registration_views.guest_confirm,
        name="registration_guest_confirm",
    ),
    path(
        "registrations/cancel/<str:token>/",
        registration_views.guest_cancel,
        name="registration_guest_cancel",
    ),
]

"""The directory of the organization's meetings, across its spaces (mounted at /meetings/)."""

from django.urls import path

from palabre.components.meetings import registration_views, views

app_name = "meetings_directory"
urlpatterns = [
    path("", views.directory, name="index"),
    path("calendar.ics", views.directory_calendar, name="calendar"),
    # One's own registrations, in every space.
    path("registrations/", registration_views.registrations_everywhere, name="registrations"),
]

"""Public page of the minutes: the organizer closes their meeting (added to `urls.py`)."""

from django.urls import path

from palabre.components.meetings import minutes_views

urlpatterns = [
    path("<int:pk>/minutes/", minutes_views.meeting_close, name="meeting_close"),
]

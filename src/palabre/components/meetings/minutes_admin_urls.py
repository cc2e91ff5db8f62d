"""Backoffice page of the minutes: staff close a meeting (added to `admin_urls.py`)."""

from django.urls import path

from palabre.components.meetings import minutes_admin_views

urlpatterns = [
    path("<int:pk>/close/", minutes_admin_views.meeting_close, name="meeting_close"),
]

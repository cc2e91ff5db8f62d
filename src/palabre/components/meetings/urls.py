"""Public pages of one meetings component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.meetings import minutes_urls, registration_urls, views

urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.map_page, name="map"),
    path("map.json", views.map_json, name="map_json"),
    path("calendar.ics", views.component_calendar, name="calendar"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/meeting.ics", views.meeting_calendar, name="meeting_calendar"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/agenda/", views.agenda_edit, name="agenda_edit"),
    path("<int:pk>/withdraw/", views.meeting_withdraw, name="withdraw"),
]
# Registrations: registering, one's own registration, guests' links.
urlpatterns += registration_urls.urlpatterns
# Minutes: the organizer closes their meeting.
urlpatterns += minutes_urls.urlpatterns

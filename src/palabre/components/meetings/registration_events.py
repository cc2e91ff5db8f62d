"""Notification events of meetings: registrations and minutes (imported by the component's
manifest, so that every process knows them from the start, whatever it imported since)."""

from django.utils.translation import gettext_lazy as _

from palabre.notifications.events import register_event, register_event_group

THRESHOLD_EVENT = "meetings.registrations_threshold"

# The group of every meetings event on the notification settings page.
register_event_group("meetings", _("Meetings"))

register_event(
    THRESHOLD_EVENT,
    _("Registrations reach a share of a meeting's seats"),
    _("Registrations reached a new share of the seats of “%(title)s”"),
)

MINUTES_EVENT = "meetings.minutes_published"
register_event(
    MINUTES_EVENT,
    _("The minutes of a meeting are published"),
    _("The minutes of “%(title)s” are published"),
)

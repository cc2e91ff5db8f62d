"""Notification events of meeting registrations (imported by the component's manifest, so
that every process knows them from the start)."""

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

"""Notification events of meeting registrations (imported by the component's manifest, so
that every process knows them from the start)."""

from django.utils.translation import gettext_lazy as _

from palabre.notifications.events import register_event

THRESHOLD_EVENT = "meetings.registrations_threshold"

register_event(
    THRESHOLD_EVENT,
    _("Registrations reach a share of a meeting's seats"),
    _("Registrations reached a new share of the seats of “%(title)s”"),
)

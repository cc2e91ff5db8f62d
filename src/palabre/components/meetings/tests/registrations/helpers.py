"""Helpers of the registration tests."""

from palabre.components.meetings.models import Meeting
from palabre.components.meetings.tests.factories import MeetingFactory


def open_meeting(component, **fields) -> Meeting:
    """A published meeting a week from now taking registrations on the platform."""
    fields.setdefault("registration_type", Meeting.RegistrationType.ON_PLATFORM)
    fields.setdefault("registrations_enabled", True)
    fields.setdefault("title", {"fr": "Atelier du parc", "en": "Park workshop"})
    return MeetingFactory(component=component, **fields)
